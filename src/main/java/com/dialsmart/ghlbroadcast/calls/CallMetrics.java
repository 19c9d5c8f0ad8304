package com.dialsmart.ghlbroadcast.calls;

import com.dialsmart.ghlbroadcast.shared.MetricNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/** {@code broadcast_calls_total{outcome}}: call attempts whose result was recorded, by outcome. */
@Component
class CallMetrics {

	private final MeterRegistry registry;

	CallMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	void recorded(String outcome) {
		Counter.builder(MetricNames.CALLS)
			.description("Call attempts whose result was recorded, by outcome")
			// outcomes come from the fixed set of CallStatus, never from the request
			.tag(MetricNames.OUTCOME, outcome == null ? "none" : outcome)
			.register(this.registry)
			.increment();
	}

}
