package com.dialsmart.ghlbroadcast.trigger;

import java.nio.charset.StandardCharsets;

import com.dialsmart.ghlbroadcast.support.Fixtures;
import com.dialsmart.ghlbroadcast.support.IntegrationTest;
import com.dialsmart.ghlbroadcast.support.PrometheusScrape;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;

class TriggerMetricsTests extends IntegrationTest {

	private static final String REQUESTS = "ghl_trigger_requests_total";

	@Autowired
	MockMvcTester mvc;

	@Autowired
	Fixtures fixtures;

	@Test
	void countsRequestsByActionAndResult() {
		Fixtures.Tenant tenant = this.fixtures.tenant();
		PrometheusScrape before = scrape();

		assertThat(trigger("""
				{"action":"add_to_broadcast","webhook_key":"%s","broadcast_id":"%s","phone":"%s"}"""
			.formatted(tenant.webhookKey(), tenant.broadcastId(), Fixtures.uniquePhone()))).hasStatusOk();
		assertThat(trigger("""
				{"action":"test","webhook_key":"%s"}""".formatted(tenant.webhookKey()))).hasStatusOk();
		assertThat(trigger("""
				{"action":"add_to_broadcast","webhook_key":"%s","broadcast_id":"%s","phone":"12"}"""
			.formatted(tenant.webhookKey(), tenant.broadcastId()))).hasStatus(400);
		assertThat(trigger("""
				{"action":"drop_tables","webhook_key":"%s"}""".formatted(tenant.webhookKey()))).hasStatus(400);
		assertThat(trigger("not json")).hasStatus(400);

		PrometheusScrape after = scrape();
		assertThat(increase(before, after, "action=add_to_broadcast", "result=queued")).isEqualTo(1);
		assertThat(increase(before, after, "action=test", "result=ok")).isEqualTo(1);
		assertThat(increase(before, after, "action=add_to_broadcast", "result=invalid_phone")).isEqualTo(1);
		assertThat(increase(before, after, "action=unknown", "result=unknown_action")).isEqualTo(1);
		assertThat(increase(before, after, "action=none", "result=invalid_json")).isEqualTo(1);
		assertThat(after.value("ghl_trigger_request_duration_seconds_count", "action=add_to_broadcast",
				"result=queued") - before.value("ghl_trigger_request_duration_seconds_count",
						"action=add_to_broadcast", "result=queued")).isEqualTo(1);
	}

	@Test
	void keepsKeysAccountNamesAndRawActionsOutOfTheMetrics() {
		Fixtures.Tenant tenant = this.fixtures.tenant();
		trigger("""
				{"action":"list_broadcasts","webhook_key":"%s"}""".formatted(tenant.webhookKey()));
		trigger("""
				{"action":"sneaky_%s","webhook_key":"%s"}""".formatted(tenant.accountId(), tenant.webhookKey()));

		String text = scrape().text();
		assertThat(text).contains(REQUESTS + "{action=\"list_broadcasts\"");
		assertThat(text).doesNotContain(tenant.webhookKey(), tenant.accountId().toString(), "Agency ", "sneaky_");
	}

	private MvcTestResult trigger(String body) {
		return this.mvc.post().uri("/functions/v1/ghl-webhook-trigger").contentType(MediaType.APPLICATION_JSON)
			.content(body).exchange();
	}

	private PrometheusScrape scrape() {
		MvcTestResult result = this.mvc.get().uri("/actuator/prometheus")
			.header("Authorization", "Bearer " + this.fixtures.serviceToken()).exchange();
		assertThat(result).hasStatusOk();
		return new PrometheusScrape(new String(result.getResponse().getContentAsByteArray(), StandardCharsets.UTF_8));
	}

	private static double increase(PrometheusScrape before, PrometheusScrape after, String... labels) {
		return after.value(REQUESTS, labels) - before.value(REQUESTS, labels);
	}

}
