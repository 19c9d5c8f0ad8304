package com.dialsmart.ghlbroadcast.broadcast;

import com.dialsmart.ghlbroadcast.broadcast.BroadcastQueueService.NewContact;
import com.dialsmart.ghlbroadcast.broadcast.BroadcastService.Transition;
import com.dialsmart.ghlbroadcast.support.Fixtures;
import com.dialsmart.ghlbroadcast.support.IntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

class BroadcastQueueMetricsTests extends IntegrationTest {

	@Autowired
	MeterRegistry registry;

	@Autowired
	Fixtures fixtures;

	@Autowired
	BroadcastQueueService queue;

	@Autowired
	BroadcastService broadcasts;

	@Test
	void countsQueueItemsOfAllBroadcastsByStatus() {
		Fixtures.Tenant tenant = this.fixtures.tenant();
		double pending = items("pending");
		double cancelled = items("cancelled");

		for (int i = 0; i < 3; i++) {
			this.queue.enqueue(tenant.accountId(), tenant.broadcastId(),
					new NewContact(Fixtures.uniquePhone(), null, null, null));
		}
		assertThat(items("pending")).isEqualTo(pending + 3);

		this.broadcasts.transition(tenant.accountId(), tenant.broadcastId(), Transition.CANCEL);
		assertThat(items("pending")).isEqualTo(pending);
		assertThat(items("cancelled")).isEqualTo(cancelled + 3);
	}

	@Test
	void publishesOneGaugePerQueueStatus() {
		assertThat(this.registry.find("broadcast.queue.items").gauges())
			.extracting(gauge -> gauge.getId().getTag("status"))
			.containsExactlyInAnyOrder("pending", "calling", "retry", "completed", "failed", "dnc", "cancelled");
	}

	private double items(String status) {
		return this.registry.get("broadcast.queue.items").tag("status", status).gauge().value();
	}

}
