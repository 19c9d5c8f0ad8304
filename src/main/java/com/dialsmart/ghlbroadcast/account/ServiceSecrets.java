package com.dialsmart.ghlbroadcast.account;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import com.dialsmart.ghlbroadcast.shared.RunMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * The service's own secrets: the JWT signing secret and the token-encryption keys. Outside demo mode they must be
 * configured, and the service refuses to start with a missing or weak one; in demo mode they are generated once and
 * kept in the data folder.
 */
@Component
class ServiceSecrets {

	private static final Logger log = LoggerFactory.getLogger(ServiceSecrets.class);

	static final int MIN_JWT_SECRET_BYTES = 32;

	private static final SecureRandom RANDOM = new SecureRandom();

	private final byte[] jwtSecret;

	private final int cryptoKeyVersion;

	private final Map<Integer, byte[]> cryptoKeys = new HashMap<>();

	ServiceSecrets(AuthProperties auth, CryptoProperties crypto, RunMode runMode) {
		this.jwtSecret = jwtSecret(auth, runMode);
		this.cryptoKeyVersion = crypto.keyVersion();
		this.cryptoKeys.put(crypto.keyVersion(), currentCryptoKey(crypto, runMode));
		if (crypto.retiredKeys() != null) {
			crypto.retiredKeys().forEach((version, key) -> this.cryptoKeys.putIfAbsent(version,
					decodeAesKey(key, "app.crypto.retired-keys." + version)));
		}
	}

	byte[] jwtSecret() {
		return this.jwtSecret.clone();
	}

	int cryptoKeyVersion() {
		return this.cryptoKeyVersion;
	}

	byte[] cryptoKey(int version) {
		byte[] key = this.cryptoKeys.get(version);
		if (key == null) {
			throw new IllegalStateException("No encryption key of version " + version
					+ " is configured; add it as app.crypto.retired-keys." + version);
		}
		return key.clone();
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

	private static byte[] currentCryptoKey(CryptoProperties crypto, RunMode runMode) {
		String configured = crypto.key();
		if (!StringUtils.hasText(configured)) {
			if (!runMode.demo()) {
				throw new IllegalStateException("app.crypto.key (env APP_CRYPTO_KEY) is not set; "
						+ "set it to the base64 of 32 random bytes, e.g. the output of: openssl rand -base64 32");
			}
			configured = runMode.demoSecret("app.crypto.key", () -> randomBase64(32));
		}
		return decodeAesKey(configured, "app.crypto.key");
	}

	private static byte[] decodeAesKey(String base64, String property) {
		byte[] key;
		try {
			key = Base64.getDecoder().decode(base64.strip());
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException(property + " is not valid base64; generate one with: openssl rand -base64 32");
		}
		if (key.length != 32) {
			throw new IllegalStateException(property + " decodes to " + key.length + " bytes; AES-256 needs exactly 32 "
					+ "(openssl rand -base64 32)");
		}
		return key;
	}

	private static String randomBase64(int bytes) {
		byte[] random = new byte[bytes];
		RANDOM.nextBytes(random);
		return Base64.getEncoder().encodeToString(random);
	}

}
