package com.dialsmart.ghlbroadcast.trigger;

import java.time.Duration;
import java.util.Set;

import com.dialsmart.ghlbroadcast.shared.MetricNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

/**
 * {@code ghl_trigger_requests_total{action,result}} and the request latency. The action tag takes only the known
 * actions ({@code none} when the body had none or was not read, {@code unknown} for anything else), so a sender
 * cannot create series.
 */
@Component
class TriggerMetrics {

	static final Set<String> ACTIONS = Set.of("add_to_broadcast", "test", "list_broadcasts");

	private static final Duration[] LATENCY_BUCKETS = { Duration.ofMillis(10), Duration.ofMillis(25),
			Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
			Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5) };

	private final MeterRegistry registry;

	TriggerMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	/** @param result the answer's status ({@code queued}, …) or error code ({@code invalid_phone}, …) */
	void record(String action, String result, long durationNanos) {
		String actionTag = actionTag(action);
		Counter.builder(MetricNames.TRIGGER_REQUESTS)
			.description("Requests to the GHL webhook trigger by action and result")
			.tag(MetricNames.ACTION, actionTag)
			.tag(MetricNames.RESULT, result)
			.register(this.registry)
			.increment();
		Timer.builder(MetricNames.TRIGGER_REQUEST_DURATION)
			.description("Time to answer a GHL webhook trigger request")
			.tag(MetricNames.ACTION, actionTag)
			.tag(MetricNames.RESULT, result)
			.serviceLevelObjectives(LATENCY_BUCKETS)
			.register(this.registry)
			.record(Duration.ofNanos(durationNanos));
	}

	static String actionTag(String action) {
		if (action == null) {
			return "none";
		}
		return ACTIONS.contains(action) ? action : "unknown";
	}

}
