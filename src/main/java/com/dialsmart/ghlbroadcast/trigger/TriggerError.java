package com.dialsmart.ghlbroadcast.trigger;

import com.dialsmart.ghlbroadcast.shared.WebhookError;
import org.springframework.http.HttpStatus;

/**
 * Ends a trigger request with an error: the controller answers it as a {@link WebhookError} with this status and code.
 */
class TriggerError extends RuntimeException {

	private final HttpStatus status;

	private final String code;

	private Long retryAfterSeconds;

	private boolean recorded;

	TriggerError(HttpStatus status, String code, String message) {
		super(message, null, false, false);
		this.status = status;
		this.code = code;
	}

	static TriggerError badRequest(String code, String message) {
		return new TriggerError(HttpStatus.BAD_REQUEST, code, message);
	}

	static TriggerError rateLimited(String message, long retryAfterSeconds) {
		TriggerError error = new TriggerError(HttpStatus.TOO_MANY_REQUESTS, "rate_limited", message);
		error.retryAfterSeconds = retryAfterSeconds;
		return error;
	}

	/** Marks an error whose activity entry was already written with the request's transaction. */
	TriggerError alreadyRecorded() {
		this.recorded = true;
		return this;
	}

	HttpStatus status() {
		return this.status;
	}

	String code() {
		return this.code;
	}

	Long retryAfterSeconds() {
		return this.retryAfterSeconds;
	}

	boolean recorded() {
		return this.recorded;
	}

}
