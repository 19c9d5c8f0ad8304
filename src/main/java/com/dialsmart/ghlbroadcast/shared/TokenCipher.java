package com.dialsmart.ghlbroadcast.shared;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import javax.crypto.spec.SecretKeySpec;

import org.springframework.security.crypto.encrypt.AesBytesEncryptor;
import org.springframework.security.crypto.encrypt.AesBytesEncryptor.CipherAlgorithm;
import org.springframework.security.crypto.keygen.KeyGenerators;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * AES-256-GCM for third-party tokens at rest (today GHL's); each ciphertext carries a random IV and is stored beside
 * its key version. Outside demo mode the key must be configured, and the service refuses to start with a missing or
 * malformed one; in demo mode it is generated once and kept in the data folder.
 */
@Component
public class TokenCipher {

	private static final SecureRandom RANDOM = new SecureRandom();

	private final int currentVersion;

	private final Map<Integer, byte[]> keys = new HashMap<>();

	TokenCipher(CryptoProperties crypto, RunMode runMode) {
		this.currentVersion = crypto.keyVersion();
		this.keys.put(crypto.keyVersion(), currentKey(crypto, runMode));
		if (crypto.retiredKeys() != null) {
			crypto.retiredKeys().forEach((version, key) -> this.keys.putIfAbsent(version,
					decodeAesKey(key, "app.crypto.retired-keys." + version)));
		}
	}

	/** The key version {@link #encrypt} uses: store it beside the ciphertext. */
	public int currentVersion() {
		return this.currentVersion;
	}

	public byte[] encrypt(String plaintext) {
		return encryptor(this.currentVersion).encrypt(plaintext.getBytes(StandardCharsets.UTF_8));
	}

	public String decrypt(byte[] ciphertext, int keyVersion) {
		return new String(encryptor(keyVersion).decrypt(ciphertext), StandardCharsets.UTF_8);
	}

	private AesBytesEncryptor encryptor(int version) {
		byte[] key = this.keys.get(version);
		if (key == null) {
			throw new IllegalStateException("No encryption key of version " + version
					+ " is configured; add it as app.crypto.retired-keys." + version);
		}
		return new AesBytesEncryptor(new SecretKeySpec(key, "AES"), KeyGenerators.secureRandom(16),
				CipherAlgorithm.GCM);
	}

	private static byte[] currentKey(CryptoProperties crypto, RunMode runMode) {
		String configured = crypto.key();
		if (!StringUtils.hasText(configured)) {
			if (!runMode.demo()) {
				throw new IllegalStateException("app.crypto.key (env APP_CRYPTO_KEY) is not set; "
						+ "set it to the base64 of 32 random bytes, e.g. the output of: openssl rand -base64 32");
			}
			configured = runMode.demoSecret("app.crypto.key", TokenCipher::randomKey);
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

	private static String randomKey() {
		byte[] random = new byte[32];
		RANDOM.nextBytes(random);
		return Base64.getEncoder().encodeToString(random);
	}

}
