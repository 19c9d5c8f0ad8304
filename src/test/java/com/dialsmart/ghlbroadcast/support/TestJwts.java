package com.dialsmart.ghlbroadcast.support;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;

/**
 * Mints JWTs the service did not: with any claims, any HS256 secret, or no signature at all, to test what the
 * resource server refuses. A {@code null} argument leaves that claim out.
 */
public final class TestJwts {

	private TestJwts() {
	}

	public static String signed(String secret, String subject, String role, Instant expiresAt) {
		SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims(subject, role, expiresAt));
		try {
			jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
		return jwt.serialize();
	}

	/** {@code "alg":"none"}: claims anyone could write. */
	public static String unsigned(String subject, String role, Instant expiresAt) {
		return new PlainJWT(claims(subject, role, expiresAt)).serialize();
	}

	private static JWTClaimsSet claims(String subject, String role, Instant expiresAt) {
		// issued before it expires, or the decoder complains about the order instead of the expiry
		Instant issuedAt = expiresAt == null ? Instant.now() : expiresAt.minusSeconds(3600);
		JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issueTime(Date.from(issuedAt));
		if (subject != null) {
			claims.subject(subject);
		}
		if (role != null) {
			claims.claim("role", role);
		}
		if (expiresAt != null) {
			claims.expirationTime(Date.from(expiresAt));
		}
		return claims.build();
	}

}
