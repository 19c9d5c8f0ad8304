package com.dialsmart.ghlbroadcast.ghlsync;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.dialsmart.ghlbroadcast.account.WebhookKeyService;
import com.dialsmart.ghlbroadcast.shared.TokenCipher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the GHL sync reads and writes of an account's GHL settings: decrypted credentials, refreshed OAuth tokens (one
 * instance at a time per account), the {@code needs_credentials} mark, and the resolved custom-field ids.
 */
@Service
class GhlCredentialsStore {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final JdbcClient jdbc;

	private final TokenCipher cipher;

	private final WebhookKeyService webhookKeys;

	GhlCredentialsStore(JdbcClient jdbc, TokenCipher cipher, WebhookKeyService webhookKeys) {
		this.jdbc = jdbc;
		this.cipher = cipher;
		this.webhookKeys = webhookKeys;
	}

	@Transactional(readOnly = true)
	public Optional<GhlCredentials> find(UUID accountId) {
		return this.jdbc.sql("""
				select location_id, auth_mode, access_token_enc, refresh_token_enc, token_key_version, token_expires_at,
				       token_generation, sync_enabled, sync_status
				  from ghl_sync_settings where user_id = ?""")
			.param(accountId)
			.query((rs, n) -> {
				Integer keyVersion = (Integer) rs.getObject(5);
				Timestamp expires = rs.getTimestamp(6);
				return new GhlCredentials(accountId, rs.getString(1), rs.getString(2), decrypt(rs.getBytes(3), keyVersion),
						decrypt(rs.getBytes(4), keyVersion), expires == null ? null : expires.toInstant(), rs.getLong(7),
						rs.getBoolean(8), rs.getString(9));
			})
			.optional();
	}

	/**
	 * Takes the right to refresh the account's OAuth token for {@code lease}, unless another instance holds it or the
	 * tokens are no longer those of {@code generation} (someone already refreshed them).
	 */
	public boolean tryStartRefresh(UUID accountId, long generation, String owner, Duration lease) {
		return this.jdbc.sql("""
				update ghl_sync_settings
				   set token_refresh_locked_by = :owner,
				       token_refresh_locked_until = now() + make_interval(secs => :secs)
				 where user_id = :account and token_generation = :generation
				   and (token_refresh_locked_until is null or token_refresh_locked_until < now())""")
			.param("owner", owner)
			.param("secs", lease.toMillis() / 1000.0)
			.param("account", accountId)
			.param("generation", generation)
			.update() == 1;
	}

	/** Gives the refresh right back without new tokens (the refresh failed). */
	public void endRefresh(UUID accountId, String owner) {
		this.jdbc.sql("""
				update ghl_sync_settings set token_refresh_locked_by = null, token_refresh_locked_until = null
				 where user_id = ? and token_refresh_locked_by = ?""")
			.param(accountId)
			.param(owner)
			.update();
	}

	/**
	 * Saves a refreshed token pair in one transaction, under the row lock, unless the tokens changed since
	 * {@code generation} (an operator saved new ones meanwhile): the single-use refresh token GHL just issued is never
	 * lost to, nor overwrites, a concurrent write. Ends {@code owner}'s refresh right.
	 * @return the new generation, or empty when the tokens had changed (nothing is saved then)
	 */
	@Transactional
	public Optional<Long> saveRefreshedTokens(UUID accountId, long generation, String owner, String accessToken,
			String refreshToken, Instant expiresAt) {
		Optional<Long> current = this.jdbc.sql("select token_generation from ghl_sync_settings where user_id = ? for update")
			.param(accountId)
			.query(Long.class)
			.optional();
		if (current.isEmpty() || current.get() != generation) {
			endRefresh(accountId, owner);
			return Optional.empty();
		}
		return Optional.of(this.jdbc.sql("""
				update ghl_sync_settings
				   set access_token_enc = :access, refresh_token_enc = :refresh, token_key_version = :version,
				       token_expires_at = :expires, token_generation = token_generation + 1,
				       token_refresh_locked_by = null, token_refresh_locked_until = null,
				       sync_status = 'ok', sync_status_message = null, updated_at = now()
				 where user_id = :account
				returning token_generation""")
			.param("access", this.cipher.encrypt(accessToken))
			.param("refresh", refreshToken == null ? null : this.cipher.encrypt(refreshToken))
			.param("version", this.cipher.currentVersion())
			.param("expires", expiresAt == null ? null : Timestamp.from(expiresAt))
			.param("account", accountId)
			.query(Long.class)
			.single());
	}

	/**
	 * Marks the account's sync as needing new credentials, unless its tokens changed since {@code generation} (then
	 * the failure was about tokens that are gone). The sync holds the account's updates until credentials are saved.
	 */
	public boolean markNeedsCredentials(UUID accountId, long generation, String message) {
		return this.jdbc.sql("""
				update ghl_sync_settings set sync_status = 'needs_credentials', sync_status_message = ?, updated_at = now()
				 where user_id = ? and token_generation = ?""")
			.param(message)
			.param(accountId)
			.param(generation)
			.update() == 1;
	}

	/**
	 * {@code needs_credentials} (with why) or {@code ok}; empty when the account has no GHL settings. An account with a
	 * webhook key but no settings saved reads {@code ok}: the key used to live in the settings row, so such an account
	 * had a row with the defaults, and {@code get_status} answered {@code ok} for it.
	 */
	public Optional<String[]> syncStatus(UUID accountId) {
		Optional<String[]> status = this.jdbc
			.sql("select sync_status, sync_status_message from ghl_sync_settings where user_id = ?")
			.param(accountId)
			.query((rs, n) -> new String[] { rs.getString(1), rs.getString(2) })
			.optional();
		if (status.isEmpty() && this.webhookKeys.current(accountId).isPresent()) {
			return Optional.of(new String[] { "ok", null });
		}
		return status;
	}

	/** The custom-field ids resolved for the location, by field key ({@code broadcast_outcome} -> id). */
	public Map<String, String> customFieldIds(UUID accountId, String locationId) {
		String json = this.jdbc.sql("""
				select custom_field_ids -> ? from ghl_sync_settings where user_id = ?""")
			.param(locationId)
			.param(accountId)
			.query(String.class)
			.optional()
			.orElse(null);
		if (json == null) {
			return Map.of();
		}
		return JSON.readValue(json, new TypeReference<LinkedHashMap<String, String>>() {
		});
	}

	/** Adds resolved ids to the location's cache (ids are kept per location, so a location change starts afresh). */
	public void saveCustomFieldIds(UUID accountId, String locationId, Map<String, String> ids) {
		this.jdbc.sql("""
				update ghl_sync_settings
				   set custom_field_ids = jsonb_set(custom_field_ids, array[cast(:location as text)],
				       coalesce(custom_field_ids -> cast(:location as text), '{}'::jsonb) || cast(:ids as jsonb))
				 where user_id = :account""")
			.param("location", locationId)
			.param("ids", JSON.writeValueAsString(ids))
			.param("account", accountId)
			.update();
	}

	/** Forgets the location's cached ids (GHL refused one: it may have been deleted and re-created). */
	public void forgetCustomFieldIds(UUID accountId, String locationId) {
		this.jdbc.sql("update ghl_sync_settings set custom_field_ids = custom_field_ids - ? where user_id = ?")
			.param(locationId)
			.param(accountId)
			.update();
	}

	private String decrypt(byte[] ciphertext, Integer keyVersion) {
		return ciphertext == null || keyVersion == null ? null : this.cipher.decrypt(ciphertext, keyVersion);
	}

}
