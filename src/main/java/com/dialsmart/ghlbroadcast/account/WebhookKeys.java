package com.dialsmart.ghlbroadcast.account;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Webhook key format: {@code wh_} + 256 random bits in base64url; stored only as SHA-256 (hex) and a prefix. */
final class WebhookKeys {

	static final String PREFIX = "wh_";

	/** Visible part of a key, enough to tell keys apart in the UI and logs. */
	static final int VISIBLE_LENGTH = PREFIX.length() + 6;

	private static final SecureRandom RANDOM = new SecureRandom();

	private WebhookKeys() {
	}

	static String generate() {
		byte[] random = new byte[32];
		RANDOM.nextBytes(random);
		return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
	}

	static String prefix(String key) {
		return key.substring(0, Math.min(VISIBLE_LENGTH, key.length()));
	}

	/** A random key has 256 bits of entropy, so a fast unsalted hash is enough (and lets the lookup use an index). */
	static String hash(String key) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
