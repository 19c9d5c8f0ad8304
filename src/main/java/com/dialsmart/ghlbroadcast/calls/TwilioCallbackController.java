package com.dialsmart.ghlbroadcast.calls;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import com.dialsmart.ghlbroadcast.shared.ConflictException;
import com.dialsmart.ghlbroadcast.shared.NotFoundException;
import com.twilio.security.RequestValidator;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /functions/v1/call-tracking-webhook/twilio}: Twilio's status callbacks (and the {@code <Gather>} action
 * that carries the pressed key), form-encoded and signed. The signature ({@code X-Twilio-Signature}: HMAC-SHA1 with
 * the auth token over the public URL and the sorted POST parameters) is checked before anything else; a missing or
 * wrong one is refused with 403 and nothing is stored. The queue item is named by the {@code queue_item_id} query
 * parameter of the callback URL the Twilio dialer sets. Answers TwiML.
 */
@RestController
class TwilioCallbackController {

	private static final Logger log = LoggerFactory.getLogger(TwilioCallbackController.class);

	static final String PATH = "/functions/v1/call-tracking-webhook/twilio";

	static final String SIGNATURE_HEADER = "X-Twilio-Signature";

	private static final MediaType XML = MediaType.parseMediaType("text/xml;charset=UTF-8");

	private static final String EMPTY_RESPONSE = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>";

	private static final String HANG_UP = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Say>Thank you. "
			+ "Goodbye.</Say><Hangup/></Response>";

	private final CallOutcomeService outcomes;

	private final TwilioProperties properties;

	private final JsonMapper json;

	private final RequestValidator validator;

	TwilioCallbackController(CallOutcomeService outcomes, TwilioProperties properties, JsonMapper json) {
		this.outcomes = outcomes;
		this.properties = properties;
		this.json = json;
		this.validator = properties.hasAuthToken() ? new RequestValidator(properties.authToken()) : null;
		if (this.validator == null) {
			log.info("app.twilio.auth-token is not set: Twilio callbacks will be refused (403)");
		}
	}

	@PostMapping(path = PATH, consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
	ResponseEntity<String> callback(HttpServletRequest request) {
		Map<String, String> params = postParameters(request);
		String signature = request.getHeader(SIGNATURE_HEADER);
		if (this.validator == null || signature == null || signature.isBlank()
				|| !this.validator.validate(signedUrl(request), params, signature)) {
			log.warn("Refused a Twilio callback with a {} signature", signature == null ? "missing" : "wrong");
			return twiml(HttpStatus.FORBIDDEN, EMPTY_RESPONSE);
		}
		String itemParam = request.getParameter("queue_item_id");
		UUID queueItemId;
		try {
			queueItemId = UUID.fromString(itemParam == null ? "" : itemParam.strip());
		}
		catch (IllegalArgumentException ex) {
			return twiml(HttpStatus.BAD_REQUEST, EMPTY_RESPONSE);
		}
		String callSid = params.get("CallSid");
		CallStatus status = CallStatus.parse(params.get("CallStatus")).orElse(null);
		if (callSid == null || callSid.isBlank() || status == null) {
			return twiml(HttpStatus.BAD_REQUEST, EMPTY_RESPONSE);
		}
		String digits = params.get("Digits");
		String dtmf = digits == null || digits.isBlank() ? null : digits.strip().substring(0, 1);
		CallReport report = new CallReport(queueItemId, "twilio", callSid.strip(), status, answeredBy(params),
				duration(params.get("CallDuration")), dtmf, null, null, timestamp(params.get("Timestamp")),
				this.json.writeValueAsString(new TreeMap<>(params)));
		try {
			this.outcomes.report(report);
		}
		catch (NotFoundException ex) {
			return twiml(HttpStatus.NOT_FOUND, EMPTY_RESPONSE);
		}
		catch (ConflictException ex) {
			return twiml(HttpStatus.CONFLICT, EMPTY_RESPONSE);
		}
		catch (ReportsBusyException ex) {
			// nothing recorded; a final status Twilio does not send again is taken back by the lease
			log.warn("Twilio callback for call {} not recorded: {}", callSid.strip(), ex.getMessage());
			return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
				.header(HttpHeaders.RETRY_AFTER, Long.toString(ex.retryAfterSeconds())).contentType(XML)
				.body(EMPTY_RESPONSE);
		}
		// the <Gather> action posts the key while the call is live: end it politely
		return twiml(HttpStatus.OK, dtmf != null && !status.isFinal() ? HANG_UP : EMPTY_RESPONSE);
	}

	/**
	 * The URL Twilio signed: the configured public base URL (behind a proxy the request's own URL is not what
	 * Twilio called) with the request's path and query.
	 */
	private String signedUrl(HttpServletRequest request) {
		String base = this.properties.publicBase();
		String query = request.getQueryString();
		String pathAndQuery = request.getRequestURI() + (query == null ? "" : "?" + query);
		if (base == null) {
			return request.getRequestURL() + (query == null ? "" : "?" + query);
		}
		return base + pathAndQuery;
	}

	/** The form body's parameters only: Twilio signs those, not the query string's. */
	private static Map<String, String> postParameters(HttpServletRequest request) {
		Map<String, List<String>> fromQuery = new HashMap<>();
		String query = request.getQueryString();
		if (query != null) {
			for (String pair : query.split("&")) {
				if (pair.isEmpty()) {
					continue;
				}
				int eq = pair.indexOf('=');
				String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
				String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
				fromQuery.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
			}
		}
		Map<String, String> params = new HashMap<>();
		request.getParameterMap().forEach((key, values) -> {
			List<String> remaining = new ArrayList<>(Arrays.asList(values));
			for (String value : fromQuery.getOrDefault(key, List.of())) {
				remaining.remove(value);
			}
			if (!remaining.isEmpty()) {
				params.put(key, remaining.get(0));
			}
		});
		return params;
	}

	private static String answeredBy(Map<String, String> params) {
		String value = params.get("AnsweredBy");
		return value == null || value.isBlank() ? null : value.strip().toLowerCase(Locale.ROOT);
	}

	private static Integer duration(String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			return Math.max(0, Integer.parseInt(value.strip()));
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	/** Twilio's {@code Timestamp}: RFC 1123, such as {@code Wed, 04 Feb 2026 15:30:00 +0000}. */
	private static Instant timestamp(String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			return ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

	private static ResponseEntity<String> twiml(HttpStatus status, String body) {
		return ResponseEntity.status(status).contentType(XML).body(body);
	}

}
