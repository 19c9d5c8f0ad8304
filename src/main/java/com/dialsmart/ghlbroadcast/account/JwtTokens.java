package com.dialsmart.ghlbroadcast.account;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import com.nimbusds.jose.jwk.source.ImmutableSecret;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.stereotype.Component;

/** Mints HS256 JWTs with the claims the service checks: {@code sub}, {@code role}, {@code iat}, {@code exp}. */
@Component
public class JwtTokens {

	/** A minted token and when it stops working. */
	public record MintedToken(String token, Instant expiresAt) {

		/** Without the token, should the record ever reach a log line. */
		@Override
		public String toString() {
			return "MintedToken[expiresAt=" + this.expiresAt + "]";
		}

	}

	private final NimbusJwtEncoder encoder;

	private final Clock clock;

	private final Duration defaultValidity;

	private final TokenRevocations revocations;

	JwtTokens(ServiceSecrets secrets, AuthProperties properties, Clock clock, TokenRevocations revocations) {
		this.encoder = new NimbusJwtEncoder(new ImmutableSecret<>(secretKey(secrets.jwtSecret())));
		this.clock = clock;
		this.defaultValidity = properties.tokenValidity();
		this.revocations = revocations;
	}

	static SecretKey secretKey(byte[] secret) {
		return new SecretKeySpec(secret, "HmacSHA256");
	}

	/**
	 * Issued now, or if the account's tokens were revoked within this second, at the revocation's whole second (at
	 * most a second ahead), so that a token minted after a revocation is never refused by it.
	 */
	public MintedToken operatorToken(UUID accountId) {
		Instant now = this.clock.instant();
		Instant issuedAt = this.revocations.currentRevokedBefore(accountId).filter(now::isBefore).orElse(now);
		return mint(accountId.toString(), Roles.AUTHENTICATED, issuedAt, this.defaultValidity);
	}

	public MintedToken serviceToken(Duration validity) {
		return mint("service", Roles.SERVICE_ROLE, this.clock.instant(), validity);
	}

	/** A token for a voice engine's call reports: the call-tracking webhook accepts it, nothing else does. */
	public MintedToken voiceEngineToken(Duration validity) {
		return mint("voice-engine", Roles.VOICE_ENGINE, this.clock.instant(), validity);
	}

	private MintedToken mint(String subject, String role, Instant now, Duration validity) {
		Instant expiresAt = now.plus(validity);
		JwtClaimsSet claims = JwtClaimsSet.builder()
			.subject(subject)
			.claim("role", role)
			.issuedAt(now)
			.expiresAt(expiresAt)
			.build();
		JwsHeader header = JwsHeader.with(MacAlgorithm.HS256).build();
		String token = this.encoder.encode(JwtEncoderParameters.from(header, claims)).getTokenValue();
		return new MintedToken(token, expiresAt);
	}

}
