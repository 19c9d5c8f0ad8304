package com.dialsmart.ghlbroadcast.shared;

import java.time.Duration;
import java.util.function.Supplier;

import javax.sql.DataSource;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.BucketExceptions;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Token buckets kept in PostgreSQL ({@code rate_limit_buckets}) by bucket4j, so that one limit holds across every
 * instance of the service. Each consumption is one short transaction that locks the bucket's row.
 * <p>
 * bucket4j wraps every {@link java.sql.SQLException} in its own unchecked exception, which no caller knows as a
 * database failure (the trigger answered 500 for it). Each method here turns it into a
 * {@link DataAccessResourceFailureException}: the limit could not be checked because the database is not there, so
 * callers treat it as they treat any other database outage (the trigger answers 503 with {@code Retry-After}).
 */
@Component
public class PostgresBuckets implements SchedulingConfigurer {

	private final PostgreSQLSelectForUpdateBasedProxyManager<String> buckets;

	private final RateLimitProperties properties;

	PostgresBuckets(DataSource dataSource, RateLimitProperties properties) {
		this.properties = properties;
		this.buckets = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
			.primaryKeyMapper(PrimaryKeyMapper.STRING)
			.table("rate_limit_buckets")
			.idColumn("id")
			.stateColumn("state")
			.expiresAtColumn("expires_at")
			// a bucket row is not needed once the bucket would be full again
			.expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(5)))
			.build();
	}

	/** Takes {@code tokens} from the bucket {@code key} (created from {@code configuration} on first use). */
	public ConsumptionProbe tryConsume(String key, long tokens, Supplier<BucketConfiguration> configuration) {
		try {
			return this.buckets.builder().build(key, configuration).tryConsumeAndReturnRemaining(tokens);
		}
		catch (BucketExceptions.BucketExecutionException ex) {
			throw unavailable(key, ex);
		}
	}

	/** Tokens left in the bucket {@code key} without taking any. */
	public long available(String key, Supplier<BucketConfiguration> configuration) {
		try {
			return this.buckets.builder().build(key, configuration).getAvailableTokens();
		}
		catch (BucketExceptions.BucketExecutionException ex) {
			throw unavailable(key, ex);
		}
	}

	/** Takes as many tokens as the bucket {@code key} has, up to {@code max}; answers how many it took. */
	public long consumeUpTo(String key, long max, Supplier<BucketConfiguration> configuration) {
		try {
			return this.buckets.builder().build(key, configuration).tryConsumeAsMuchAsPossible(max);
		}
		catch (BucketExceptions.BucketExecutionException ex) {
			throw unavailable(key, ex);
		}
	}

	private static DataAccessResourceFailureException unavailable(String key, RuntimeException ex) {
		Throwable cause = ex.getCause() != null ? ex.getCause() : ex;
		return new DataAccessResourceFailureException("Rate limit bucket " + key + " could not be read or written: "
				+ cause.getMessage(), ex);
	}

	/** Deletes expired buckets every {@code app.rate-limit.cleanup-interval} (when scheduling is on). */
	@Override
	public void configureTasks(ScheduledTaskRegistrar tasks) {
		tasks.addFixedDelayTask(this::removeExpired, this.properties.cleanupInterval());
	}

	void removeExpired() {
		while (this.buckets.removeExpired(1000) >= 1000) {
			// keep going until a batch comes back short
		}
	}

}
