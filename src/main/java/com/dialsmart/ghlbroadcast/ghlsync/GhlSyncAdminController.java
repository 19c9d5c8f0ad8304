package com.dialsmart.ghlbroadcast.ghlsync;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.dialsmart.ghlbroadcast.account.Caller;
import com.dialsmart.ghlbroadcast.shared.ConflictException;
import com.dialsmart.ghlbroadcast.shared.Page;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The operator's side of the sync: field setup, connection test, pending updates and their re-drive. */
@RestController
@RequestMapping("/api/ghl")
class GhlSyncAdminController {

	private static final int MAX_RETRY_IDS = 1000;

	private final BroadcastFieldsSetup setup;

	private final SyncQueries queries;

	private final GhlSyncService sync;

	private final GhlCredentialsStore credentials;

	private final SessionFactory sessions;

	private final GhlClient client;

	GhlSyncAdminController(BroadcastFieldsSetup setup, SyncQueries queries, GhlSyncService sync,
			GhlCredentialsStore credentials, SessionFactory sessions, GhlClient client) {
		this.setup = setup;
		this.queries = queries;
		this.sync = sync;
		this.credentials = credentials;
		this.sessions = sessions;
		this.client = client;
	}

	/** The seed's "Setup Broadcast Fields" button. */
	@PostMapping("/custom-fields/setup")
	BroadcastFieldsSetup.SetupResult setupFields(Caller caller) {
		return this.setup.setup(caller.accountId());
	}

	@GetMapping("/pending-updates")
	Page<SyncQueries.PendingUpdateView> pendingUpdates(Caller caller, @RequestParam(required = false) String status,
			@RequestParam(name = "broadcast_id", required = false) UUID broadcastId,
			@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "" + Page.DEFAULT_SIZE) int size) {
		return this.queries.list(caller.accountId(), status, broadcastId, page, size);
	}

	/** No filter: all the account's failed updates. */
	record RetryRequest(UUID broadcastId,
			@Size(max = MAX_RETRY_IDS, message = "at most " + MAX_RETRY_IDS + " per request; use broadcast_id, or no "
					+ "filter to retry all failed updates")
			List<@NotNull(message = "must be an update id (a UUID)") UUID> ids) {
	}

	record RetryResponse(int retried) {
	}

	/** Puts failed updates back to pending (all, one broadcast's, or the given ids); each is then sent once. */
	@PostMapping("/pending-updates/retry")
	RetryResponse retry(Caller caller, @Valid @RequestBody(required = false) RetryRequest request) {
		RetryRequest wanted = request == null ? new RetryRequest(null, null) : request;
		int retried = this.queries.retryFailed(caller.accountId(), wanted.broadcastId(), wanted.ids());
		if (retried > 0) {
			this.sync.startInBackground(caller.accountId(), null);
		}
		return new RetryResponse(retried);
	}

	/**
	 * @param ok whether the token reached the location
	 * @param httpStatus GHL's answer (0: no answer)
	 * @param fieldsFound the seed's six fields that exist in the location
	 */
	record ConnectionTest(boolean ok, String locationId, String authMode, int httpStatus, String message,
			List<String> fieldsFound, List<String> fieldsMissing) {
	}

	/** One cheap GHL call (the location's contact fields) that checks the token, the location and the scope. */
	@PostMapping("/test-connection")
	ConnectionTest testConnection(Caller caller) {
		GhlCredentials current = this.credentials.find(caller.accountId())
			.filter(c -> c.locationId() != null && c.accessToken() != null)
			.orElseThrow(() -> new ConflictException("GHL credentials are not set: save a location_id and an access "
					+ "token (PUT /api/ghl/settings) first"));
		LocationSession session = this.sessions.open(current);
		String location = current.locationId();
		try {
			List<GhlClient.CustomField> fields = session.call(a -> this.client.customFields(a, session, location));
			Map<String, String> found = BroadcastFieldsSetup.match(fields);
			List<String> missing = SyncValues.FIELDS.keySet().stream().filter(k -> !found.containsKey(k)).toList();
			String message = "Connected to location " + location + (missing.isEmpty()
					? "; all six broadcast fields exist"
					: "; missing broadcast fields: " + String.join(", ", missing) + " (run the field setup)");
			return new ConnectionTest(true, location, current.authMode(), 200, message, List.copyOf(found.keySet()),
					missing);
		}
		catch (GhlCallException ex) {
			String hint = switch (ex.kind()) {
				case AUTH -> current.oauth() ? "the OAuth token was refused even after a refresh: reconnect the app"
						: "the private integration token is invalid, expired or rotated: save a new one";
				case FORBIDDEN -> "the token has no access to location " + location
						+ " or lacks the scope locations/customFields.readonly";
				case PERMANENT -> ex.status() == 404 || ex.status() == 400 || ex.status() == 422
						? "check the location_id (the sub-account id)" : "GHL refused the request";
				case RATE_LIMITED -> "GHL's rate limit for this location is reached; try again in a few seconds";
				case RETRYABLE -> "GHL could not be reached or failed; try again later";
			};
			return new ConnectionTest(false, location, current.authMode(), ex.status(), ex.getMessage() + ": " + hint,
					List.of(), List.copyOf(SyncValues.FIELDS.keySet()));
		}
		catch (GhlTokenRefresher.CredentialsRefused ex) {
			return new ConnectionTest(false, location, current.authMode(), 401, ex.getMessage(), List.of(),
					List.copyOf(SyncValues.FIELDS.keySet()));
		}
		catch (LocationPacer.LocationBusy ex) {
			return new ConnectionTest(false, location, current.authMode(), 429,
					"The location is paused by GHL's rate limit for " + ex.waitTime().toMillis() + " ms; try again then",
					List.of(), List.copyOf(SyncValues.FIELDS.keySet()));
		}
	}

	@ExceptionHandler
	ProblemDetail setupFailed(BroadcastFieldsSetup.SetupFailed ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_GATEWAY, ex.getMessage());
		problem.setProperty("ghl_status", ex.ghlStatus());
		return problem;
	}

	@ExceptionHandler
	ProblemDetail locationBusy(LocationPacer.LocationBusy ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
				"The GHL location is paused by its rate limit; try again in " + Math.max(1, ex.waitTime().toSeconds()) + " s");
		return problem;
	}

	@ExceptionHandler
	ProblemDetail credentialsRefused(GhlTokenRefresher.CredentialsRefused ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_GATEWAY, ex.getMessage());
	}

}
