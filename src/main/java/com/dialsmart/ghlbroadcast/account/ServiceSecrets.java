package com.dialsmart.ghlbroadcast.account;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.stream.IntStream;

import com.dialsmart.ghlbroadcast.shared.RunMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * The JWT signing secret. Outside demo mode it must be configured, and the service refuses to start with a missing or
 * weak one; in demo mode it is generated once and kept in the data folder. (The token-encryption keys are
 * {@code shared.TokenCipher}'s.)
 */
@Component
class ServiceSecrets {

	private static final Logger log = LoggerFactory.getLogger(ServiceSecrets.class);

	static final int MIN_JWT_SECRET_BYTES = 32;

	/**
	 * A random secret of 32 bytes or more has far more distinct bytes than this (base64 about 30, hex all 16); a
	 * secret below it is a placeholder such as {@code aaaa…} or {@code 0000…}, which its length alone did not catch.
	 */
	static final int MIN_JWT_SECRET_DISTINCT_BYTES = 10;

	private static final SecureRandom RANDOM = new SecureRandom();

	private final byte[] jwtSecret;

	ServiceSecrets(AuthProperties auth, RunMode runMode) {
		this.jwtSecret = jwtSecret(auth, runMode);
	}

	byte[] jwtSecret() {
		return this.jwtSecret.clone();
	}

	private static byte[] jwtSecret(AuthProperties auth, RunMode runMode) {
		String configured = auth.jwtSecret();
		if (!StringUtils.hasText(configured)) {
			if (!runMode.demo()) {
				throw new IllegalStateException("app.auth.jwt-secret (env APP_AUTH_JWT_SECRET) is not set; "
						+ "set it to a random string of at least " + MIN_JWT_SECRET_BYTES + " bytes");
			}
			configured = runMode.demoSecret("app.auth.jwt-secret", () -> randomBase64(48));
		}
		byte[] bytes = configured.getBytes(StandardCharsets.UTF_8);
		if (bytes.length < MIN_JWT_SECRET_BYTES) {
			if (!runMode.demo()) {
				throw new IllegalStateException("app.auth.jwt-secret is " + bytes.length + " bytes long; HS256 needs "
						+ "at least " + MIN_JWT_SECRET_BYTES + " bytes, so set a longer random string");
			}
			log.warn("app.auth.jwt-secret is shorter than {} bytes; accepted only because demo mode is on",
					MIN_JWT_SECRET_BYTES);
		}
		String weakness = weakness(bytes);
		if (weakness != null) {
			if (!runMode.demo()) {
				throw new IllegalStateException("app.auth.jwt-secret is too weak: " + weakness + "; anyone who guesses "
						+ "it can mint service-role tokens, so set a random string (e.g. openssl rand -base64 48)");
			}
			log.warn("app.auth.jwt-secret is weak ({}); accepted only because demo mode is on", weakness);
		}
		return bytes;
	}

	/**
	 * Why a secret of the right length is still obviously not random, or {@code null}: too few distinct bytes
	 * ({@code aaaa…}, {@code 0101…}), or one short block repeated ({@code 0123456789} three times and a half).
	 */
	static String weakness(byte[] secret) {
		long distinct = IntStream.range(0, secret.length).map(i -> secret[i]).distinct().count();
		if (distinct < MIN_JWT_SECRET_DISTINCT_BYTES) {
			return "it has only " + distinct + " distinct characters (at least " + MIN_JWT_SECRET_DISTINCT_BYTES
					+ " needed)";
		}
		for (int period = 1; period <= secret.length / 2; period++) {
			if (repeats(secret, period)) {
				return "it is a block of " + period + " characters repeated";
			}
		}
		return null;
	}

	private static boolean repeats(byte[] secret, int period) {
		for (int i = period; i < secret.length; i++) {
			if (secret[i] != secret[i - period]) {
				return false;
			}
		}
		return true;
	}

	private static String randomBase64(int bytes) {
		byte[] random = new byte[bytes];
		RANDOM.nextBytes(random);
		return Base64.getEncoder().encodeToString(random);
	}

}
