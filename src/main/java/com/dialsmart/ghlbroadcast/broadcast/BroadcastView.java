package com.dialsmart.ghlbroadcast.broadcast;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** A broadcast as the operator API shows it, with its queue counts. */
public record BroadcastView(UUID id, String name, String status, String message, int maxAttempts,
		int retryDelayMinutes, String callingWindowStart, String callingWindowEnd, boolean autoComplete,
		int maxConcurrentCalls, int callsPerMinute, int callbackDelayMinutes, Map<String, String> dtmfActions,
		QueueCounts queue, OutcomeCounts outcomes, Instant createdAt, Instant updatedAt, Instant completedAt) {

	/** Items per queue status; {@code total} is every item ever queued. */
	public record QueueCounts(long total, long pending, long calling, long retry, long completed, long failed,
			long dnc, long cancelled) {

		static final QueueCounts EMPTY = new QueueCounts(0, 0, 0, 0, 0, 0, 0, 0);

		/** Items still to be dialled or being dialled. */
		public long waiting() {
			return this.pending + this.calling + this.retry;
		}

	}

	/** Items per final call outcome: each item counts once, under the outcome that ended it. */
	public record OutcomeCounts(long answered, long voicemail, long noAnswer, long busy, long failed) {

		static final OutcomeCounts EMPTY = new OutcomeCounts(0, 0, 0, 0, 0);

	}

}
