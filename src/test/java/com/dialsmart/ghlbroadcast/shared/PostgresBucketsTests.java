package com.dialsmart.ghlbroadcast.shared;

import java.sql.SQLTransientConnectionException;
import java.time.Duration;

import javax.sql.DataSource;

import io.github.bucket4j.BucketConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * A database that gives no connection (Hikari's timeout) reaches the buckets' callers as a database outage, not as
 * bucket4j's own exception, which the trigger answered with a 500.
 */
class PostgresBucketsTests {

	private static final BucketConfiguration TEN_A_MINUTE = BucketConfiguration.builder()
		.addLimit(limit -> limit.capacity(10).refillIntervally(10, Duration.ofMinutes(1)))
		.build();

	@Test
	void reportsAnUnreachableDatabaseAsADataAccessFailure() throws Exception {
		DataSource down = mock(DataSource.class);
		given(down.getConnection()).willThrow(new SQLTransientConnectionException("embedded - Connection is not "
				+ "available, request timed out after 250ms"));
		PostgresBuckets buckets = new PostgresBuckets(down, new RateLimitProperties(Duration.ofMinutes(5)));

		assertThatExceptionOfType(DataAccessResourceFailureException.class)
			.isThrownBy(() -> buckets.tryConsume("trigger-key:k1", 1, () -> TEN_A_MINUTE))
			.withMessageContaining("trigger-key:k1")
			.withMessageContaining("request timed out");
		assertThatExceptionOfType(DataAccessResourceFailureException.class)
			.isThrownBy(() -> buckets.available("trigger-key:k1", () -> TEN_A_MINUTE));
		assertThatExceptionOfType(DataAccessResourceFailureException.class)
			.isThrownBy(() -> buckets.consumeUpTo("engine-cpm:b1:10", 5, () -> TEN_A_MINUTE));
	}

}
