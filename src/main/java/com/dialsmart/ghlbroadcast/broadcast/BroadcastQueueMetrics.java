package com.dialsmart.ghlbroadcast.broadcast;

import java.util.LinkedHashMap;
import java.util.Map;

import com.dialsmart.ghlbroadcast.shared.CachedSnapshot;
import com.dialsmart.ghlbroadcast.shared.MetricNames;
import com.dialsmart.ghlbroadcast.shared.MetricsProperties;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * {@code broadcast_queue_items{status}}: queue items of all broadcasts by status. Read from the trigger-kept counters in
 * {@code broadcast_queue_stats} (one row per broadcast, not per item), at most once per
 * {@code app.metrics.snapshot-max-age} for all the status gauges together.
 */
@Component
class BroadcastQueueMetrics {

	private final JdbcClient jdbc;

	private final CachedSnapshot<Map<String, Long>> counts;

	BroadcastQueueMetrics(JdbcClient jdbc, MeterRegistry registry,
			MetricsProperties metrics) {
		this.jdbc = jdbc;
		this.counts = new CachedSnapshot<>(metrics.snapshotMaxAge(), this::load);
		for (QueueItemStatus item : QueueItemStatus.values()) {
			String status = item.value();
			Gauge.builder(MetricNames.BROADCAST_QUEUE_ITEMS, this.counts, snapshot -> count(snapshot, status))
				.tag(MetricNames.STATUS, status)
				.description("Queue items of all broadcasts by status")
				.register(registry);
		}
	}

	private static double count(CachedSnapshot<Map<String, Long>> snapshot, String status) {
		Map<String, Long> counts = snapshot.get();
		return counts == null ? Double.NaN : counts.getOrDefault(status, 0L);
	}

	private Map<String, Long> load() {
		return this.jdbc.sql("""
				select coalesce(sum(pending), 0) as pending, coalesce(sum(calling), 0) as calling,
				       coalesce(sum(retry), 0) as retry, coalesce(sum(completed), 0) as completed,
				       coalesce(sum(failed), 0) as failed, coalesce(sum(dnc), 0) as dnc,
				       coalesce(sum(cancelled), 0) as cancelled
				  from broadcast_queue_stats""")
			.query((rs, row) -> {
				Map<String, Long> counts = new LinkedHashMap<>();
				for (QueueItemStatus status : QueueItemStatus.values()) {
					counts.put(status.value(), rs.getLong(status.value()));
				}
				return counts;
			})
			.single();
	}

}
