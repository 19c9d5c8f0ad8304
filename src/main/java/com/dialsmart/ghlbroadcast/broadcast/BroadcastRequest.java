package com.dialsmart.ghlbroadcast.broadcast;

import java.util.Map;

/**
 * Create (all fields but {@code name} optional) or change a broadcast; {@code null} keeps the current or default value.
 * Calling-window times are {@code HH:mm} in the contact's local time.
 */
public record BroadcastRequest(String name, String message, Integer maxAttempts, Integer retryDelayMinutes,
		String callingWindowStart, String callingWindowEnd, Boolean autoComplete, Integer maxConcurrentCalls,
		Integer callsPerMinute, Integer callbackDelayMinutes, Map<String, String> dtmfActions) {
}
