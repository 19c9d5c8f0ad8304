package com.dialsmart.ghlbroadcast.ghlsync;

import org.springframework.stereotype.Component;

/** Opens {@link LocationSession}s. */
@Component
class SessionFactory {

	private final LocationPacer pacer;

	private final GhlTokenRefresher refresher;

	private final GhlCredentialsStore credentials;

	private final GhlClient client;

	SessionFactory(LocationPacer pacer, GhlTokenRefresher refresher, GhlCredentialsStore credentials, GhlClient client) {
		this.pacer = pacer;
		this.refresher = refresher;
		this.credentials = credentials;
		this.client = client;
	}

	LocationSession open(GhlCredentials credentials) {
		return new LocationSession(credentials, this.pacer, this.refresher, this.credentials, this.client);
	}

}
