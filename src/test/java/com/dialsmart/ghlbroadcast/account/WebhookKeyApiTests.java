package com.dialsmart.ghlbroadcast.account;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import com.dialsmart.ghlbroadcast.support.Fixtures;
import com.dialsmart.ghlbroadcast.support.IntegrationTest;
import com.dialsmart.ghlbroadcast.support.TriggerRequests;
import com.dialsmart.ghlbroadcast.support.Responses;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** {@code POST /api/ghl/webhook-key}: the key a GHL workflow authenticates the trigger with. */
class WebhookKeyApiTests extends IntegrationTest {

	@Autowired
	MockMvcTester mvc;

	@Autowired
	Fixtures fixtures;

	@Autowired
	JdbcClient jdbc;

	@Test
	void generatesAWebhookKeyThatIsShownOnceAndStoredOnlyAsAHash() {
		Fixtures.Tenant tenant = this.fixtures.tenant();

		MvcTestResult result = this.mvc.post().uri("/api/ghl/webhook-key").header(HttpHeaders.AUTHORIZATION,
				bearer(tenant)).exchange();

		assertThat(result).hasStatus(HttpStatus.CREATED);
		assertThat(result).headers().hasValue(HttpHeaders.CACHE_CONTROL, "no-store");
		String key = Responses.path(result, "$.webhook_key");
		assertThat(key).matches("wh_[A-Za-z0-9_-]{43}");
		assertThat(result).bodyJson().extractingPath("$.prefix").isEqualTo(key.substring(0, 9));
		assertThat(Instant.parse(Responses.path(result, "$.created_at"))).isCloseTo(Instant.now(),
				within(Duration.ofMinutes(1)));
		Map<String, Object> row = this.jdbc.sql("""
				select key_hash, key_prefix from webhook_keys where user_id = ?""")
			.param(tenant.accountId()).query().singleRow();
		assertThat(row).containsEntry("key_hash", WebhookKeys.hash(key))
			.containsEntry("key_prefix", key.substring(0, 9));
		MvcTestResult settings = getSettings(tenant);
		assertThat(settings).bodyJson().extractingPath("$.webhook_key_prefix").isEqualTo(key.substring(0, 9));
		assertThat(Responses.body(settings)).doesNotContain(key);
	}

	@Test
	void rotatingTheWebhookKeyRetiresTheOldOne() {
		Fixtures.Tenant tenant = this.fixtures.tenant();
		assertThat(TriggerRequests.testAction(this.mvc, tenant.webhookKey())).hasStatusOk();

		MvcTestResult rotated = this.mvc.post().uri("/api/ghl/webhook-key").header(HttpHeaders.AUTHORIZATION,
				bearer(tenant)).exchange();

		assertThat(rotated).hasStatus(HttpStatus.CREATED);
		String newKey = Responses.path(rotated, "$.webhook_key");
		assertThat(newKey).isNotEqualTo(tenant.webhookKey());
		MvcTestResult old = TriggerRequests.testAction(this.mvc, tenant.webhookKey());
		assertThat(old).hasStatus(HttpStatus.UNAUTHORIZED);
		assertThat(old).bodyJson().extractingPath("$.error").isEqualTo("invalid_webhook_key");
		MvcTestResult current = TriggerRequests.testAction(this.mvc, newKey);
		assertThat(current).hasStatusOk();
		assertThat(current).bodyJson().extractingPath("$.success").isEqualTo(true);
		assertThat(current).bodyJson().extractingPath("$.account").asString().startsWith("Agency ");
	}

	private MvcTestResult getSettings(Fixtures.Tenant tenant) {
		return this.mvc.get().uri("/api/ghl/settings").header(HttpHeaders.AUTHORIZATION, bearer(tenant)).exchange();
	}

	private static String bearer(Fixtures.Tenant tenant) {
		return "Bearer " + tenant.token();
	}

}
