package com.dialsmart.ghlbroadcast.calls;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Runs the dispatcher every {@code app.engine.poll-interval} and the lease rescuer every
 * {@code app.engine.rescue-interval} ({@code app.engine.enabled}, on by default; and only when scheduling is on).
 */
@Component
@ConditionalOnBooleanProperty(name = "app.engine.enabled", matchIfMissing = true)
class CallDispatchJob implements SchedulingConfigurer {

	private static final Logger log = LoggerFactory.getLogger(CallDispatchJob.class);

	/** Passes in a row while there is work, before the job yields to the next tick. */
	private static final int MAX_PASSES_PER_TICK = 100;

	private final CallDispatcher dispatcher;

	private final EngineProperties properties;

	CallDispatchJob(CallDispatcher dispatcher, EngineProperties properties) {
		this.dispatcher = dispatcher;
		this.properties = properties;
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar tasks) {
		tasks.addFixedDelayTask(this::dispatch, this.properties.pollInterval());
		tasks.addFixedDelayTask(this::rescue, this.properties.rescueInterval());
	}

	void dispatch() {
		try {
			for (int pass = 0; pass < MAX_PASSES_PER_TICK && this.dispatcher.dispatchOnce() > 0; pass++) {
				// keep claiming while calls are being placed
			}
		}
		catch (RuntimeException ex) {
			log.warn("Dispatcher pass failed: {}", ex.getMessage());
		}
	}

	void rescue() {
		try {
			this.dispatcher.rescueExpired();
		}
		catch (RuntimeException ex) {
			log.warn("Lease rescue failed: {}", ex.getMessage());
		}
	}

}
