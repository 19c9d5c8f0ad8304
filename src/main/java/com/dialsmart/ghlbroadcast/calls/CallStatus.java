package com.dialsmart.ghlbroadcast.calls;

import java.util.Locale;
import java.util.Optional;

import com.dialsmart.ghlbroadcast.broadcast.CallOutcome;

/**
 * A call's status as providers report it (Twilio's {@code CallStatus}, with {@code -} written {@code _}). Ranked, so
 * that a report arriving late (a {@code ringing} after {@code completed}) never moves a call backwards.
 */
enum CallStatus {

	QUEUED(0), INITIATED(1), RINGING(2), IN_PROGRESS(3), COMPLETED(4), BUSY(4), NO_ANSWER(4), FAILED(4), CANCELED(4);

	private final int rank;

	CallStatus(int rank) {
		this.rank = rank;
	}

	boolean isFinal() {
		return this.rank == 4;
	}

	boolean isAfter(CallStatus other) {
		return this.rank > other.rank;
	}

	String value() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** Reads {@code no_answer}, {@code no-answer}, {@code in-progress}, {@code cancelled}... case-insensitively. */
	static Optional<CallStatus> parse(String raw) {
		if (raw == null) {
			return Optional.empty();
		}
		String value = raw.strip().toUpperCase(Locale.ROOT).replace('-', '_');
		if (value.equals("CANCELLED")) {
			value = "CANCELED";
		}
		try {
			return Optional.of(valueOf(value));
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

	/**
	 * The outcome of a call that ended with this status (docs/api.md, Outcome rules): completed is {@code answered}, or
	 * {@code voicemail} when answering-machine detection said a machine answered.
	 */
	CallOutcome outcome(String answeredBy) {
		return switch (this) {
			case COMPLETED -> {
				if (answeredBy != null && answeredBy.startsWith("machine")) {
					yield CallOutcome.VOICEMAIL;
				}
				yield "fax".equals(answeredBy) ? CallOutcome.FAILED : CallOutcome.ANSWERED;
			}
			case BUSY -> CallOutcome.BUSY;
			case NO_ANSWER, CANCELED -> CallOutcome.NO_ANSWER;
			case FAILED -> CallOutcome.FAILED;
			default -> throw new IllegalStateException(this + " is not a final status");
		};
	}

}
