package com.dialsmart.ghlbroadcast.broadcast;

import java.util.Locale;

/**
 * Where the item's final outcome is on its way to GHL ({@code broadcast_queue.ghl_callback_status}). Which status may
 * follow which is decided in {@link QueueItemLifecycle}; only the {@code broadcast} module writes the column, GHL sync
 * reports through {@link QueueItemCallbacks}.
 */
public enum CallbackStatus {

	/** No final outcome yet (or the operator put the item back in the queue). */
	PENDING,
	/** The final outcome is in the GHL outbox. */
	QUEUED,
	/** GHL has it. */
	SENT,
	/** Not for GHL: the account's sync is off, or the contact has no GHL id. */
	SKIPPED,
	/** GHL sync gave up on it; an operator may retry. */
	FAILED;

	/** The value in the database and in JSON. */
	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** Whether the life cycle lets an item's callback in this status move to {@code next}. */
	public boolean canTransitionTo(CallbackStatus next) {
		return QueueItemLifecycle.CALLBACK_TRANSITIONS.get(this).contains(next);
	}

	/**
	 * Reads a database value.
	 * @throws IllegalArgumentException for a value that is no callback status
	 */
	public static CallbackStatus parse(String value) {
		return valueOf(value.toUpperCase(Locale.ROOT));
	}

}
