package com.dialsmart.ghlbroadcast.calls;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import com.dialsmart.ghlbroadcast.shared.ConflictException;
import com.dialsmart.ghlbroadcast.shared.NotFoundException;
import com.dialsmart.ghlbroadcast.shared.WebhookError;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /functions/v1/call-tracking-webhook} (voice-engine or service-role bearer): where a voice engine reports
 * each call (docs/api.md, Call tracking). Answers {@code {"success":true,...}} with what the report did, or
 * {@code {"success":false,"error","message"}}.
 */
@RestController
class CallTrackingWebhookController {

	private static final Set<String> ANSWERED_BY = Set.of("human", "machine", "unknown", "fax", "machine_start",
			"machine_end_beep", "machine_end_silence", "machine_end_other");

	private static final int MAX_CALL_ID_LENGTH = 128;

	private final CallOutcomeService outcomes;

	private final JsonMapper json;

	CallTrackingWebhookController(CallOutcomeService outcomes, JsonMapper json) {
		this.outcomes = outcomes;
		this.json = json;
	}

	record ReportBody(boolean success, String status, UUID queueItemId, String callId, String outcome,
			String itemStatus, int attempts, Instant nextAttemptAt) {
	}

	@PostMapping(path = "/functions/v1/call-tracking-webhook", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Object> report(@RequestBody byte[] body) {
		JsonNode root;
		try {
			root = this.json.readTree(body);
		}
		catch (JacksonException ex) {
			return error(HttpStatus.BAD_REQUEST, "invalid_json", "The body is not valid JSON");
		}
		if (root == null || !root.isObject()) {
			return error(HttpStatus.BAD_REQUEST, "invalid_json", "The body must be a JSON object");
		}
		CallReport report;
		try {
			report = parse(root);
		}
		catch (IllegalArgumentException ex) {
			return error(HttpStatus.BAD_REQUEST, "invalid_request", ex.getMessage());
		}
		CallOutcomeService.ReportResult result;
		try {
			result = this.outcomes.report(report);
		}
		catch (NotFoundException ex) {
			return error(HttpStatus.NOT_FOUND, "queue_item_not_found", ex.getMessage());
		}
		catch (ConflictException ex) {
			return error(HttpStatus.CONFLICT, "call_id_conflict", ex.getMessage());
		}
		catch (ReportsBusyException ex) {
			HttpHeaders headers = new HttpHeaders();
			headers.set(HttpHeaders.RETRY_AFTER, Long.toString(ex.retryAfterSeconds()));
			return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).headers(headers)
				.contentType(MediaType.APPLICATION_JSON).body(WebhookError.of("service_unavailable", ex.getMessage()));
		}
		return ResponseEntity.ok(new ReportBody(true, result.effect().name().toLowerCase(Locale.ROOT),
				result.queueItemId(), result.callId(), result.outcome(), result.itemStatus(), result.attempts(),
				result.nextAttemptAt()));
	}

	private CallReport parse(JsonNode root) {
		UUID queueItemId = uuid(text(root, "queue_item_id", true));
		String callId = text(root, "call_id", true);
		if (callId.length() > MAX_CALL_ID_LENGTH || callId.chars().anyMatch(Character::isISOControl)) {
			throw new IllegalArgumentException("call_id: must be the provider's call id, at most "
					+ MAX_CALL_ID_LENGTH + " printable characters");
		}
		String rawStatus = text(root, "status", true);
		CallStatus status = CallStatus.parse(rawStatus)
			.orElseThrow(() -> new IllegalArgumentException("status: '" + rawStatus + "' is not a call status; use "
					+ "completed, busy, no_answer, failed or canceled (or queued, initiated, ringing, in_progress)"));
		String answeredBy = text(root, "answered_by", false);
		if (answeredBy != null) {
			answeredBy = answeredBy.toLowerCase(Locale.ROOT).replace('-', '_');
			if (!ANSWERED_BY.contains(answeredBy)) {
				throw new IllegalArgumentException("answered_by: must be human, machine or unknown");
			}
		}
		Integer duration = null;
		JsonNode durationNode = root.get("duration_seconds");
		if (durationNode != null && !durationNode.isNull()) {
			if (!durationNode.canConvertToInt() || !durationNode.isIntegralNumber() || durationNode.asInt() < 0) {
				throw new IllegalArgumentException("duration_seconds: must be a whole number of seconds, 0 or more");
			}
			duration = durationNode.asInt();
		}
		String dtmf = text(root, "dtmf_pressed", false);
		if (dtmf != null && !dtmf.matches("[0-9*#]")) {
			throw new IllegalArgumentException("dtmf_pressed: must be one key: 0-9, * or #");
		}
		Boolean callbackRequested = null;
		JsonNode callbackNode = root.get("callback_requested");
		if (callbackNode != null && !callbackNode.isNull()) {
			if (!callbackNode.isBoolean()) {
				throw new IllegalArgumentException("callback_requested: must be true or false");
			}
			callbackRequested = callbackNode.booleanValue();
		}
		Instant callbackTime = instant(root, "callback_time");
		Instant timestamp = instant(root, "timestamp");
		return new CallReport(queueItemId, "external", callId, status, answeredBy, duration, dtmf, callbackRequested,
				callbackTime, timestamp, this.json.writeValueAsString(root));
	}

	private static String text(JsonNode root, String field, boolean required) {
		JsonNode node = root.get(field);
		if (node == null || node.isNull() || (node.isString() && node.asString().isBlank())) {
			if (required) {
				throw new IllegalArgumentException(field + ": is required");
			}
			return null;
		}
		if (!node.isString()) {
			throw new IllegalArgumentException(field + ": must be a string");
		}
		return node.asString().strip();
	}

	private static UUID uuid(String value) {
		try {
			return UUID.fromString(value);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("queue_item_id: '" + value + "' is not a UUID");
		}
	}

	private static Instant instant(JsonNode root, String field) {
		String value = text(root, field, false);
		if (value == null) {
			return null;
		}
		try {
			return Instant.parse(value);
		}
		catch (DateTimeParseException ex) {
			try {
				return java.time.OffsetDateTime.parse(value).toInstant();
			}
			catch (DateTimeParseException again) {
				throw new IllegalArgumentException(field + ": '" + value
						+ "' is not a timestamp; use ISO 8601 such as 2026-02-04T15:30:00Z");
			}
		}
	}

	private static ResponseEntity<Object> error(HttpStatus status, String code, String message) {
		return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(WebhookError.of(code, message));
	}

}
