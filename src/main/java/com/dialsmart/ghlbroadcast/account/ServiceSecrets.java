package com.dialsmart.ghlbroadcast.account;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

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
		return bytes;
	}

	private static String randomBase64(int bytes) {
		byte[] random = new byte[bytes];
		RANDOM.nextBytes(random);
		return Base64.getEncoder().encodeToString(random);
	}

}
