package com.dialsmart.ghlbroadcast.ghlsync;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.dialsmart.ghlbroadcast.account.Roles;
import com.dialsmart.ghlbroadcast.shared.WebhookError;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /functions/v1/ghl-batch-callback} (docs/api.md, Batch callback): {@code process_broadcast}, {@code process_pending},
 * {@code get_status}. An operator token reaches its own account's broadcasts only (others answer 404, as if they did
 * not exist); a service-role token reaches any, and alone may process all accounts at once. Processing answers within
 * {@code app.ghl.sync.request-budget}; {@code remaining} says what is left for the scheduled sweep.
 */
@RestController
class GhlBatchCallbackController {

	private final GhlSyncService sync;

	private final SyncQueries queries;

	private final GhlCredentialsStore credentials;

	private final GhlSyncProperties properties;

	private final JsonMapper json;

	GhlBatchCallbackController(GhlSyncService sync, SyncQueries queries, GhlCredentialsStore credentials,
			GhlSyncProperties properties, JsonMapper json) {
		this.sync = sync;
		this.queries = queries;
		this.credentials = credentials;
		this.properties = properties;
		this.json = json;
	}

	record ProcessBody(boolean success, int processed, int sent, int failed, long remaining) {
	}

	record StatusBody(boolean success, UUID broadcastId, Map<String, Long> callbackStatus,
			Map<String, Long> pendingUpdates, Long oldestPendingAgeSeconds, SyncQueries.LastError lastError,
			String syncStatus, String syncStatusMessage) {
	}

	private static final class CallbackError extends RuntimeException {

		private final HttpStatus status;

		private final String code;

		CallbackError(HttpStatus status, String code, String message) {
			super(message, null, false, false);
			this.status = status;
			this.code = code;
		}

	}

	@PostMapping("/functions/v1/ghl-batch-callback")
	ResponseEntity<?> callback(@AuthenticationPrincipal Jwt jwt, @RequestBody(required = false) String body) {
		boolean service = Roles.SERVICE_ROLE.equals(jwt.getClaimAsString("role"));
		UUID caller = service ? null : UUID.fromString(jwt.getSubject());
		JsonNode request = parse(body);
		String action = request.path("action").asString(null);
		if (action == null || action.isBlank()) {
			throw new CallbackError(HttpStatus.BAD_REQUEST, "missing_action",
					"action is required: process_broadcast, process_pending or get_status");
		}
		return switch (action) {
			case "process_broadcast" -> {
				UUID broadcast = broadcastOf(request, caller);
				UUID owner = this.queries.broadcastOwner(broadcast).orElseThrow();
				GhlSyncService.RunResult result = this.sync.processBroadcast(owner, broadcast,
						this.properties.sync().requestBudget());
				yield ResponseEntity.ok(body(result));
			}
			case "process_pending" -> {
				UUID account = uuid(request, "user_id", "invalid_user_id");
				if (!service) {
					if (account != null && !account.equals(caller)) {
						throw new CallbackError(HttpStatus.NOT_FOUND, "account_not_found",
								"Account " + account + " not found; an operator token processes its own account only");
					}
					account = caller;
				}
				yield ResponseEntity.ok(body(this.sync.processPending(account, this.properties.sync().requestBudget())));
			}
			case "get_status" -> {
				UUID broadcast = broadcastOf(request, caller);
				UUID owner = this.queries.broadcastOwner(broadcast).orElseThrow();
				SyncQueries.BroadcastSyncStatus status = this.queries.status(broadcast);
				String[] sync = this.credentials.syncStatus(owner).orElse(new String[] { "not_configured", null });
				yield ResponseEntity.ok(new StatusBody(true, broadcast, status.callbackStatus(), status.pendingUpdates(),
						status.oldestPendingAgeSeconds(), status.lastError(), sync[0], sync[1]));
			}
			default -> throw new CallbackError(HttpStatus.BAD_REQUEST, "unknown_action", "action '"
					+ abbreviate(action) + "' is unknown; use process_broadcast, process_pending or get_status");
		};
	}

	private static ProcessBody body(GhlSyncService.RunResult result) {
		return new ProcessBody(true, result.processed(), result.sent(), result.failed(), result.remaining());
	}

	/** The request's broadcast, which must exist and (for an operator) be the caller's. */
	private UUID broadcastOf(JsonNode request, UUID caller) {
		UUID broadcast = uuid(request, "broadcast_id", "invalid_broadcast_id");
		if (broadcast == null) {
			throw new CallbackError(HttpStatus.BAD_REQUEST, "invalid_broadcast_id", "broadcast_id is required (a UUID)");
		}
		Optional<UUID> owner = this.queries.broadcastOwner(broadcast);
		if (owner.isEmpty() || (caller != null && !owner.get().equals(caller))) {
			throw new CallbackError(HttpStatus.NOT_FOUND, "broadcast_not_found",
					"Broadcast " + broadcast + " not found; check the broadcast_id");
		}
		return broadcast;
	}

	private static UUID uuid(JsonNode request, String field, String code) {
		JsonNode node = request.path(field);
		if (node.isMissingNode() || node.isNull()) {
			return null;
		}
		try {
			return UUID.fromString(node.asString("").strip());
		}
		catch (IllegalArgumentException ex) {
			throw new CallbackError(HttpStatus.BAD_REQUEST, code, field + " must be a UUID");
		}
	}

	private JsonNode parse(String body) {
		if (body == null || body.isBlank()) {
			throw new CallbackError(HttpStatus.BAD_REQUEST, "invalid_json", "Send a JSON body with an action");
		}
		try {
			JsonNode node = this.json.readTree(body);
			if (!node.isObject()) {
				throw new CallbackError(HttpStatus.BAD_REQUEST, "invalid_json", "The body must be a JSON object");
			}
			return node;
		}
		catch (JacksonException ex) {
			throw new CallbackError(HttpStatus.BAD_REQUEST, "invalid_json", "The body is not valid JSON");
		}
	}

	private static String abbreviate(String text) {
		String clean = text.replaceAll("\\p{Cntrl}", "");
		return clean.length() > 40 ? clean.substring(0, 40) + "…" : clean;
	}

	@ExceptionHandler
	ResponseEntity<WebhookError> error(CallbackError error) {
		return WebhookError.response(error.status, error.code, error.getMessage());
	}

}
