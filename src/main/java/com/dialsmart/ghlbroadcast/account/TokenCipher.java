package com.dialsmart.ghlbroadcast.account;

import java.nio.charset.StandardCharsets;

import javax.crypto.spec.SecretKeySpec;

import org.springframework.security.crypto.encrypt.AesBytesEncryptor;
import org.springframework.security.crypto.encrypt.AesBytesEncryptor.CipherAlgorithm;
import org.springframework.security.crypto.keygen.KeyGenerators;
import org.springframework.stereotype.Component;

/** AES-256-GCM for GHL tokens at rest; each ciphertext carries a random IV and is stored beside its key version. */
@Component
class TokenCipher {

	private final ServiceSecrets secrets;

	TokenCipher(ServiceSecrets secrets) {
		this.secrets = secrets;
	}

	int currentVersion() {
		return this.secrets.cryptoKeyVersion();
	}

	byte[] encrypt(String plaintext) {
		return encryptor(currentVersion()).encrypt(plaintext.getBytes(StandardCharsets.UTF_8));
	}

	String decrypt(byte[] ciphertext, int keyVersion) {
		return new String(encryptor(keyVersion).decrypt(ciphertext), StandardCharsets.UTF_8);
	}

	private AesBytesEncryptor encryptor(int version) {
		return new AesBytesEncryptor(new SecretKeySpec(this.secrets.cryptoKey(version), "AES"),
				KeyGenerators.secureRandom(16), CipherAlgorithm.GCM);
	}

}
