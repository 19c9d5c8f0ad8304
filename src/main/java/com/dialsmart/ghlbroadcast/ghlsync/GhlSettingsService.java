package com.dialsmart.ghlbroadcast.ghlsync;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import com.dialsmart.ghlbroadcast.account.WebhookKeyService;
import com.dialsmart.ghlbroadcast.shared.InvalidRequestException;
import com.dialsmart.ghlbroadcast.shared.TokenCipher;
import jakarta.validation.constraints.Pattern;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * An account's GHL settings: location, credentials and whether the sync runs. The view also shows the account's webhook
 * key prefix, which the account module keeps.
 */
@Service
public class GhlSettingsService {

	private static final int MAX_TOKEN_LENGTH = 8192;

	private final GhlSettingsRepository settings;

	private final TokenCipher cipher;

	private final WebhookKeyService webhookKeys;

	private final Clock clock;

	GhlSettingsService(GhlSettingsRepository settings, TokenCipher cipher, WebhookKeyService webhookKeys, Clock clock) {
		this.settings = settings;
		this.cipher = cipher;
		this.webhookKeys = webhookKeys;
		this.clock = clock;
	}

	/**
	 * What operators may see of the settings: never a token, only whether one is set. {@code syncStatus} is
	 * {@code needs_credentials} when GHL refused the credentials (why: {@code syncStatusMessage}); the sync holds the
	 * account's updates until new credentials are saved.
	 */
	public record SettingsView(String locationId, String authMode, boolean accessTokenSet, boolean refreshTokenSet,
			Instant tokenExpiresAt, boolean syncEnabled, String syncStatus, String syncStatusMessage,
			String webhookKeyPrefix, Instant webhookKeyCreatedAt) {
	}

	/** A change of the settings; a {@code null} token keeps the stored one, a blank location id removes it. */
	public record SettingsUpdate(
			@Pattern(regexp = "\\s*([A-Za-z0-9_-]{1,64}\\s*)?", message = "must be the GHL sub-account (location) id, "
					+ "1 to 64 letters, digits, '-' or '_'") String locationId,
			@Pattern(regexp = "private_token|oauth",
					message = "must be 'private_token' (a Private Integration Token) or 'oauth'") String authMode,
			@Pattern(regexp = TOKEN, message = TOKEN_MESSAGE) String accessToken,
			@Pattern(regexp = TOKEN, message = TOKEN_MESSAGE) String refreshToken, Instant tokenExpiresAt,
			Boolean syncEnabled) {

		/** Blank (no change), or the token exactly as GHL shows it: printable ASCII without spaces. */
		private static final String TOKEN = "\\s*([!-~]{1," + MAX_TOKEN_LENGTH + "}\\s*)?";

		private static final String TOKEN_MESSAGE = "must be the token exactly as GHL shows it "
				+ "(printable ASCII without spaces, at most " + MAX_TOKEN_LENGTH + " characters)";

		/** Without the tokens: Spring MVC logs request bodies it reads at debug level. */
		@Override
		public String toString() {
			return "SettingsUpdate[locationId=" + this.locationId + ", authMode=" + this.authMode + ", accessToken="
					+ (this.accessToken == null ? null : "***") + ", refreshToken="
					+ (this.refreshToken == null ? null : "***") + ", tokenExpiresAt=" + this.tokenExpiresAt
					+ ", syncEnabled=" + this.syncEnabled + "]";
		}

	}

	@Transactional(readOnly = true)
	public SettingsView get(UUID accountId) {
		Optional<WebhookKeyService.CurrentKey> key = this.webhookKeys.current(accountId);
		return this.settings.findById(accountId).map(row -> view(row, key))
			.orElse(new SettingsView(null, "private_token", false, false, null, false, "ok", null,
					key.map(WebhookKeyService.CurrentKey::prefix).orElse(null),
					key.map(WebhookKeyService.CurrentKey::createdAt).orElse(null)));
	}

	@Transactional
	public SettingsView update(UUID accountId, SettingsUpdate update) {
		Instant now = this.clock.instant();
		GhlSettings row = this.settings.findById(accountId).orElseGet(() -> new GhlSettings(accountId, now));
		String authMode = update.authMode() == null ? row.authMode() : update.authMode();
		String locationId = update.locationId() == null ? row.locationId() : blankToNull(update.locationId());
		String accessToken = blankToNull(update.accessToken());
		String refreshToken = blankToNull(update.refreshToken());
		boolean hasAccess = accessToken != null || row.accessTokenEncrypted() != null;
		boolean hasRefresh = refreshToken != null || row.refreshTokenEncrypted() != null;
		boolean syncEnabled = update.syncEnabled() == null ? row.syncEnabled() : update.syncEnabled();
		if (syncEnabled && (locationId == null || !hasAccess)) {
			throw new InvalidRequestException("sync_enabled", "needs a location_id and an access_token: set both first");
		}
		if (syncEnabled && "oauth".equals(authMode) && !hasRefresh) {
			throw new InvalidRequestException("refresh_token",
					"is needed with auth_mode 'oauth', to renew the access token");
		}
		if (accessToken != null || refreshToken != null) {
			storeTokens(row, accessToken, refreshToken);
			row.markCredentialsOk();
		}
		Instant expiresAt = update.tokenExpiresAt() != null || accessToken != null ? update.tokenExpiresAt()
				: row.tokenExpiresAt();
		row.update(locationId, authMode, syncEnabled, expiresAt, now);
		return view(this.settings.save(row), this.webhookKeys.current(accountId));
	}

	/** Re-encrypts the token that is not replaced as well, so both always share the current key version. */
	private void storeTokens(GhlSettings row, String accessToken, String refreshToken) {
		String access = accessToken != null ? accessToken : decrypt(row.accessTokenEncrypted(), row.tokenKeyVersion());
		String refresh = refreshToken != null ? refreshToken
				: decrypt(row.refreshTokenEncrypted(), row.tokenKeyVersion());
		row.storeTokens(access == null ? null : this.cipher.encrypt(access),
				refresh == null ? null : this.cipher.encrypt(refresh), this.cipher.currentVersion());
	}

	private String decrypt(byte[] ciphertext, Integer keyVersion) {
		return ciphertext == null ? null : this.cipher.decrypt(ciphertext, keyVersion);
	}

	private static String blankToNull(String value) {
		return value == null || value.isBlank() ? null : value.strip();
	}

	private static SettingsView view(GhlSettings row, Optional<WebhookKeyService.CurrentKey> key) {
		return new SettingsView(row.locationId(), row.authMode(), row.accessTokenEncrypted() != null,
				row.refreshTokenEncrypted() != null, row.tokenExpiresAt(), row.syncEnabled(), row.syncStatus(),
				row.syncStatusMessage(), key.map(WebhookKeyService.CurrentKey::prefix).orElse(null),
				key.map(WebhookKeyService.CurrentKey::createdAt).orElse(null));
	}

}
