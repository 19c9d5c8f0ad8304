package com.dialsmart.ghlbroadcast.trigger;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.dialsmart.ghlbroadcast.account.WebhookKeyOwner;
import com.dialsmart.ghlbroadcast.account.WebhookKeyService;
import com.dialsmart.ghlbroadcast.broadcast.BroadcastQueueService.EnqueueResult;
import com.dialsmart.ghlbroadcast.broadcast.BroadcastQueueService.NewContact;
import com.dialsmart.ghlbroadcast.broadcast.BroadcastService;
import com.dialsmart.ghlbroadcast.broadcast.BroadcastService.BroadcastSummary;
import com.dialsmart.ghlbroadcast.shared.ApiDocs;
import com.dialsmart.ghlbroadcast.shared.PhoneNumbers;
import com.dialsmart.ghlbroadcast.shared.WebhookError;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /functions/v1/ghl-webhook-trigger}: what a GHL workflow's HTTP step calls for each contact. Checks run in
 * the contract's order: size and type, JSON, webhook key, rate limit, action, then the action's own fields.
 */
@RestController
class GhlWebhookTriggerController {

	private static final Logger log = LoggerFactory.getLogger(GhlWebhookTriggerController.class);

	static final String KEY_HEADER = "X-Webhook-Key";

	/** The request's action, for the metrics of requests that end in an exception. */
	private static final String ACTION_ATTRIBUTE = GhlWebhookTriggerController.class.getName() + ".action";

	private static final int MAX_LISTED_BROADCASTS = 200;

	private final WebhookKeyService webhookKeys;

	private final TriggerRateLimiter rateLimiter;

	private final TriggerService trigger;

	private final BroadcastService broadcasts;

	private final WebhookActivityLog activity;

	private final TriggerProperties properties;

	private final JsonMapper json;

	private final TriggerMetrics metrics;

	GhlWebhookTriggerController(WebhookKeyService webhookKeys, TriggerRateLimiter rateLimiter, TriggerService trigger,
			BroadcastService broadcasts, WebhookActivityLog activity, TriggerProperties properties, JsonMapper json,
			TriggerMetrics metrics) {
		this.webhookKeys = webhookKeys;
		this.rateLimiter = rateLimiter;
		this.trigger = trigger;
		this.broadcasts = broadcasts;
		this.activity = activity;
		this.properties = properties;
		this.json = json;
		this.metrics = metrics;
	}

	@Schema(name = "TriggerAddResponse")
	record AddBody(boolean success, String status, UUID queueItemId, Long position, String broadcastName,
			String broadcastStatus, String message) {
	}

	@Schema(name = "TriggerTestResponse")
	record TestBody(boolean success, String message, String account) {
	}

	@Schema(name = "TriggerListResponse")
	record ListBody(boolean success, List<BroadcastSummary> broadcasts) {
	}

	@PostMapping("/functions/v1/ghl-webhook-trigger")
	@Tag(name = "GHL trigger")
	@SecurityRequirement(name = ApiDocs.WEBHOOK_KEY)
	@Operation(summary = "Add a contact to a broadcast, test the key, or list broadcasts",
			description = "Called by a GHL workflow's webhook step. The webhook key comes from header X-Webhook-Key or "
					+ "body field webhook_key. Checks run in order (size, content type, JSON, key, rate limit, action, "
					+ "fields); the first failing check answers {\"success\":false,\"error\",\"message\"}.",
			requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
					content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
							schema = @Schema(implementation = TriggerApiDocs.Request.class),
							examples = { @ExampleObject(name = "add_to_broadcast", value = TriggerApiDocs.ADD_TO_BROADCAST),
									@ExampleObject(name = "test", value = TriggerApiDocs.TEST),
									@ExampleObject(name = "list_broadcasts", value = TriggerApiDocs.LIST_BROADCASTS) })))
	@ApiResponse(responseCode = "200", description = "Queued, duplicate (nothing changed) or skipped (DNC); or the "
			+ "test / list_broadcasts answer", content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
					schema = @Schema(oneOf = { AddBody.class, TestBody.class, ListBody.class }),
					examples = { @ExampleObject(name = "queued", value = TriggerApiDocs.QUEUED),
							@ExampleObject(name = "duplicate", value = TriggerApiDocs.DUPLICATE),
							@ExampleObject(name = "skipped_dnc", value = TriggerApiDocs.SKIPPED_DNC),
							@ExampleObject(name = "test", value = TriggerApiDocs.TEST_OK),
							@ExampleObject(name = "list_broadcasts", value = TriggerApiDocs.LISTED) }))
	@ApiResponse(responseCode = "400", description = "invalid_json, missing_action, unknown_action, "
			+ "invalid_broadcast_id, invalid_phone or invalid_ghl_contact_id", content = @Content(
					mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = WebhookError.class),
					examples = { @ExampleObject(name = "invalid_phone", value = TriggerApiDocs.INVALID_PHONE),
							@ExampleObject(name = "unknown_action", value = TriggerApiDocs.UNKNOWN_ACTION) }))
	@ApiResponse(responseCode = "401", description = "invalid_webhook_key: missing or unknown",
			content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
					schema = @Schema(implementation = WebhookError.class),
					examples = @ExampleObject(name = "invalid_webhook_key", value = TriggerApiDocs.INVALID_KEY)))
	@ApiResponse(responseCode = "404", description = "broadcast_not_found, or broadcast_closed (completed or cancelled)",
			content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
					schema = @Schema(implementation = WebhookError.class),
					examples = @ExampleObject(name = "broadcast_not_found", value = TriggerApiDocs.NOT_FOUND)))
	@ApiResponse(responseCode = "413", description = "payload_too_large", content = @Content(
			mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = WebhookError.class),
			examples = @ExampleObject(name = "payload_too_large", value = TriggerApiDocs.TOO_LARGE)))
	@ApiResponse(responseCode = "415", description = "unsupported_media_type", content = @Content(
			mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = WebhookError.class),
			examples = @ExampleObject(name = "unsupported_media_type", value = TriggerApiDocs.NOT_JSON)))
	@ApiResponse(responseCode = "429", description = "rate_limited: per key, or failed key checks per IP; see Retry-After",
			headers = { @Header(name = "Retry-After", description = "Seconds to wait", schema = @Schema(type = "integer")),
					@Header(name = "X-RateLimit-Limit", schema = @Schema(type = "integer")),
					@Header(name = "X-RateLimit-Remaining", schema = @Schema(type = "integer")) },
			content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
					schema = @Schema(implementation = WebhookError.class),
					examples = @ExampleObject(name = "rate_limited", value = TriggerApiDocs.RATE_LIMITED)))
	@ApiResponse(responseCode = "503", description = "service_unavailable: the database is unreachable; nothing stored",
			content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
					schema = @Schema(implementation = WebhookError.class),
					examples = @ExampleObject(name = "service_unavailable", value = TriggerApiDocs.UNAVAILABLE)))
	ResponseEntity<?> trigger(HttpServletRequest request) throws IOException {
		long start = System.nanoTime();
		String result = "internal_error";
		try {
			ResponseEntity<?> response = handle(request);
			result = resultCode(response);
			return response;
		}
		catch (RuntimeException ex) {
			if (databaseUnavailable(ex)) {
				result = "service_unavailable";
			}
			throw ex;
		}
		finally {
			this.metrics.record((String) request.getAttribute(ACTION_ATTRIBUTE), result, System.nanoTime() - start);
		}
	}

	private ResponseEntity<?> handle(HttpServletRequest request) throws IOException {
		HttpHeaders headers = new HttpHeaders();
		TriggerPayload payload = null;
		WebhookKeyOwner owner = null;
		try {
			payload = parse(request);
			request.setAttribute(ACTION_ATTRIBUTE, payload.action());
			String key = Optional.ofNullable(request.getHeader(KEY_HEADER)).map(String::strip)
				.orElse(payload.webhookKey());
			owner = authenticate(key, request.getRemoteAddr());
			TriggerRateLimiter.Decision decision = this.rateLimiter.tryRequest(owner.keyId());
			headers.set("X-RateLimit-Limit", Long.toString(decision.limit()));
			headers.set("X-RateLimit-Remaining", Long.toString(decision.remaining()));
			if (!decision.allowed()) {
				throw TriggerError.rateLimited("Rate limit of " + decision.limit() + " requests per minute for this "
						+ "webhook key exceeded; retry after " + decision.retryAfterSeconds() + " s",
						decision.retryAfterSeconds());
			}
			return dispatch(owner, payload, headers);
		}
		catch (TriggerError error) {
			// a rate-limited request writes nothing: a runaway workflow or a stolen key flooding the endpoint must
			// not grow webhook_activity by a row per request (the metric still counts it)
			if (owner != null && !error.recorded() && error.status() != HttpStatus.TOO_MANY_REQUESTS) {
				this.activity.record(owner, new WebhookActivityLog.Entry(payload.action(),
						error.status().value(), error.code(), payload.rawPhone(), null, error.getMessage()));
			}
			if (error.retryAfterSeconds() != null) {
				headers.set(HttpHeaders.RETRY_AFTER, Long.toString(error.retryAfterSeconds()));
			}
			return errorResponse(error, headers);
		}
	}

	private ResponseEntity<?> dispatch(WebhookKeyOwner owner, TriggerPayload payload, HttpHeaders headers) {
		String action = payload.action();
		if (action == null) {
			throw TriggerError.badRequest("missing_action", "action is required: add_to_broadcast, test or list_broadcasts");
		}
		return switch (action) {
			case "add_to_broadcast" -> addToBroadcast(owner, payload, headers);
			case "test" -> {
				this.activity.record(owner,
						new WebhookActivityLog.Entry(action, 200, "ok", null, null, "Webhook key is valid"));
				yield ResponseEntity.ok().headers(headers).body(new TestBody(true, "Webhook key is valid",
						owner.accountName()));
			}
			case "list_broadcasts" -> {
				List<BroadcastSummary> list = this.broadcasts.summaries(owner.accountId(), MAX_LISTED_BROADCASTS);
				this.activity.record(owner, new WebhookActivityLog.Entry(action, 200, "ok", null, null,
						list.size() + " broadcasts listed"));
				yield ResponseEntity.ok().headers(headers).body(new ListBody(true, list));
			}
			default -> throw TriggerError.badRequest("unknown_action", "action '" + WebhookActivityLog.clean(action, 40)
					+ "' is unknown; use add_to_broadcast, test or list_broadcasts");
		};
	}

	private ResponseEntity<AddBody> addToBroadcast(WebhookKeyOwner owner, TriggerPayload payload,
			HttpHeaders headers) {
		UUID broadcastId = payload.broadcastId();
		PhoneNumbers.Result phone = PhoneNumbers.normalize(payload.rawPhone(), owner.defaultPhoneRegion());
		if (!phone.valid()) {
			throw TriggerError.badRequest("invalid_phone", phone.problem());
		}
		NewContact contact = new NewContact(phone.e164(), payload.name(), payload.email(), payload.ghlContactId());
		EnqueueResult result = this.trigger.add(owner, broadcastId, contact,
				r -> new WebhookActivityLog.Entry("add_to_broadcast", statusOf(r).value(), resultCode(r),
						contact.phone(), broadcastId, message(r, broadcastId)));
		return switch (result.status()) {
			case NOT_FOUND, CLOSED -> throw new TriggerError(HttpStatus.NOT_FOUND, resultCode(result),
					message(result, broadcastId)).alreadyRecorded();
			case QUEUED, DUPLICATE, SKIPPED_DNC -> ResponseEntity.ok().headers(headers)
				.body(new AddBody(true, resultCode(result), result.queueItemId(), result.position(),
						result.broadcastName(), result.broadcastStatus(), message(result, broadcastId)));
		};
	}

	private static String resultCode(ResponseEntity<?> response) {
		if (response.getBody() instanceof WebhookError error) {
			return error.error();
		}
		if (response.getBody() instanceof AddBody added) {
			return added.status();
		}
		return "ok";
	}

	private static boolean databaseUnavailable(RuntimeException ex) {
		return ex instanceof DataAccessResourceFailureException || ex instanceof CannotCreateTransactionException
				|| ex instanceof QueryTimeoutException || ex instanceof TransientDataAccessException;
	}

	private static HttpStatus statusOf(EnqueueResult result) {
		return switch (result.status()) {
			case NOT_FOUND, CLOSED -> HttpStatus.NOT_FOUND;
			default -> HttpStatus.OK;
		};
	}

	private static String resultCode(EnqueueResult result) {
		return switch (result.status()) {
			case QUEUED -> "queued";
			case DUPLICATE -> "duplicate";
			case SKIPPED_DNC -> "skipped_dnc";
			case NOT_FOUND -> "broadcast_not_found";
			case CLOSED -> "broadcast_closed";
		};
	}

	private static String message(EnqueueResult result, UUID broadcastId) {
		return switch (result.status()) {
			case QUEUED -> "Contact added to broadcast queue";
			case DUPLICATE -> "Contact is already in this broadcast; nothing changed";
			case SKIPPED_DNC -> "Contact is on the Do-Not-Call list and was not queued";
			case NOT_FOUND -> "Broadcast " + broadcastId + " not found in this account; check the broadcast_id";
			case CLOSED -> "Broadcast " + broadcastId + " is " + result.broadcastStatus()
					+ " and takes no new contacts; use an active broadcast";
		};
	}

	private TriggerPayload parse(HttpServletRequest request) throws IOException {
		int max = this.properties.maxBodyBytes();
		if (request.getContentLengthLong() > max) {
			throw tooLarge(max);
		}
		MediaType type;
		try {
			type = request.getContentType() == null ? null : MediaType.parseMediaType(request.getContentType());
		}
		catch (IllegalArgumentException ex) {
			type = null;
		}
		if (type == null || !(MediaType.APPLICATION_JSON.isCompatibleWith(type) || "json".equals(type.getSubtypeSuffix()))) {
			throw new TriggerError(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
					"Send the body as JSON with the header 'Content-Type: application/json'");
		}
		byte[] body;
		try (InputStream in = request.getInputStream()) {
			body = in.readNBytes(max + 1);
		}
		if (body.length > max) {
			throw tooLarge(max);
		}
		JsonNode node;
		try {
			node = this.json.readTree(body);
		}
		catch (JacksonException ex) {
			throw TriggerError.badRequest("invalid_json", "The body is not valid JSON: "
					+ WebhookActivityLog.clean(ex.getOriginalMessage(), 200));
		}
		if (node == null || !node.isObject()) {
			throw TriggerError.badRequest("invalid_json", "The body must be a JSON object like "
					+ "{\"action\":\"add_to_broadcast\",\"webhook_key\":\"…\",…}");
		}
		return new TriggerPayload(node);
	}

	private static TriggerError tooLarge(int max) {
		return new TriggerError(HttpStatus.PAYLOAD_TOO_LARGE, "payload_too_large",
				"The body is larger than " + max + " bytes; send only the contact's fields");
	}

	private WebhookKeyOwner authenticate(String key, String clientIp) {
		Optional<WebhookKeyOwner> owner = key == null || key.isBlank() ? Optional.empty()
				: this.webhookKeys.authenticate(key);
		if (owner.isPresent()) {
			return owner.get();
		}
		// Keys carry 256 random bits, so this limit is about load and noisy clients; it never blocks a valid key,
		// because many GHL accounts share GHL's egress addresses.
		TriggerRateLimiter.Decision failures = this.rateLimiter.tryFailedKeyCheck(clientIp);
		if (!failures.allowed()) {
			throw TriggerError.rateLimited("Too many requests with an invalid webhook key from this address; retry "
					+ "after " + failures.retryAfterSeconds() + " s", failures.retryAfterSeconds());
		}
		throw new TriggerError(HttpStatus.UNAUTHORIZED, "invalid_webhook_key", key == null || key.isBlank()
				? "webhook_key is required: send it in the body or in the X-Webhook-Key header"
				: "Invalid webhook key: copy the current key from Settings → GHL Integration → Webhook, or generate a new one");
	}

	/** The database is down or overloaded: nothing was stored, and the sender should try again shortly. */
	@ExceptionHandler({ DataAccessResourceFailureException.class, CannotCreateTransactionException.class,
			QueryTimeoutException.class, TransientDataAccessException.class })
	ResponseEntity<WebhookError> unavailable(Exception ex) {
		log.warn("Trigger request failed on the database: {}", ex.toString());
		HttpHeaders headers = new HttpHeaders();
		headers.set(HttpHeaders.RETRY_AFTER, "5");
		return errorResponse(new TriggerError(HttpStatus.SERVICE_UNAVAILABLE, "service_unavailable",
				"The service is temporarily unavailable and stored nothing; retry in a few seconds"), headers);
	}

	private static ResponseEntity<WebhookError> errorResponse(TriggerError error, HttpHeaders headers) {
		return WebhookError.response(error.status(), error.code(), error.getMessage(), headers);
	}

}
