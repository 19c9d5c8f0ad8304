package com.dialsmart.ghlbroadcast.account;

import java.time.Duration;

import com.dialsmart.ghlbroadcast.shared.RunMode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/** What the service accepts as its JWT secret at start-up: long enough is not enough, it must not be a placeholder. */
class ServiceSecretsTests {

	@Test
	void refusesASecretOfOneCharacterRepeatedOutsideDemoMode() {
		assertThatIllegalStateException().isThrownBy(() -> secrets("a".repeat(64), false))
			.withMessageContaining("app.auth.jwt-secret is too weak")
			.withMessageContaining("1 distinct characters");
	}

	@Test
	void refusesASecretOfFewDistinctCharacters() {
		assertThatIllegalStateException().isThrownBy(() -> secrets("0101010101010101010101010102010101", false))
			.withMessageContaining("3 distinct characters");
	}

	@Test
	void refusesAShortBlockRepeated() {
		assertThatIllegalStateException().isThrownBy(() -> secrets("0123456789".repeat(4), false))
			.withMessageContaining("a block of 10 characters repeated");
	}

	@Test
	void acceptsARandomLookingSecret() {
		String secret = "test-only-jwt-secret-0123456789-abcdefghijklmnop";

		assertThat(secrets(secret, false).jwtSecret()).hasSize(secret.length());
		assertThat(secrets("3f9a0c27b1d84e6f5a2c9e0b7d13f4a86c2e5b9d0a7f1c3e8b4d6a2f9c0e1b57", false).jwtSecret())
			.hasSize(64);
	}

	@Test
	void stillRefusesAShortSecretForItsLength() {
		assertThatIllegalStateException().isThrownBy(() -> secrets("abcdefghijklmnop", false))
			.withMessageContaining("16 bytes long");
	}

	@Test
	void acceptsAWeakSecretInDemoModeOnly() {
		assertThat(secrets("a".repeat(64), true).jwtSecret()).hasSize(64);
	}

	private static ServiceSecrets secrets(String secret, boolean demo) {
		RunMode runMode = mock(RunMode.class);
		given(runMode.demo()).willReturn(demo);
		return new ServiceSecrets(new AuthProperties(secret, Duration.ofDays(30)), runMode);
	}

}
