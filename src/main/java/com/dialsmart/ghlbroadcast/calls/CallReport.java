package com.dialsmart.ghlbroadcast.calls;

import java.time.Instant;
import java.util.UUID;

/**
 * One report about one call, from the JSON webhook, Twilio's status callback or the simulated dialer: all report
 * through {@link CallOutcomeService#report}.
 * @param provider who placed the call ({@code twilio}, {@code simulated}, or what an external engine says)
 * @param callId the provider's call id, unique per call
 * @param answeredBy {@code human}, {@code machine…} ({@code machine_start}, {@code machine_end_beep}...),
 * {@code fax}, {@code unknown} or {@code null} (no detection)
 * @param dtmf the key pressed, if any
 * @param callbackRequested the engine says the contact asked to be called back ({@code null}: not said)
 * @param timestamp when the provider says the event happened ({@code null}: now)
 * @param rawEvent the event as received, as JSON, kept on the attempt
 */
record CallReport(UUID queueItemId, String provider, String callId, CallStatus status, String answeredBy,
		Integer durationSeconds, String dtmf, Boolean callbackRequested, Instant callbackTime, Instant timestamp,
		String rawEvent) {
}
