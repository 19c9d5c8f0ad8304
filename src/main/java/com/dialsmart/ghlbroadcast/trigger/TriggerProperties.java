package com.dialsmart.ghlbroadcast.trigger;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param requestsPerMinute requests a webhook key may make per minute, all actions and instances together
 * @param failedKeyChecksPerMinute failed key checks a client IP may make per minute before getting 429
 * @param maxBodyBytes larger bodies are refused with 413 before they are parsed
 * @param activityRetention activity rows older than this are deleted
 * @param activityPruneInterval how often old activity rows are looked for
 */
@ConfigurationProperties("app.trigger")
record TriggerProperties(@DefaultValue("100") int requestsPerMinute, @DefaultValue("20") int failedKeyChecksPerMinute,
		@DefaultValue("65536") int maxBodyBytes, @DefaultValue("P30D") Duration activityRetention,
		@DefaultValue("PT1H") Duration activityPruneInterval) {
}
