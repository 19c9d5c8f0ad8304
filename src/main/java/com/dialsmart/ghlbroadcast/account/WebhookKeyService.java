package com.dialsmart.ghlbroadcast.account;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Each account's webhook key ({@code webhook_keys}): generate, rotate, authenticate. The key is how a GHL workflow
 * authenticates, so it belongs with the account, not with the GHL sync's settings. Every method is one statement and
 * opens no transaction of its own (it joins the caller's when there is one).
 */
@Service
public class WebhookKeyService {

	private final JdbcClient jdbc;

	private final Clock clock;

	WebhookKeyService(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/** A freshly generated webhook key: the only time its plaintext exists outside the caller. */
	public record GeneratedWebhookKey(String webhookKey, String prefix, Instant createdAt) {

		/** Without the key: records end up in debug logs. */
		@Override
		public String toString() {
			return "GeneratedWebhookKey[prefix=" + this.prefix + ", createdAt=" + this.createdAt + "]";
		}

	}

	/** What may be shown of an account's current key: the visible prefix and when it was generated. */
	public record CurrentKey(String prefix, Instant createdAt) {
	}

	/** Generates a new key for the account; the previous key stops working when this commits. */
	public GeneratedWebhookKey rotate(UUID accountId) {
		Instant now = this.clock.instant();
		String key = WebhookKeys.generate();
		String prefix = WebhookKeys.prefix(key);
		this.jdbc.sql("""
				insert into webhook_keys (key_hash, user_id, key_prefix, created_at) values (?, ?, ?, ?)
				on conflict (user_id) do update
				   set key_hash = excluded.key_hash, key_prefix = excluded.key_prefix, created_at = excluded.created_at""")
			.param(WebhookKeys.hash(key))
			.param(accountId)
			.param(prefix)
			.param(Timestamp.from(now))
			.update();
		return new GeneratedWebhookKey(key, prefix, now);
	}

	/** The account's current key, if it has one. */
	public Optional<CurrentKey> current(UUID accountId) {
		return this.jdbc.sql("select key_prefix, created_at from webhook_keys where user_id = ?")
			.param(accountId)
			.query((rs, n) -> new CurrentKey(rs.getString(1), rs.getTimestamp(2).toInstant()))
			.optional();
	}

	/**
	 * The owner of {@code presentedKey}, looked up by its hash; empty for an unknown or malformed key. Runs on every
	 * trigger request, so it opens no transaction of its own: one statement needs none, and a transaction would cost
	 * a JPA session and a COMMIT round trip.
	 */
	public Optional<WebhookKeyOwner> authenticate(String presentedKey) {
		if (presentedKey == null || !presentedKey.startsWith(WebhookKeys.PREFIX) || presentedKey.length() > 128) {
			return Optional.empty();
		}
		String hash = WebhookKeys.hash(presentedKey);
		return this.jdbc.sql("""
				select a.id, a.name, a.default_phone_region
				  from webhook_keys k join accounts a on a.id = k.user_id
				 where k.key_hash = ?""")
			.param(hash)
			.query((rs, n) -> new WebhookKeyOwner(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
					hash.substring(0, 32)))
			.optional();
	}

}
