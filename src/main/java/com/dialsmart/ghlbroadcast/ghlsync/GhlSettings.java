package com.dialsmart.ghlbroadcast.ghlsync;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.DynamicUpdate;

/** An account's GHL settings ({@code ghl_sync_settings}): tokens only as ciphertext. */
@Entity
@Table(name = "ghl_sync_settings")
// only changed columns: the sync writes refreshed tokens and its status with plain SQL at any time
@DynamicUpdate
class GhlSettings {

	@Id
	@Column(name = "user_id")
	private UUID accountId;

	@Column(name = "location_id")
	private String locationId;

	@Column(name = "auth_mode", nullable = false)
	private String authMode = "private_token";

	@Column(name = "access_token_enc")
	private byte[] accessTokenEncrypted;

	@Column(name = "refresh_token_enc")
	private byte[] refreshTokenEncrypted;

	@Column(name = "token_key_version")
	private Integer tokenKeyVersion;

	@Column(name = "token_expires_at")
	private Instant tokenExpiresAt;

	@Column(name = "sync_enabled", nullable = false)
	private boolean syncEnabled;

	@Column(name = "sync_status", nullable = false)
	private String syncStatus = "ok";

	@Column(name = "sync_status_message")
	private String syncStatusMessage;

	@Column(name = "token_generation", nullable = false)
	private long tokenGeneration;

	@Column(name = "created_at", nullable = false, updatable = false)
	private Instant createdAt;

	@Column(name = "updated_at", nullable = false)
	private Instant updatedAt;

	protected GhlSettings() {
	}

	GhlSettings(UUID accountId, Instant now) {
		this.accountId = accountId;
		this.createdAt = now;
		this.updatedAt = now;
	}

	void update(String locationId, String authMode, boolean syncEnabled, Instant tokenExpiresAt, Instant now) {
		this.locationId = locationId;
		this.authMode = authMode;
		this.syncEnabled = syncEnabled;
		this.tokenExpiresAt = tokenExpiresAt;
		this.updatedAt = now;
	}

	/** Both tokens are always written together, encrypted with the same (current) key version. */
	void storeTokens(byte[] accessToken, byte[] refreshToken, int keyVersion) {
		this.accessTokenEncrypted = accessToken;
		this.refreshTokenEncrypted = refreshToken;
		this.tokenKeyVersion = keyVersion;
		this.tokenGeneration++;
	}

	void markCredentialsOk() {
		this.syncStatus = "ok";
		this.syncStatusMessage = null;
	}

	UUID accountId() {
		return this.accountId;
	}

	String locationId() {
		return this.locationId;
	}

	String authMode() {
		return this.authMode;
	}

	byte[] accessTokenEncrypted() {
		return this.accessTokenEncrypted;
	}

	byte[] refreshTokenEncrypted() {
		return this.refreshTokenEncrypted;
	}

	Integer tokenKeyVersion() {
		return this.tokenKeyVersion;
	}

	Instant tokenExpiresAt() {
		return this.tokenExpiresAt;
	}

	boolean syncEnabled() {
		return this.syncEnabled;
	}

	String syncStatus() {
		return this.syncStatus;
	}

	String syncStatusMessage() {
		return this.syncStatusMessage;
	}

}
