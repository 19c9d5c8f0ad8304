package com.dialsmart.ghlbroadcast.ghlsync;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * Refreshes an account's OAuth access token, single-flight across instances: GHL's refresh tokens are single use, so
 * two instances refreshing at once would leave one of them with a dead token. The first takes a short lease on the
 * settings row (no transaction is held during the call to GHL) and saves both new tokens in one transaction; the
 * others wait for the token generation to change and use the new tokens.
 */
@Component
class GhlTokenRefresher {

	private static final Logger log = LoggerFactory.getLogger(GhlTokenRefresher.class);

	private static final Duration LEASE = Duration.ofSeconds(60);

	private static final Duration POLL = Duration.ofMillis(100);

	private final GhlClient client;

	private final GhlCredentialsStore credentials;

	private final GhlSyncProperties properties;

	private final Clock clock;

	private final String instanceId;

	private final GhlSyncMetrics metrics;

	GhlTokenRefresher(GhlClient client, GhlCredentialsStore credentials, GhlSyncProperties properties, Clock clock,
			SyncInstance instance, GhlSyncMetrics metrics) {
		this.metrics = metrics;
		this.client = client;
		this.credentials = credentials;
		this.properties = properties;
		this.clock = clock;
		this.instanceId = instance.id();
	}

	/** GHL refused the credentials for good: the account's sync needs new ones. */
	static final class CredentialsRefused extends RuntimeException {

		CredentialsRefused(String message) {
			super(message, null, false, false);
		}

	}

	/** True when the token expires soon enough to be refreshed before use. */
	boolean expiresSoon(GhlCredentials current) {
		return current.oauth() && current.expiresAt() != null
				&& current.expiresAt().isBefore(this.clock.instant().plus(this.properties.oauth().refreshBefore()));
	}

	/**
	 * New credentials replacing {@code stale}: refreshed here, or by another instance meanwhile.
	 * @throws CredentialsRefused when GHL refuses the refresh token (or the OAuth client is not configured)
	 * @throws GhlCallException (retryable) when GHL could not be reached
	 */
	GhlCredentials refresh(GhlCredentials stale) {
		UUID account = stale.accountId();
		String owner = this.instanceId + "/" + UUID.randomUUID();
		long deadline = System.nanoTime() + this.properties.readTimeout().plus(LEASE).toNanos();
		while (true) {
			GhlCredentials current = this.credentials.find(account)
				.orElseThrow(() -> new CredentialsRefused("The account's GHL settings were removed"));
			if (current.generation() != stale.generation()) {
				return current;
			}
			if (this.credentials.tryStartRefresh(account, stale.generation(), owner, LEASE)) {
				return refreshHolding(current, owner);
			}
			if (System.nanoTime() > deadline) {
				throw new GhlCallException(GhlCallException.Kind.RETRYABLE, 0, "POST /oauth/token",
						"another instance's token refresh did not finish", null, false, GhlClient.RateInfo.NONE, null);
			}
			sleep();
		}
	}

	private GhlCredentials refreshHolding(GhlCredentials current, String owner) {
		UUID account = current.accountId();
		String clientId = this.properties.oauth().clientId();
		String clientSecret = this.properties.oauth().clientSecret();
		if (!StringUtils.hasText(clientId) || !StringUtils.hasText(clientSecret)) {
			this.credentials.endRefresh(account, owner);
			throw new CredentialsRefused("The OAuth access token needs a refresh, but the service has no OAuth client: "
					+ "set app.ghl.oauth.client-id and app.ghl.oauth.client-secret, or save a new access token");
		}
		if (!StringUtils.hasText(current.refreshToken())) {
			this.credentials.endRefresh(account, owner);
			throw new CredentialsRefused("The OAuth access token needs a refresh, but no refresh token is saved: "
					+ "reconnect the app and save both tokens");
		}
		GhlClient.TokenPair pair;
		try {
			pair = this.client.refreshToken(clientId, clientSecret, current.refreshToken());
		}
		catch (GhlCallException ex) {
			this.credentials.endRefresh(account, owner);
			if (ex.kind() == GhlCallException.Kind.RETRYABLE || ex.kind() == GhlCallException.Kind.RATE_LIMITED) {
				throw ex;
			}
			// "Invalid grant": the refresh token was used or revoked; if another instance rotated it meanwhile, use theirs
			Optional<GhlCredentials> now = this.credentials.find(account);
			if (now.isPresent() && now.get().generation() != current.generation()) {
				return now.get();
			}
			this.metrics.tokenRefresh("refused");
			throw new CredentialsRefused("GHL refused the OAuth refresh token (" + ex.getMessage()
					+ "); reconnect the app and save the new tokens");
		}
		if (!StringUtils.hasText(pair.accessToken())) {
			this.credentials.endRefresh(account, owner);
			throw new GhlCallException(GhlCallException.Kind.RETRYABLE, 200, "POST /oauth/token",
					"the answer had no access_token", null, false, GhlClient.RateInfo.NONE, null);
		}
		this.metrics.tokenRefresh("refreshed");
		String refreshToken = StringUtils.hasText(pair.refreshToken()) ? pair.refreshToken() : current.refreshToken();
		Optional<Long> saved = this.credentials.saveRefreshedTokens(account, current.generation(), owner,
				pair.accessToken(), refreshToken, this.clock.instant().plusSeconds(pair.expiresInSeconds()));
		if (saved.isEmpty()) {
			log.warn("New GHL credentials were saved for account {} while its OAuth token was being refreshed; "
					+ "using those", account);
		}
		else {
			log.info("Refreshed the GHL OAuth token of account {} (location {})", account, current.locationId());
		}
		return this.credentials.find(account)
			.orElseThrow(() -> new CredentialsRefused("The account's GHL settings were removed"));
	}

	private static void sleep() {
		try {
			Thread.sleep(POLL.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new SyncInterrupted();
		}
	}

}
