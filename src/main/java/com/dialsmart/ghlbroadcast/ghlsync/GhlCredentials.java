package com.dialsmart.ghlbroadcast.ghlsync;

import java.time.Instant;
import java.util.UUID;

/**
 * An account's GHL credentials in plain text, for the GHL sync's calls only: never log, return or store them.
 *
 * @param authMode {@code private_token} or {@code oauth}
 * @param generation changes whenever the tokens change (operator save or OAuth refresh); a refresh or a
 * {@code needs_credentials} mark is only applied to the generation it was decided on
 * @param syncStatus {@code ok} or {@code needs_credentials}
 */
record GhlCredentials(UUID accountId, String locationId, String authMode, String accessToken,
		String refreshToken, Instant expiresAt, long generation, boolean syncEnabled, String syncStatus) {

	public boolean oauth() {
		return "oauth".equals(this.authMode);
	}

	public boolean usable() {
		return this.syncEnabled && this.locationId != null && this.accessToken != null && "ok".equals(this.syncStatus);
	}

	@Override
	public String toString() {
		return "GhlCredentials[accountId=" + this.accountId + ", locationId=" + this.locationId + ", authMode="
				+ this.authMode + ", generation=" + this.generation + ", syncStatus=" + this.syncStatus + "]";
	}

}
