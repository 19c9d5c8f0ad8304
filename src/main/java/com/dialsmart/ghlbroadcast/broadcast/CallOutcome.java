package com.dialsmart.ghlbroadcast.broadcast;

import java.util.Locale;

/** How a call ended (docs/api.md, Outcome rules), as the item's {@code last_outcome} and the attempt's {@code outcome}. */
public enum CallOutcome {

	ANSWERED, VOICEMAIL, NO_ANSWER, BUSY, FAILED;

	/** The value in the database and in JSON. */
	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** The contact heard the message: a person or a voicemail answered. */
	public boolean reached() {
		return this == ANSWERED || this == VOICEMAIL;
	}

	/** Another attempt may reach the contact: nobody answered, or the line was busy. */
	public boolean retryable() {
		return this == NO_ANSWER || this == BUSY;
	}

	/**
	 * Reads a database value.
	 * @throws IllegalArgumentException for a value that is no outcome
	 */
	public static CallOutcome parse(String value) {
		return valueOf(value.toUpperCase(Locale.ROOT));
	}

	/** Like {@link #parse}, with {@code null} for {@code null} (an item not dialled yet has no outcome). */
	public static CallOutcome parseNullable(String value) {
		return value == null ? null : parse(value);
	}

}
