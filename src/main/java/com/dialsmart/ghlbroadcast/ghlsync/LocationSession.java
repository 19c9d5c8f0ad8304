package com.dialsmart.ghlbroadcast.ghlsync;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;


/**
 * One worker's conversation with one GHL location: the credentials (refreshed once on a 401 in OAuth mode), the
 * pacing of every request through the shared {@link LocationPacer}, GHL's rate-limit headers, and the resolved
 * custom-field ids. Not thread safe: one per worker.
 */
class LocationSession implements GhlClient.Pacing {

	private final LocationPacer pacer;

	private final GhlTokenRefresher refresher;

	private final GhlCredentialsStore credentialsStore;

	private final GhlClient client;

	private GhlCredentials credentials;

	private GhlClient.Auth auth;

	private boolean refreshedSinceLastSuccess;

	private Map<String, String> fieldIds;

	private boolean fieldsListed;

	private Duration stopDelay = Duration.ZERO;

	private boolean resumable;

	LocationSession(GhlCredentials credentials, LocationPacer pacer, GhlTokenRefresher refresher,
			GhlCredentialsStore credentialsStore, GhlClient client) {
		this.pacer = pacer;
		this.refresher = refresher;
		this.credentialsStore = credentialsStore;
		this.client = client;
		use(credentials);
	}

	private void use(GhlCredentials credentials) {
		this.credentials = credentials;
		this.auth = new GhlClient.Auth(credentials.locationId(), credentials.accessToken());
	}

	GhlCredentials credentials() {
		return this.credentials;
	}

	String locationId() {
		return this.credentials.locationId();
	}

	/** Takes newer credentials (read again from the database) when they changed since this session began. */
	void renew(GhlCredentials latest) {
		if (latest.generation() != this.credentials.generation()
				|| !java.util.Objects.equals(latest.locationId(), this.credentials.locationId())) {
			if (!java.util.Objects.equals(latest.locationId(), this.credentials.locationId())) {
				this.fieldIds = null;
				this.fieldsListed = false;
			}
			use(latest);
			this.refreshedSinceLastSuccess = false;
		}
	}

	/**
	 * Makes a GHL call with the session's token. An OAuth token that expires soon is refreshed first; a 401 refreshes
	 * it once and repeats the call (a 401 means GHL applied nothing).
	 */
	<T> T call(Function<GhlClient.Auth, T> call) {
		if (this.refresher.expiresSoon(this.credentials) && !this.refreshedSinceLastSuccess) {
			use(this.refresher.refresh(this.credentials));
			this.refreshedSinceLastSuccess = true;
		}
		try {
			T result = call.apply(this.auth);
			this.refreshedSinceLastSuccess = false;
			return result;
		}
		catch (GhlCallException ex) {
			if (ex.kind() != GhlCallException.Kind.AUTH || !this.credentials.oauth() || this.refreshedSinceLastSuccess) {
				throw ex;
			}
			use(this.refresher.refresh(this.credentials));
			this.refreshedSinceLastSuccess = true;
			T result = call.apply(this.auth);
			this.refreshedSinceLastSuccess = false;
			return result;
		}
	}

	/** Marks the account as needing new credentials (unless they changed meanwhile). */
	void needsCredentials(String message) {
		this.credentialsStore.markNeedsCredentials(this.credentials.accountId(), this.credentials.generation(), message);
	}

	/**
	 * The ids of the seed's six fields in this location, by field key: from the cache, else listed from GHL (once
	 * per session) by field key. Missing fields are missing from the map.
	 */
	Map<String, String> fieldIds() {
		if (this.fieldIds == null) {
			this.fieldIds = new LinkedHashMap<>(
					this.credentialsStore.customFieldIds(this.credentials.accountId(), locationId()));
		}
		if (!this.fieldIds.keySet().containsAll(SyncValues.FIELDS.keySet()) && !this.fieldsListed) {
			this.fieldsListed = true;
			List<GhlClient.CustomField> listed = call(a -> this.client.customFields(a, this, locationId()));
			Map<String, String> found = BroadcastFieldsSetup.match(listed);
			if (!found.isEmpty()) {
				this.credentialsStore.saveCustomFieldIds(this.credentials.accountId(), locationId(), found);
			}
			this.fieldIds.putAll(found);
		}
		return this.fieldIds;
	}

	/** GHL refused the cached ids: forget them, so that the next session lists the fields again. */
	void forgetFieldIds() {
		this.credentialsStore.forgetCustomFieldIds(this.credentials.accountId(), locationId());
		this.fieldIds = null;
		this.fieldsListed = false;
	}

	/**
	 * The worker stopped: the rest of its batch goes back due after {@code delay}; when {@code resumable} (the location
	 * is only paused or fully booked) the worker comes back by itself after that delay.
	 */
	void stopped(Duration delay, boolean resumable) {
		this.stopDelay = delay;
		this.resumable = resumable;
	}

	Duration lastStopDelay() {
		return this.stopDelay;
	}

	boolean resumable() {
		return this.resumable;
	}

	@Override
	public void beforeSend() {
		long wait = this.pacer.nextSlot(locationId()) - System.nanoTime();
		if (wait > 0) {
			try {
				TimeUnit.NANOSECONDS.sleep(wait);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new SyncInterrupted();
			}
		}
	}

	@Override
	public void afterAnswer(GhlClient.RateInfo rate) {
		if (rate.remaining() != null && rate.remaining() <= 0) {
			pause(rate.intervalMillis() == null ? null : Duration.ofMillis(rate.intervalMillis()));
		}
	}

	/**
	 * Pauses the location for all instances: for {@code wait} (GHL's {@code Retry-After} or interval), else a whole
	 * window, plus a little jitter so that instances do not all come back at the same instant.
	 * @return how long the location is paused
	 */
	Duration pause(Duration wait) {
		Duration base = wait == null || wait.isZero() || wait.isNegative() ? this.pacer.window() : wait;
		Duration paused = base.plusMillis(ThreadLocalRandom.current().nextLong(1, Math.max(2, base.toMillis() / 10 + 2)));
		this.pacer.pause(locationId(), paused);
		return paused;
	}

}
