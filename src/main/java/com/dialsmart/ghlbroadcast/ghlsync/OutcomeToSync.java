package com.dialsmart.ghlbroadcast.ghlsync;

import java.time.Instant;
import java.util.UUID;

/**
 * A final call outcome to write to a GHL contact; everything the sync needs, so it never reads call data.
 *
 * @param outcome {@code answered}, {@code voicemail}, {@code no_answer}, {@code busy} or {@code failed}
 */
public record OutcomeToSync(UUID queueItemId, UUID accountId, UUID broadcastId, String broadcastName,
		String ghlContactId, String outcome, Integer durationSeconds, Instant callTimestamp, String dtmfPressed,
		boolean callbackRequested, Instant callbackTime) {
}
