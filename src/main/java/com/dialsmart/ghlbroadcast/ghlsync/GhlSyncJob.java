package com.dialsmart.ghlbroadcast.ghlsync;

import com.dialsmart.ghlbroadcast.broadcast.BroadcastCompleted;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * When the sync runs by itself: a sweep of all accounts every {@code app.ghl.sync.interval} (on every instance; the
 * claims keep them from sending anything twice), and at once for a broadcast that completed. Both only start the
 * work in the background: neither the scheduler thread nor the operator's request waits for GHL.
 */
@Component
class GhlSyncJob implements SchedulingConfigurer {

	private final GhlSyncService sync;

	private final GhlSyncProperties properties;

	GhlSyncJob(GhlSyncService sync, GhlSyncProperties properties) {
		this.sync = sync;
		this.properties = properties;
	}

	/** The sweep, when scheduling is on: first after {@code app.ghl.sync.initial-delay}. */
	@Override
	public void configureTasks(ScheduledTaskRegistrar tasks) {
		tasks.addFixedDelayTask(
				new FixedDelayTask(this::sweep, this.properties.sync().interval(), this.properties.sync().initialDelay()));
	}

	void sweep() {
		this.sync.startInBackground(null, null);
	}

	@TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
	void onBroadcastCompleted(BroadcastCompleted event) {
		this.sync.startInBackground(event.accountId(), event.broadcastId());
	}

}
