package com.dialsmart.ghlbroadcast.account;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Per-account revocation of operator tokens ({@code accounts.tokens_revoked_before}): a token whose {@code iat} is
 * before the account's instant is refused, even one {@link VerifiedTokenCache} already holds, since that cache runs
 * the validators on every use. Every request of an operator token asks here, so the instant is kept per account for
 * at most {@link #STALE_AT_MOST}: the instance that revokes forgets its copy at once; another instance refuses the
 * revoked tokens at most that long after the revocation.
 */
@Component
class TokenRevocations {

	private static final Logger log = LoggerFactory.getLogger(TokenRevocations.class);

	/** How long another instance may still accept a token after its account's revocation (docs/api.md). */
	static final Duration STALE_AT_MOST = Duration.ofSeconds(5);

	private final JdbcClient jdbc;

	private final Clock clock;

	private final Cache<UUID, Optional<Instant>> revokedBefore;

	@Autowired
	TokenRevocations(JdbcClient jdbc, Clock clock) {
		this(jdbc, clock, Ticker.systemTicker());
	}

	TokenRevocations(JdbcClient jdbc, Clock clock, Ticker ticker) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.revokedBefore = Caffeine.newBuilder().expireAfterWrite(STALE_AT_MOST).maximumSize(100_000).ticker(ticker)
			.build();
	}

	/**
	 * Revokes every operator token of the account issued until now. A JWT's {@code iat} is in whole seconds, so the
	 * instant is the next whole second: a token issued earlier in this second is refused too; tokens minted by
	 * {@link JwtTokens#operatorToken} from now on carry an {@code iat} at or after it.
	 * @return the instant before which tokens are refused, or empty if there is no such account
	 */
	Optional<Instant> revoke(UUID account) {
		Instant before = this.clock.instant().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
		Optional<Instant> revoked = this.jdbc.sql("""
				update accounts set tokens_revoked_before = greatest(tokens_revoked_before, :before)
				 where id = :id
				returning tokens_revoked_before""")
			.param("before", Timestamp.from(before)).param("id", account)
			.query(Timestamp.class).optional().map(Timestamp::toInstant);
		this.revokedBefore.invalidate(account);
		return revoked;
	}

	/** The account's revocation instant as stored now (not the kept copy): for minting, which must not be refused. */
	Optional<Instant> currentRevokedBefore(UUID account) {
		return this.jdbc.sql("select tokens_revoked_before from accounts where id = ?").param(account)
			.query(Timestamp.class).optional().map(Timestamp::toInstant);
	}

	/**
	 * Whether an operator token of the account issued at {@code issuedAt} was revoked. A token without {@code iat} is
	 * revoked once its account has any revocation. With the database unreachable the answer is "not revoked" (logged):
	 * every operator request reads the database itself and is answered 503 then, rather than a misleading 401.
	 */
	boolean revoked(UUID account, Instant issuedAt) {
		Optional<Instant> before;
		try {
			before = this.revokedBefore.get(account, this::currentRevokedBefore);
		}
		catch (DataAccessException ex) {
			log.warn("Could not read the token revocation of account {}: {}", account, ex.getMessage());
			return false;
		}
		return before.isPresent() && (issuedAt == null || issuedAt.isBefore(before.get()));
	}

}
