package com.dialsmart.ghlbroadcast.calls;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Runs the dispatcher and the lease rescuer on a schedule ({@code app.engine.enabled}, on by default). */
@Component
@ConditionalOnBooleanProperty(name = "app.engine.enabled", matchIfMissing = true)
class CallDispatchJob {

	private static final Logger log = LoggerFactory.getLogger(CallDispatchJob.class);

	/** Passes in a row while there is work, before the job yields to the next tick. */
	private static final int MAX_PASSES_PER_TICK = 100;

	private final CallDispatcher dispatcher;

	CallDispatchJob(CallDispatcher dispatcher) {
		this.dispatcher = dispatcher;
	}

	@Scheduled(fixedDelayString = "${app.engine.poll-interval:PT1S}")
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

	@Scheduled(fixedDelayString = "${app.engine.rescue-interval:PT30S}")
	void rescue() {
		try {
			this.dispatcher.rescueExpired();
		}
		catch (RuntimeException ex) {
			log.warn("Lease rescue failed: {}", ex.getMessage());
		}
	}

}
