package com.dialsmart.ghlbroadcast.ghlsync;

import java.net.URI;
import java.time.Duration;
import java.time.ZoneId;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code app.ghl.*}: how the service talks to GHL.
 *
 * @param baseUrl GHL's API base URL
 * @param connectTimeout TCP connect timeout of each call
 * @param readTimeout time to wait for GHL's answer to each call
 * @param rateLimit requests per {@code rateWindow} per GHL location, all instances together (GHL allows 100 per 10 s)
 * @param rateWindow the window of {@code rateLimit}
 * @param maxRetries retries of a retryable failure (I/O, timeout, 5xx) before the update is {@code failed}; a 429 is
 * never counted
 * @param immediateRetries quick retries inside one try, for connection failures (and any I/O failure of a call that is
 * safe to repeat: tags, fields, reads)
 * @param immediateRetryDelay pause before each quick retry
 * @param dateZone time zone of the dates written to GHL's DATE fields ({@code YYYY-MM-DD})
 */
@ConfigurationProperties("app.ghl")
record GhlSyncProperties(@DefaultValue("https://services.leadconnectorhq.com") URI baseUrl,
		@DefaultValue("5s") Duration connectTimeout, @DefaultValue("15s") Duration readTimeout,
		@DefaultValue("90") int rateLimit, @DefaultValue("10s") Duration rateWindow, @DefaultValue("8") int maxRetries,
		@DefaultValue("2") int immediateRetries, @DefaultValue("200ms") Duration immediateRetryDelay,
		@DefaultValue("UTC") ZoneId dateZone, @DefaultValue Backoff backoff, @DefaultValue Sync sync,
		@DefaultValue OAuth oauth, @DefaultValue Health health) {

	/**
	 * Delay before retry n: {@code firstDelay * 2^(n-1)}, at most {@code maxDelay}, times a random factor in
	 * {@code [1 - jitter, 1]}.
	 */
	record Backoff(@DefaultValue("10s") Duration firstDelay, @DefaultValue("15m") Duration maxDelay,
			@DefaultValue("0.25") double jitter) {
	}

	/**
	 * @param interval pause between two scheduled sweeps of all accounts
	 * @param initialDelay wait after start-up before the first scheduled sweep
	 * @param batchSize updates a worker claims at once for one location
	 * @param workersPerLocation workers one instance runs side by side for one location
	 * @param threads workers of one instance for all locations together
	 * @param lease how long a claim holds an update; another instance takes it over after that
	 * @param requestBudget how long {@code ghl-batch-callback} works before it answers (the sweep does the rest)
	 * @param sweepBudget how long one scheduled sweep works before the next one starts afresh
	 * @param maxSlotWait a worker does not wait longer than this for its location's next free slot; the update goes
	 * back to the queue instead
	 * @param instanceId names this instance in {@code locked_by}; generated when empty
	 */
	record Sync(@DefaultValue("30s") Duration interval, @DefaultValue("5s") Duration initialDelay,
			@DefaultValue("10") int batchSize,
			@DefaultValue("4") int workersPerLocation, @DefaultValue("64") int threads,
			@DefaultValue("2m") Duration lease, @DefaultValue("20s") Duration requestBudget,
			@DefaultValue("5m") Duration sweepBudget, @DefaultValue("20s") Duration maxSlotWait, String instanceId) {
	}

	/**
	 * {@code ghlSync} in {@code /actuator/health}.
	 *
	 * @param maxPendingAge the check is DOWN while the oldest pending update is older than this
	 */
	record Health(@DefaultValue("PT1H") Duration maxPendingAge) {
	}

	/**
	 * The marketplace app's OAuth client, needed to refresh the access tokens of accounts in {@code oauth} mode.
	 *
	 * @param refreshBefore a token expiring within this time is refreshed before it is used
	 */
	record OAuth(String clientId, String clientSecret, @DefaultValue("2m") Duration refreshBefore) {

		@Override
		public String toString() {
			return "OAuth[clientId=" + this.clientId + ", refreshBefore=" + this.refreshBefore + "]";
		}

	}

}
