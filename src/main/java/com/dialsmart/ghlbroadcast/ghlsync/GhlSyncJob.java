package com.dialsmart.ghlbroadcast.ghlsync;

import com.dialsmart.ghlbroadcast.broadcast.BroadcastCompleted;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * When the sync runs by itself: a sweep of all accounts every {@code app.ghl.sync.interval} (on every instance; the
 * claims keep them from sending anything twice), and at once for a broadcast that completed. Both only start the
 * work in the background: neither the scheduler thread nor the operator's request waits for GHL.
 */
@Component
class GhlSyncJob {

	private final GhlSyncService sync;

	GhlSyncJob(GhlSyncService sync) {
		this.sync = sync;
	}

	@Scheduled(fixedDelayString = "${app.ghl.sync.interval:30s}", initialDelayString = "${app.ghl.sync.initial-delay:5s}")
	void sweep() {
		this.sync.startInBackground(null, null);
	}

	@TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
	void onBroadcastCompleted(BroadcastCompleted event) {
		this.sync.startInBackground(event.accountId(), event.broadcastId());
	}

}
