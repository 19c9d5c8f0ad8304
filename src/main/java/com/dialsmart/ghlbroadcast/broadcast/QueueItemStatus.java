package com.dialsmart.ghlbroadcast.broadcast;

import java.util.Locale;

/**
 * Where a queue item is in its life cycle ({@code broadcast_queue.status}). Which status may follow which is decided
 * in one place, {@link QueueItemLifecycle}; only the {@code broadcast} module writes the column.
 */
public enum QueueItemStatus {

	/** Waiting for its first dial. */
	PENDING,
	/** Claimed by a dialler: a call is being placed or under way. */
	CALLING,
	/** Waiting for another attempt, due at {@code next_attempt_at}. */
	RETRY,
	/** Answered by a person or a voicemail. */
	COMPLETED,
	/** Ended without an answer after its last attempt, or the call failed. */
	FAILED,
	/** Never dialled (again): the phone is on the account's Do-Not-Call list. */
	DNC,
	/** Never dialled (again): its broadcast was cancelled. */
	CANCELLED;

	/** The value in the database and in JSON. */
	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** Final statuses never change again, but for the operator's retry of a {@code failed} item. */
	public boolean isFinal() {
		return this == COMPLETED || this == FAILED || this == DNC || this == CANCELLED;
	}

	/** Whether the life cycle lets an item in this status move to {@code next}. */
	public boolean canTransitionTo(QueueItemStatus next) {
		return QueueItemLifecycle.ITEM_TRANSITIONS.get(this).contains(next);
	}

	/**
	 * Reads a database value.
	 * @throws IllegalArgumentException for a value that is no status
	 */
	public static QueueItemStatus parse(String value) {
		return valueOf(value.toUpperCase(Locale.ROOT));
	}

}
