package com.dialsmart.ghlbroadcast.account;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import com.dialsmart.ghlbroadcast.shared.NotFoundException;
import com.dialsmart.ghlbroadcast.shared.PhoneRegion;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Account provisioning for the platform (service-role tokens only). */
@RestController
@RequestMapping("/api/accounts")
class AccountController {

	private final AccountService accounts;

	private final JwtTokens tokens;

	private final Duration tokenValidity;

	private final TokenRevocations revocations;

	AccountController(AccountService accounts, JwtTokens tokens, AuthProperties properties,
			TokenRevocations revocations) {
		this.accounts = accounts;
		this.tokens = tokens;
		this.tokenValidity = properties.tokenValidity();
		this.revocations = revocations;
	}

	record RevocationResponse(UUID accountId, Instant revokedBefore) {
	}

	/** {@code default_phone_region} defaults to US. */
	record CreateAccountPayload(
			@NotBlank(message = NAME) @Size(max = 200, message = NAME) String name,
			@PhoneRegion String defaultPhoneRegion) {

		private static final String NAME = "must be 1 to 200 characters";

	}

	record TokenResponse(String token, Instant expiresAt) {

		/** Without the token: Spring MVC logs the bodies it writes at debug level. */
		@Override
		public String toString() {
			return "TokenResponse[expiresAt=" + this.expiresAt + "]";
		}

	}

	@PostMapping
	@ApiResponse(responseCode = "201", description = "Created")
	ResponseEntity<AccountView> create(@Valid @RequestBody CreateAccountPayload payload) {
		AccountView account = this.accounts.create(payload.name(), payload.defaultPhoneRegion());
		return ResponseEntity.created(URI.create("/api/accounts/" + account.id())).body(account);
	}

	@PostMapping("/{id}/tokens")
	@ApiResponse(responseCode = "201", description = "An operator token for the account")
	ResponseEntity<TokenResponse> mintToken(@PathVariable UUID id) {
		if (!this.accounts.exists(id)) {
			throw new NotFoundException("Account " + id + " not found");
		}
		JwtTokens.MintedToken token = this.tokens.operatorToken(id);
		return ResponseEntity.status(HttpStatus.CREATED).body(new TokenResponse(token.token(), token.expiresAt()));
	}

	/**
	 * Revokes every operator token of the account issued until now (a leaked token, an operator who left): they
	 * answer 401 from now on, on other instances within {@link TokenRevocations#STALE_AT_MOST}. Tokens minted
	 * afterwards work.
	 */
	@PostMapping("/{id}/tokens/revoke")
	@ApiResponse(responseCode = "200", description = "Operator tokens issued before revoked_before are refused")
	RevocationResponse revokeTokens(@PathVariable UUID id) {
		Instant revokedBefore = this.revocations.revoke(id)
			.orElseThrow(() -> new NotFoundException("Account " + id + " not found"));
		return new RevocationResponse(id, revokedBefore);
	}

	/**
	 * A {@code voice_engine} token (valid {@code app.auth.token-validity}) for a voice engine's call reports, so that
	 * the engine's host need not hold the service-role token, which acts for every account.
	 */
	@PostMapping("/voice-engine-token")
	@ApiResponse(responseCode = "201", description = "A token the call-tracking webhook accepts, and nothing else")
	ResponseEntity<TokenResponse> mintVoiceEngineToken() {
		JwtTokens.MintedToken token = this.tokens.voiceEngineToken(this.tokenValidity);
		return ResponseEntity.status(HttpStatus.CREATED).body(new TokenResponse(token.token(), token.expiresAt()));
	}

}
