package com.dialsmart.ghlbroadcast.ghlsync;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.dialsmart.ghlbroadcast.broadcast.CallOutcome;

/**
 * What an outcome writes to a GHL contact: the seed's tag table, its six custom fields and the activity note.
 * <p>
 * The two DATE fields get {@code YYYY-MM-DD} (the one format every GHL date parser documents, ghl-api.md §10.2) in the
 * configured zone; the exact call and callback times are in the note. Fields without a value (no key pressed, no
 * callback) are written as an empty string, so a previous broadcast's value does not linger on the contact.
 */
final class SyncValues {

	/** The six fields of the seed, by field key, with the display name and data type "Setup" creates them with. */
	static final Map<String, FieldSpec> FIELDS;

	static {
		Map<String, FieldSpec> fields = new LinkedHashMap<>();
		fields.put("last_broadcast_date", new FieldSpec("Last Broadcast Date", "DATE"));
		fields.put("broadcast_outcome", new FieldSpec("Broadcast Outcome", "TEXT"));
		fields.put("broadcast_name", new FieldSpec("Broadcast Name", "TEXT"));
		fields.put("broadcast_dtmf_pressed", new FieldSpec("Broadcast DTMF Pressed", "TEXT"));
		fields.put("broadcast_callback_requested", new FieldSpec("Broadcast Callback Requested", "TEXT"));
		fields.put("broadcast_callback_time", new FieldSpec("Broadcast Callback Time", "DATE"));
		FIELDS = java.util.Collections.unmodifiableMap(fields);
	}

	record FieldSpec(String name, String dataType) {
	}

	private static final DateTimeFormatter DATE = DateTimeFormatter.ISO_LOCAL_DATE;

	static final int MAX_NOTE_LENGTH = 2000;

	/** The line that identifies the note of an update, so a retry can tell whether it already exists. */
	static final String REFERENCE_PREFIX = "Sync reference: ";

	private SyncValues() {
	}

	/** @throws IllegalArgumentException for an unknown outcome */
	static List<String> tags(String outcome) {
		return List.of(switch (CallOutcome.parse(outcome)) {
			case ANSWERED -> "broadcast_answered";
			case VOICEMAIL -> "broadcast_voicemail_left";
			case NO_ANSWER -> "broadcast_no_answer";
			case BUSY -> "broadcast_busy";
			case FAILED -> "broadcast_failed";
		});
	}

	private static String outcomeText(String outcome) {
		return switch (CallOutcome.parse(outcome)) {
			case ANSWERED -> "Answered by a person";
			case VOICEMAIL -> "Voicemail left";
			case NO_ANSWER -> "No answer (all attempts used)";
			case BUSY -> "Busy (all attempts used)";
			case FAILED -> "Call failed";
		};
	}

	/** The six values by field key, in the seed's order. */
	static Map<String, String> fieldValues(PendingUpdateStore.Claimed update, ZoneId zone) {
		Map<String, String> values = new LinkedHashMap<>();
		values.put("last_broadcast_date", DATE.format(update.callTimestamp().atZone(zone)));
		values.put("broadcast_outcome", update.outcome());
		values.put("broadcast_name", update.broadcastName());
		values.put("broadcast_dtmf_pressed", update.dtmfPressed() == null ? "" : update.dtmfPressed());
		values.put("broadcast_callback_requested", Boolean.toString(update.callbackRequested()));
		values.put("broadcast_callback_time",
				update.callbackRequested() && update.callbackTime() != null
						? DATE.format(update.callbackTime().atZone(zone)) : "");
		return values;
	}

	static String note(PendingUpdateStore.Claimed update) {
		StringBuilder note = new StringBuilder();
		note.append("Voice broadcast: ").append(update.broadcastName()).append('\n');
		note.append("Outcome: ").append(outcomeText(update.outcome()))
			.append(" (").append(update.outcome()).append(")\n");
		note.append("DTMF pressed: ").append(update.dtmfPressed() == null ? "none" : update.dtmfPressed()).append('\n');
		note.append("Callback requested: ");
		if (update.callbackRequested()) {
			note.append("yes").append(update.callbackTime() == null ? "" : ", at " + instant(update.callbackTime()));
		}
		else {
			note.append("no");
		}
		note.append('\n');
		note.append("Call duration: ")
			.append(update.durationSeconds() == null ? "unknown" : update.durationSeconds() + " s")
			.append('\n');
		note.append("Call time: ").append(instant(update.callTimestamp())).append('\n');
		String reference = REFERENCE_PREFIX + update.id();
		int room = MAX_NOTE_LENGTH - reference.length();
		String text = note.length() > room ? note.substring(0, room - 2) + "…\n" : note.toString();
		return text + reference;
	}

	static String reference(PendingUpdateStore.Claimed update) {
		return REFERENCE_PREFIX + update.id();
	}

	private static String instant(Instant instant) {
		return instant.truncatedTo(ChronoUnit.SECONDS).toString();
	}

}
