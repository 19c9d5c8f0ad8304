package com.dialsmart.ghlbroadcast.ghlsync;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.dialsmart.ghlbroadcast.shared.CachedSnapshot;
import com.dialsmart.ghlbroadcast.shared.MetricNames;
import com.dialsmart.ghlbroadcast.shared.MetricsProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The GHL sync's metrics: the outbox by status and the age of its oldest pending update (read at most once per
 * {@code app.metrics.snapshot-max-age}), GHL requests by endpoint template and status with their latency, 429s,
 * and token refreshes. Tags never hold ids, location ids or tokens.
 */
@Component
class GhlSyncMetrics {

	static final List<String> STATUSES = SyncQueries.UPDATE_STATUSES;

	static final String OLDEST_AGE = "oldest_pending_age_seconds";

	private final MeterRegistry registry;

	private final JdbcClient jdbc;

	/** A field, not a local: Micrometer gauges hold their state object only weakly. */
	private final CachedSnapshot<Map<String, Double>> outbox;

	GhlSyncMetrics(MeterRegistry registry, JdbcClient jdbc,
			MetricsProperties metrics) {
		this.registry = registry;
		this.jdbc = jdbc;
		this.outbox = new CachedSnapshot<>(metrics.snapshotMaxAge(), this::load);
		for (String status : STATUSES) {
			Gauge.builder(MetricNames.GHL_PENDING_UPDATES, this.outbox, snapshot -> value(snapshot, status))
				.tag(MetricNames.STATUS, status)
				.description("Outcomes in the GHL outbox by status")
				.register(registry);
		}
		Gauge.builder(MetricNames.GHL_PENDING_UPDATES_OLDEST_AGE, this.outbox, snapshot -> value(snapshot, OLDEST_AGE))
			.description("Seconds since the oldest pending GHL update was written (0 when none)")
			.baseUnit("seconds")
			.register(registry);
	}

	/** One answered or failed GHL request; {@code status} 0 means no HTTP answer (I/O error, timeout). */
	void request(String endpoint, int status, long nanos) {
		String statusTag = status == 0 ? "io_error" : Integer.toString(status);
		Timer.builder(MetricNames.GHL_API_REQUESTS)
			.description("GHL API requests by endpoint and HTTP status")
			.tag(MetricNames.ENDPOINT, endpoint)
			.tag(MetricNames.STATUS, statusTag)
			.register(this.registry)
			.record(Duration.ofNanos(nanos));
		if (status == 429) {
			Counter.builder(MetricNames.GHL_API_RATE_LIMITED)
				.description("GHL answers 429 by endpoint")
				.tag(MetricNames.ENDPOINT, endpoint)
				.register(this.registry)
				.increment();
		}
	}

	/** @param result {@code refreshed} or {@code refused} */
	void tokenRefresh(String result) {
		Counter.builder(MetricNames.GHL_TOKEN_REFRESHES)
			.description("OAuth token refreshes by result")
			.tag(MetricNames.RESULT, result)
			.register(this.registry)
			.increment();
	}

	private static double value(CachedSnapshot<Map<String, Double>> snapshot, String key) {
		Map<String, Double> values = snapshot.get();
		return values == null ? Double.NaN : values.getOrDefault(key, 0.0);
	}

	private Map<String, Double> load() {
		Map<String, Double> values = new LinkedHashMap<>();
		for (Map<String, Object> row : this.jdbc.sql("select status, count(*) as n from ghl_pending_updates group by status")
			.query()
			.listOfRows()) {
			values.put((String) row.get("status"), ((Number) row.get("n")).doubleValue());
		}
		Number oldest = (Number) this.jdbc.sql("""
				select coalesce(extract(epoch from now() - min(created_at)), 0)
				  from ghl_pending_updates where status in ('pending', 'processing')""")
			.query()
			.singleValue();
		values.put(OLDEST_AGE, oldest.doubleValue());
		return values;
	}

}
