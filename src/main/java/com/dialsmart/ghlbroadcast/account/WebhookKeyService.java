package com.dialsmart.ghlbroadcast.account;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import com.dialsmart.ghlbroadcast.shared.JdbcTransactional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Each account's webhook key ({@code webhook_keys}): generate, rotate, authenticate. The key is how a GHL workflow
 * authenticates, so it belongs with the account, not with the GHL sync's settings. An account has one current key and,
 * for {@code app.trigger.key-rotation-overlap} after a rotation, the previous one: a new key would otherwise break
 * every workflow that still sends the old one at the same moment. Every method but {@link #rotate} is one statement
 * and opens no transaction of its own (it joins the caller's when there is one).
 */
@Service
public class WebhookKeyService {

	private final JdbcClient jdbc;

	private final Clock clock;

	private final Duration overlap;

	WebhookKeyService(JdbcClient jdbc, Clock clock, WebhookKeyProperties properties) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.overlap = properties.keyRotationOverlap();
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

	/** What may be shown of the key the last rotation replaced: its prefix and when it stops working. */
	public record PreviousKey(String prefix, Instant createdAt, Instant expiresAt) {
	}

	/**
	 * Generates a new key for the account. The current key becomes the previous one, valid until
	 * {@code app.trigger.key-rotation-overlap} from now (or ended at once when the overlap is zero); a previous key of
	 * an earlier rotation ends now, so there is never more than one. Rotations of one account are serialised on its
	 * row, so two at once cannot both keep their predecessor.
	 */
	@JdbcTransactional
	public GeneratedWebhookKey rotate(UUID accountId) {
		Instant now = this.clock.instant();
		String key = WebhookKeys.generate();
		String prefix = WebhookKeys.prefix(key);
		this.jdbc.sql("select id from accounts where id = ? for no key update").param(accountId).query().listOfRows();
		this.jdbc.sql("delete from webhook_keys where user_id = ? and expires_at is not null").param(accountId).update();
		if (!this.overlap.isNegative() && !this.overlap.isZero()) {
			this.jdbc.sql("update webhook_keys set expires_at = ? where user_id = ? and expires_at is null")
				.param(Timestamp.from(now.plus(this.overlap)))
				.param(accountId)
				.update();
		}
		else {
			this.jdbc.sql("delete from webhook_keys where user_id = ? and expires_at is null").param(accountId).update();
		}
		this.jdbc.sql("insert into webhook_keys (key_hash, user_id, key_prefix, created_at) values (?, ?, ?, ?)")
			.param(WebhookKeys.hash(key))
			.param(accountId)
			.param(prefix)
			.param(Timestamp.from(now))
			.update();
		return new GeneratedWebhookKey(key, prefix, now);
	}

	/** The account's current key, if it has one. */
	public Optional<CurrentKey> current(UUID accountId) {
		return this.jdbc.sql("select key_prefix, created_at from webhook_keys where user_id = ? and expires_at is null")
			.param(accountId)
			.query((rs, n) -> new CurrentKey(rs.getString(1), rs.getTimestamp(2).toInstant()))
			.optional();
	}

	/** The key the last rotation replaced, while it still works. */
	public Optional<PreviousKey> previous(UUID accountId) {
		return this.jdbc.sql("""
				select key_prefix, created_at, expires_at from webhook_keys
				 where user_id = ? and expires_at is not null and expires_at > ?""")
			.param(accountId)
			.param(Timestamp.from(this.clock.instant()))
			.query((rs, n) -> new PreviousKey(rs.getString(1), rs.getTimestamp(2).toInstant(),
					rs.getTimestamp(3).toInstant()))
			.optional();
	}

	/**
	 * Ends the previous key at once, for when every workflow uses the new key or the old one leaked.
	 * @return whether there was a previous key that still worked
	 */
	public boolean endPrevious(UUID accountId) {
		Instant now = this.clock.instant();
		return this.jdbc.sql("delete from webhook_keys where user_id = ? and expires_at is not null returning expires_at")
			.param(accountId)
			.query((rs, n) -> rs.getTimestamp(1).toInstant())
			.list()
			.stream()
			.anyMatch(expiresAt -> expiresAt.isAfter(now));
	}

	/**
	 * The owner of {@code presentedKey}, looked up by its hash; empty for an unknown, malformed or expired key. Runs
	 * on every trigger request, so it opens no transaction of its own: one statement needs none, and a transaction
	 * would cost a JPA session and a COMMIT round trip.
	 */
	public Optional<WebhookKeyOwner> authenticate(String presentedKey) {
		if (presentedKey == null || !presentedKey.startsWith(WebhookKeys.PREFIX) || presentedKey.length() > 128) {
			return Optional.empty();
		}
		String hash = WebhookKeys.hash(presentedKey);
		return this.jdbc.sql("""
				select a.id, a.name, a.default_phone_region, k.key_prefix, k.expires_at is not null
				  from webhook_keys k join accounts a on a.id = k.user_id
				 where k.key_hash = ? and (k.expires_at is null or k.expires_at > ?)""")
			.param(hash)
			.param(Timestamp.from(this.clock.instant()))
			.query((rs, n) -> new WebhookKeyOwner(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
					hash.substring(0, 32), rs.getString(4), rs.getBoolean(5)))
			.optional();
	}

}
