package com.dialsmart.ghlbroadcast.calls;

/**
 * A call report found no free turn within {@code app.engine.report-wait}: the database is slow and the reports
 * before it still hold every turn. Nothing was recorded; the sender should report again after
 * {@link #retryAfterSeconds()}. Waiting longer would only pile request threads up behind the slow database, where
 * they would starve the trigger and the operator API of threads.
 */
class ReportsBusyException extends RuntimeException {

	private final long retryAfterSeconds;

	ReportsBusyException(String message, long retryAfterSeconds) {
		super(message, null, false, false);
		this.retryAfterSeconds = retryAfterSeconds;
	}

	long retryAfterSeconds() {
		return this.retryAfterSeconds;
	}

}
