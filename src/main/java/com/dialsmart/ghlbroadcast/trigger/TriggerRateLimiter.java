package com.dialsmart.ghlbroadcast.trigger;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.dialsmart.ghlbroadcast.shared.PostgresBuckets;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import org.springframework.stereotype.Component;

/** The trigger's two limits, both in PostgreSQL so they hold across instances. */
@Component
class TriggerRateLimiter {

	/** The outcome of one check; {@code retryAfterSeconds} is whole seconds, at least 1, when rejected. */
	record Decision(boolean allowed, long limit, long remaining, long retryAfterSeconds) {
	}

	private final PostgresBuckets buckets;

	private final TriggerProperties properties;

	TriggerRateLimiter(PostgresBuckets buckets, TriggerProperties properties) {
		this.buckets = buckets;
		this.properties = properties;
	}

	/** One request of a webhook key (all actions count). */
	Decision tryRequest(String keyId) {
		return consume("trigger-key:" + keyId, this.properties.requestsPerMinute());
	}

	/** One failed key check from a client IP. */
	Decision tryFailedKeyCheck(String clientIp) {
		return consume("trigger-ip-fail:" + clientIp, this.properties.failedKeyChecksPerMinute());
	}

	private Decision consume(String key, int perMinute) {
		// refilled all at once each minute (a fixed window): exactly `perMinute` requests pass per window
		ConsumptionProbe probe = this.buckets.tryConsume(key, 1, () -> BucketConfiguration.builder()
			.addLimit(limit -> limit.capacity(perMinute).refillIntervally(perMinute, Duration.ofMinutes(1)))
			.build());
		long retryAfter = Math.max(1, ceilSeconds(probe.getNanosToWaitForRefill()));
		return new Decision(probe.isConsumed(), perMinute, probe.getRemainingTokens(), retryAfter);
	}

	private static long ceilSeconds(long nanos) {
		return (nanos + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1);
	}

}
