package com.dialsmart.ghlbroadcast.shared;

import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param key base64 of the 32-byte AES key that encrypts GHL tokens at rest (env {@code APP_CRYPTO_KEY})
 * @param keyVersion version stored beside each ciphertext, so the key can be rotated
 * @param retiredKeys older keys by version, still used to decrypt values written with them
 */
@ConfigurationProperties("app.crypto")
record CryptoProperties(String key, @DefaultValue("1") int keyVersion, Map<Integer, String> retiredKeys) {
}
