package com.dialsmart.ghlbroadcast.account;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidationException;

/**
 * Keeps tokens that passed the full check, by their exact text, so that a caller sending the same token with every
 * request (the service-role token of a call-tracking webhook, an operator's script) is not verified again each time:
 * parsing and checking an HS256 signature was a tenth of a webhook request's CPU (docs/BENCHMARKS.md). A kept token
 * still goes through the validators (expiry, our claims) on every use; a token that fails any check is never kept.
 */
final class VerifiedTokenCache implements JwtDecoder {

	private final JwtDecoder verifier;

	private final OAuth2TokenValidator<Jwt> validator;

	private final Cache<String, Jwt> verified;

	/**
	 * @param verifier decodes, checks the signature and runs {@code validator}
	 * @param validator the verifier's validator, run again on every use of a kept token
	 */
	VerifiedTokenCache(JwtDecoder verifier, OAuth2TokenValidator<Jwt> validator, Duration keepFor, long maxTokens) {
		this.verifier = verifier;
		this.validator = validator;
		this.verified = Caffeine.newBuilder().expireAfterWrite(keepFor).maximumSize(maxTokens).build();
	}

	@Override
	public Jwt decode(String token) {
		Jwt jwt = this.verified.getIfPresent(token);
		if (jwt == null) {
			jwt = this.verifier.decode(token);
			this.verified.put(token, jwt);
			return jwt;
		}
		OAuth2TokenValidatorResult result = this.validator.validate(jwt);
		if (result.hasErrors()) {
			this.verified.invalidate(token);
			throw new JwtValidationException("An error occurred while attempting to decode the Jwt: "
					+ result.getErrors().iterator().next().getDescription(), result.getErrors());
		}
		return jwt;
	}

}
