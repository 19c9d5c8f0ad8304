package com.dialsmart.ghlbroadcast.ghlsync;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import com.dialsmart.ghlbroadcast.shared.ConflictException;
import org.springframework.stereotype.Component;

/**
 * The seed's "Setup Broadcast Fields": lists the location's contact fields, creates whichever of the six are
 * missing ({@code POST /locations/{id}/customFields}, TEXT or DATE, {@code model: contact}) and stores their ids.
 * Running it again creates nothing.
 */
@Component
class BroadcastFieldsSetup {

	private final GhlCredentialsStore credentials;

	private final SessionFactory sessions;

	private final GhlClient client;

	BroadcastFieldsSetup(GhlCredentialsStore credentials, SessionFactory sessions, GhlClient client) {
		this.credentials = credentials;
		this.sessions = sessions;
		this.client = client;
	}

	/** One of the six fields after setup. */
	record FieldResult(String key, String name, String dataType, String id, boolean created) {
	}

	record SetupResult(String locationId, List<FieldResult> fields, List<String> created, List<String> existing) {
	}

	SetupResult setup(UUID accountId) {
		GhlCredentials current = this.credentials.find(accountId)
			.filter(c -> c.locationId() != null && c.accessToken() != null)
			.orElseThrow(() -> new ConflictException("GHL credentials are not set: save a location_id and an access "
					+ "token (PUT /api/ghl/settings) before setting up the broadcast fields"));
		LocationSession session = this.sessions.open(current);
		String location = current.locationId();
		try {
			List<GhlClient.CustomField> listed = session.call(a -> this.client.customFields(a, session, location));
			Map<String, String> found = match(listed);
			List<FieldResult> results = new ArrayList<>();
			List<String> created = new ArrayList<>();
			List<String> existing = new ArrayList<>();
			Map<String, String> ids = new LinkedHashMap<>(found);
			for (Map.Entry<String, SyncValues.FieldSpec> field : SyncValues.FIELDS.entrySet()) {
				String key = field.getKey();
				SyncValues.FieldSpec spec = field.getValue();
				String id = found.get(key);
				if (id != null) {
					existing.add(key);
					results.add(new FieldResult(key, spec.name(), spec.dataType(), id, false));
					continue;
				}
				GhlClient.CustomField made = session
					.call(a -> this.client.createCustomField(a, session, location, spec.name(), spec.dataType()));
				ids.put(key, made.id());
				// stored at once: a failure further on must not make a retry create the field twice
				this.credentials.saveCustomFieldIds(accountId, location, Map.of(key, made.id()));
				created.add(key);
				results.add(new FieldResult(key, spec.name(), spec.dataType(), made.id(), true));
			}
			this.credentials.saveCustomFieldIds(accountId, location, ids);
			return new SetupResult(location, results, created, existing);
		}
		catch (GhlCallException ex) {
			throw SetupFailed.from(ex);
		}
	}

	/** Setup could not finish because GHL refused or failed a call. */
	static final class SetupFailed extends RuntimeException {

		private final int ghlStatus;

		SetupFailed(String message, int ghlStatus) {
			super(message, null, false, false);
			this.ghlStatus = ghlStatus;
		}

		static SetupFailed from(GhlCallException ex) {
			String hint = switch (ex.kind()) {
				case AUTH -> "; the token was refused: save a valid token";
				case FORBIDDEN -> "; the token lacks access to this location or the scopes "
						+ "locations/customFields.readonly and locations/customFields.write";
				case RATE_LIMITED -> "; GHL's rate limit was reached: try again in a few seconds";
				case RETRYABLE -> "; try again later";
				case PERMANENT -> "";
			};
			return new SetupFailed(ex.getMessage() + hint, ex.status());
		}

		int ghlStatus() {
			return this.ghlStatus;
		}

	}

	/**
	 * The six fields among a location's fields, by field key: GHL derives {@code contact.<key>} from the field's name,
	 * so {@code contact.broadcast_outcome} (or a bare {@code broadcast_outcome}) is the seed's field.
	 */
	static Map<String, String> match(List<GhlClient.CustomField> fields) {
		Map<String, String> ids = new LinkedHashMap<>();
		for (GhlClient.CustomField field : fields) {
			if (field.id() == null || field.fieldKey() == null) {
				continue;
			}
			String key = field.fieldKey().strip().toLowerCase(Locale.ROOT);
			if (key.startsWith("contact.")) {
				key = key.substring("contact.".length());
			}
			if (SyncValues.FIELDS.containsKey(key)) {
				ids.putIfAbsent(key, field.id());
			}
		}
		return ids;
	}

}
