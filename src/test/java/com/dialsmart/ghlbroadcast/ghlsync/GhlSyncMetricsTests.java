package com.dialsmart.ghlbroadcast.ghlsync;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import com.dialsmart.ghlbroadcast.support.PrometheusScrape;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;

/** The sync's metrics and its health component, read the way an operator does. */
class GhlSyncMetricsTests extends GhlSyncTestSupport {

	@Autowired
	MockMvcTester mvc;

	@Test
	void countsGhlRequestsByEndpointTemplateAndShowsTheOutbox() {
		Account account = account(true);
		String contact = "m-" + UUID.randomUUID();
		outcome(account, contact, "answered", "1", true);
		PrometheusScrape before = scrape();

		syncAccount(account);

		PrometheusScrape after = scrape();
		for (String endpoint : new String[] { "POST /contacts/{id}/tags", "PUT /contacts/{id}",
				"POST /contacts/{id}/notes" }) {
			assertThat(after.sum("ghl_api_requests_seconds_count", "endpoint=" + endpoint)
					- before.sum("ghl_api_requests_seconds_count", "endpoint=" + endpoint))
				.as(endpoint)
				.isEqualTo(1);
		}
		assertThat(after.value("ghl_pending_updates", "status=sent")).isGreaterThanOrEqualTo(1);
		assertThat(after.text()).contains("ghl_pending_updates_oldest_age_seconds")
			.doesNotContain(contact, account.location(), account.token());
	}

	@Test
	void reportsTheSyncInTheHealthEndpoint() {
		MvcTestResult health = this.mvc.get().uri("/actuator/health")
			.header("Authorization", "Bearer " + this.fixtures.serviceToken())
			.exchange();

		assertThat(health).bodyJson().extractingPath("$.components.ghlSync.status").isEqualTo("UP");
		assertThat(health).bodyJson().extractingPath("$.components.ghlSync.details.failed").isNotNull();
	}

	private PrometheusScrape scrape() {
		MvcTestResult result = this.mvc.get().uri("/actuator/prometheus")
			.header("Authorization", "Bearer " + this.fixtures.serviceToken())
			.exchange();
		assertThat(result).hasStatusOk();
		return new PrometheusScrape(new String(result.getResponse().getContentAsByteArray(), StandardCharsets.UTF_8));
	}

}
