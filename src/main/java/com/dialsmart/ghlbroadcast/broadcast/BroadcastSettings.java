package com.dialsmart.ghlbroadcast.broadcast;

import java.time.LocalTime;

/** The operator-editable settings of a broadcast, already validated. */
record BroadcastSettings(String name, String message, int maxAttempts, int retryDelayMinutes,
		LocalTime callingWindowStart, LocalTime callingWindowEnd, boolean autoComplete, int maxConcurrentCalls,
		int callsPerMinute, int callbackDelayMinutes, String dtmfActionsJson) {
}
