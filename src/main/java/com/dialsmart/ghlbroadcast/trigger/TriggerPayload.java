package com.dialsmart.ghlbroadcast.trigger;

import java.util.UUID;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;

/**
 * The fields the trigger reads from a GHL workflow's JSON body. Only these are read; anything else in the body
 * (user_id, status, attempts, …) is ignored, so a body cannot change what it may not.
 */
record TriggerPayload(JsonNode body) {

	private static final Pattern CANONICAL_UUID = Pattern
		.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

	private static final Pattern GHL_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

	static final int MAX_NAME_LENGTH = 200;

	static final int MAX_EMAIL_LENGTH = 254;

	/** Never the body: it holds the webhook key. */
	@Override
	public String toString() {
		return "TriggerPayload[action=" + WebhookActivityLog.clean(action(), 40) + "]";
	}

	String text(String field) {
		JsonNode node = this.body.get(field);
		if (node == null || node.isNull() || node.isContainer()) {
			return null;
		}
		return node.asString();
	}

	String action() {
		String action = text("action");
		return action == null || action.isBlank() ? null : action.strip();
	}

	String webhookKey() {
		String key = text("webhook_key");
		return key == null ? null : key.strip();
	}

	UUID broadcastId() {
		String raw = text("broadcast_id");
		if (raw == null || raw.isBlank()) {
			throw TriggerError.badRequest("invalid_broadcast_id",
					"broadcast_id is required: copy the broadcast's id (a UUID) from the broadcast settings");
		}
		if (!CANONICAL_UUID.matcher(raw.strip()).matches()) {
			throw TriggerError.badRequest("invalid_broadcast_id", "broadcast_id '" + WebhookActivityLog.clean(raw, 60)
					+ "' is not a UUID; copy the broadcast's id from the broadcast settings");
		}
		return UUID.fromString(raw.strip());
	}

	String rawPhone() {
		return text("phone");
	}

	/** Display only: control characters are dropped and the length capped, so any GHL name is accepted. */
	String name() {
		String name = text("name");
		if (name == null) {
			return null;
		}
		String clean = name.strip()
			.codePoints()
			.filter(c -> !Character.isISOControl(c))
			.limit(MAX_NAME_LENGTH)
			.collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
			.toString()
			.strip();
		return clean.isEmpty() ? null : clean;
	}

	/** Stored, never trusted: kept only when it looks like an address. */
	String email() {
		String email = text("email");
		if (email == null) {
			return null;
		}
		String clean = email.strip();
		boolean plausible = clean.length() <= MAX_EMAIL_LENGTH && clean.indexOf('@') > 0
				&& clean.indexOf('@') < clean.length() - 1 && clean.chars().noneMatch(c -> c <= ' ' || c == 0x7f);
		return plausible ? clean : null;
	}

	/** Later used in GHL URLs, so only an id of GHL's shape is accepted; empty (no contact) is fine. */
	String ghlContactId() {
		String id = text("ghl_contact_id");
		if (id == null || id.isBlank()) {
			return null;
		}
		if (!GHL_ID.matcher(id.strip()).matches()) {
			throw TriggerError.badRequest("invalid_ghl_contact_id", "ghl_contact_id must be the GHL contact id "
					+ "({{contact.id}}): 1 to 64 letters, digits, '-' or '_'");
		}
		return id.strip();
	}

}
