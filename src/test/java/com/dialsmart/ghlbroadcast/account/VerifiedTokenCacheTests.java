package com.dialsmart.ghlbroadcast.account;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.spec.SecretKeySpec;

import com.dialsmart.ghlbroadcast.support.TestJwts;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class VerifiedTokenCacheTests {

	private static final String SECRET = "verified-token-cache-test-secret-0123456789";

	private final MovableClock clock = new MovableClock(Instant.parse("2026-11-27T12:00:00Z"));

	private final AtomicInteger verifications = new AtomicInteger();

	private final VerifiedTokenCache cache = cache();

	@Test
	void verifiesATokenOnceAndAnswersItsClaimsEveryTime() {
		String token = token(this.clock.instant().plus(Duration.ofHours(1)));

		Jwt first = this.cache.decode(token);
		Jwt second = this.cache.decode(token);

		assertThat(this.verifications).hasValue(1);
		assertThat(second.getSubject()).isEqualTo(first.getSubject()).isEqualTo("service");
		assertThat(second.getClaimAsString("role")).isEqualTo("service_role");
	}

	@Test
	void rejectsAKeptTokenOnceItHasExpired() {
		String token = token(this.clock.instant().plus(Duration.ofMinutes(2)));
		this.cache.decode(token);

		this.clock.advance(Duration.ofMinutes(3));

		assertThatExceptionOfType(JwtValidationException.class).isThrownBy(() -> this.cache.decode(token))
			.withMessageContaining("expired");
		assertThatExceptionOfType(JwtValidationException.class).isThrownBy(() -> this.cache.decode(token));
		assertThat(this.verifications).as("verified again after it was dropped").hasValue(2);
	}

	@Test
	void neverKeepsATokenThatFailedItsCheck() {
		String good = token(this.clock.instant().plus(Duration.ofHours(1)));
		String tampered = good.substring(0, good.length() - 4) + (good.endsWith("AAAA") ? "BBBB" : "AAAA");

		assertThatExceptionOfType(JwtException.class).isThrownBy(() -> this.cache.decode(tampered));
		assertThatExceptionOfType(JwtException.class).isThrownBy(() -> this.cache.decode(tampered));

		assertThat(this.verifications).hasValue(2);
	}

	@Test
	void keepsEachTokenByItsExactText() {
		String one = token(this.clock.instant().plus(Duration.ofHours(1)));
		String other = token(this.clock.instant().plus(Duration.ofHours(2)));

		this.cache.decode(one);
		this.cache.decode(other);
		this.cache.decode(one);

		assertThat(this.verifications).hasValue(2);
	}

	private VerifiedTokenCache cache() {
		JwtTimestampValidator validator = new JwtTimestampValidator(Duration.ZERO);
		validator.setClock(this.clock);
		NimbusJwtDecoder nimbus = NimbusJwtDecoder
			.withSecretKey(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"))
			.macAlgorithm(MacAlgorithm.HS256)
			.build();
		nimbus.setJwtValidator(validator);
		JwtDecoder counting = (token) -> {
			this.verifications.incrementAndGet();
			return nimbus.decode(token);
		};
		return new VerifiedTokenCache(counting, validator, Duration.ofMinutes(5), 100);
	}

	private static String token(Instant expiresAt) {
		return TestJwts.signed(SECRET, "service", "service_role", expiresAt);
	}

	private static final class MovableClock extends Clock {

		private Instant now;

		MovableClock(Instant now) {
			this.now = now;
		}

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public Instant instant() {
			return this.now;
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

	}

}
