package com.dialsmart.ghlbroadcast.shared;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code app.metrics.*}.
 *
 * @param snapshotMaxAge gauges backed by a query ({@code broadcast_queue_items}, ...) query at most once per this
 * period, however often they are scraped
 */
@ConfigurationProperties("app.metrics")
public record MetricsProperties(@DefaultValue("PT5S") Duration snapshotMaxAge) {
}
