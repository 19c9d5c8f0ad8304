package com.dialsmart.ghlbroadcast.broadcast;

import java.util.Map;

import com.dialsmart.ghlbroadcast.shared.TimeOfDay;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.validation.groups.Default;
import org.hibernate.validator.constraints.Range;

/**
 * Create (all fields but {@code name} optional) or change a broadcast; {@code null} keeps the current or default value.
 * Calling-window times are {@code HH:mm} in the contact's local time. The constraints check each field as sent; that a
 * change keeps the window's start before its end is checked against the stored broadcast.
 */
@CallingWindowOrder
public record BroadcastRequest(
		@NotNull(groups = OnCreate.class, message = "is required")
		@Size(max = 200, message = "must be 1 to 200 characters")
		@Pattern(regexp = "(?s).*\\S.*", message = "must be 1 to 200 characters")
		@Pattern(regexp = "\\s*\\P{Cntrl}*\\s*", message = "must not contain control characters") String name,
		@Size(max = 5000, message = "must be at most 5000 characters")
		@Pattern(regexp = "(?s)[^\\x00]*", message = "must not contain NUL characters") String message,
		@Range(min = 1, max = 10) Integer maxAttempts,
		@Range(min = 1, max = 10080) Integer retryDelayMinutes,
		@TimeOfDay String callingWindowStart,
		@TimeOfDay String callingWindowEnd,
		Boolean autoComplete,
		@Range(min = 1, max = 500) Integer maxConcurrentCalls,
		@Range(min = 1, max = 6000) Integer callsPerMinute,
		@Range(min = 0, max = 43200) Integer callbackDelayMinutes,
		Map<@Pattern(regexp = "[0-9*#]", message = "'${validatedValue}' is not a key; use 0-9, * or #") String,
				@NotNull(message = DTMF_ACTION) @Pattern(regexp = "callback_requested|opt_out|none",
						message = DTMF_ACTION) String> dtmfActions) {

	private static final String DTMF_ACTION = "must be one of callback_requested, opt_out, none";

	/** The checks of a new broadcast: the default ones, and a name. */
	public interface OnCreate extends Default {
	}

}
