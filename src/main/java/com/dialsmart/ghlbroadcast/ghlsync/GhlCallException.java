package com.dialsmart.ghlbroadcast.ghlsync;

import java.time.Duration;

/** A GHL call that did not succeed, classified by what the sync should do about it. */
class GhlCallException extends RuntimeException {

	enum Kind {

		/** 429: pause the location until the window resets; not a failed try. */
		RATE_LIMITED,
		/** I/O error, timeout, 408 or 5xx: try again later. */
		RETRYABLE,
		/** 401: the token is invalid or expired. */
		AUTH,
		/** 403: the token has no access to this location or lacks a scope; new credentials are needed. */
		FORBIDDEN,
		/** Any other 4xx (400, 404, 422, ...): GHL will refuse this request every time. */
		PERMANENT

	}

	private final Kind kind;

	private final int status;

	private final String operation;

	private final String ghlMessage;

	private final Duration retryAfter;

	private final boolean maybeApplied;

	private final transient GhlClient.RateInfo rate;

	GhlCallException(Kind kind, int status, String operation, String ghlMessage, Duration retryAfter,
			boolean maybeApplied, GhlClient.RateInfo rate, Throwable cause) {
		super(describe(status, operation, ghlMessage), cause);
		this.kind = kind;
		this.status = status;
		this.operation = operation;
		this.ghlMessage = ghlMessage;
		this.retryAfter = retryAfter;
		this.maybeApplied = maybeApplied;
		this.rate = rate;
	}

	private static String describe(int status, String operation, String message) {
		String what = status == 0 ? "failed" : "answered " + status;
		return "GHL " + what + " on " + operation + (message == null || message.isBlank() ? "" : ": " + message);
	}

	Kind kind() {
		return this.kind;
	}

	/** The HTTP status, or 0 when there was no answer (I/O error, timeout). */
	int status() {
		return this.status;
	}

	String operation() {
		return this.operation;
	}

	String ghlMessage() {
		return this.ghlMessage;
	}

	/** GHL's {@code Retry-After}, when it sent one. */
	Duration retryAfter() {
		return this.retryAfter;
	}

	/** {@code true} when the request may have reached GHL and been applied although no success was seen. */
	boolean maybeApplied() {
		return this.maybeApplied;
	}

	GhlClient.RateInfo rate() {
		return this.rate;
	}

	/** True for an I/O failure before the request was sent (nothing can have been applied). */
	boolean notSent() {
		return this.kind == Kind.RETRYABLE && this.status == 0 && !this.maybeApplied;
	}

}
