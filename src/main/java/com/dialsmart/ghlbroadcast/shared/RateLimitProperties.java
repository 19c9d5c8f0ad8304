package com.dialsmart.ghlbroadcast.shared;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code app.rate-limit.*}: the buckets of {@link PostgresBuckets}.
 *
 * @param cleanupInterval how often bucket rows that would be full again are deleted
 */
@ConfigurationProperties("app.rate-limit")
record RateLimitProperties(@DefaultValue("PT5M") Duration cleanupInterval) {
}
