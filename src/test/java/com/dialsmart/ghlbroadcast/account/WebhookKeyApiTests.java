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

/**
 * {@code POST /api/ghl/webhook-key}: the key a GHL workflow authenticates the trigger with, and its rotation with an
 * overlap ({@code DELETE /api/ghl/webhook-key/previous} ends the previous key early).
 */
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
				select key_hash, key_prefix from webhook_keys where user_id = ? and expires_at is null""")
			.param(tenant.accountId()).query().singleRow();
		assertThat(row).containsEntry("key_hash", WebhookKeys.hash(key))
			.containsEntry("key_prefix", key.substring(0, 9));
		MvcTestResult settings = getSettings(tenant);
		assertThat(settings).bodyJson().extractingPath("$.webhook_key_prefix").isEqualTo(key.substring(0, 9));
		assertThat(Responses.body(settings)).doesNotContain(key);
	}

	@Test
	void rotatingTheWebhookKeyKeepsTheOldOneWorkingDuringTheOverlap() {
		Fixtures.Tenant tenant = this.fixtures.tenant();
		assertThat(TriggerRequests.testAction(this.mvc, tenant.webhookKey())).hasStatusOk();

		MvcTestResult rotated = rotate(tenant);

		assertThat(rotated).hasStatus(HttpStatus.CREATED);
		String newKey = Responses.path(rotated, "$.webhook_key");
		assertThat(newKey).isNotEqualTo(tenant.webhookKey());
		MvcTestResult old = TriggerRequests.testAction(this.mvc, tenant.webhookKey());
		assertThat(old).as("the previous key, within app.trigger.key-rotation-overlap").hasStatusOk();
		assertThat(old).bodyJson().extractingPath("$.success").isEqualTo(true);
		MvcTestResult current = TriggerRequests.testAction(this.mvc, newKey);
		assertThat(current).hasStatusOk();
		assertThat(current).bodyJson().extractingPath("$.success").isEqualTo(true);
		assertThat(current).bodyJson().extractingPath("$.account").asString().startsWith("Agency ");
		Instant expiresAt = this.jdbc.sql("select expires_at from webhook_keys where user_id = ? and key_hash = ?")
			.param(tenant.accountId()).param(WebhookKeys.hash(tenant.webhookKey())).query(Instant.class).single();
		assertThat(expiresAt).as("the default overlap, PT24H").isCloseTo(Instant.now().plus(Duration.ofHours(24)),
				within(Duration.ofMinutes(1)));
		assertThat(getSettings(tenant)).bodyJson().extractingPath("$.webhook_key_prefix")
			.isEqualTo(newKey.substring(0, 9));
	}

	@Test
	void thePreviousKeyStopsWorkingWhenTheOverlapIsOver() {
		Fixtures.Tenant tenant = this.fixtures.tenant();
		String newKey = Responses.path(rotate(tenant), "$.webhook_key");

		this.jdbc.sql("update webhook_keys set expires_at = now() - interval '1 second' where key_hash = ?")
			.param(WebhookKeys.hash(tenant.webhookKey())).update();

		assertInvalid(TriggerRequests.testAction(this.mvc, tenant.webhookKey()));
		assertThat(TriggerRequests.testAction(this.mvc, newKey)).hasStatusOk();
		assertThat(deletePrevious(tenant)).as("an expired previous key is no previous key")
			.hasStatus(HttpStatus.NOT_FOUND);
	}

	@Test
	void deletingThePreviousKeyEndsItAtOnce() {
		Fixtures.Tenant tenant = this.fixtures.tenant();
		assertThat(deletePrevious(tenant)).as("before any rotation").hasStatus(HttpStatus.NOT_FOUND);
		String newKey = Responses.path(rotate(tenant), "$.webhook_key");
		assertThat(TriggerRequests.testAction(this.mvc, tenant.webhookKey())).hasStatusOk();

		assertThat(deletePrevious(tenant)).hasStatus(HttpStatus.NO_CONTENT);

		assertInvalid(TriggerRequests.testAction(this.mvc, tenant.webhookKey()));
		assertThat(TriggerRequests.testAction(this.mvc, newKey)).hasStatusOk();
		assertThat(deletePrevious(tenant)).as("once ended").hasStatus(HttpStatus.NOT_FOUND);
	}

	@Test
	void aSecondRotationEndsTheFirstKey() {
		Fixtures.Tenant tenant = this.fixtures.tenant();
		String second = Responses.path(rotate(tenant), "$.webhook_key");

		String third = Responses.path(rotate(tenant), "$.webhook_key");

		assertInvalid(TriggerRequests.testAction(this.mvc, tenant.webhookKey()));
		assertThat(TriggerRequests.testAction(this.mvc, second)).as("the previous key, now").hasStatusOk();
		assertThat(TriggerRequests.testAction(this.mvc, third)).hasStatusOk();
		assertThat(this.jdbc.sql("select count(*) from webhook_keys where user_id = ?").param(tenant.accountId())
			.query(Long.class).single()).as("one current and one previous key").isEqualTo(2);
	}

	@Test
	void theActivityLogSaysWhichKeyARequestUsed() {
		Fixtures.Tenant tenant = this.fixtures.tenant();
		String newKey = Responses.path(rotate(tenant), "$.webhook_key");

		assertThat(TriggerRequests.testAction(this.mvc, tenant.webhookKey())).hasStatusOk();
		assertThat(TriggerRequests.testAction(this.mvc, newKey)).hasStatusOk();

		MvcTestResult activity = this.mvc.get().uri("/api/ghl/webhook-activity?limit=2")
			.header(HttpHeaders.AUTHORIZATION, bearer(tenant)).exchange();
		assertThat(activity).hasStatusOk();
		assertThat(activity).bodyJson().extractingPath("$.items[0].key_prefix").isEqualTo(newKey.substring(0, 9));
		assertThat(activity).bodyJson().extractingPath("$.items[0].key").isEqualTo("current");
		assertThat(activity).bodyJson().extractingPath("$.items[1].key_prefix")
			.isEqualTo(tenant.webhookKey().substring(0, 9));
		assertThat(activity).bodyJson().extractingPath("$.items[1].key").isEqualTo("previous");
		assertThat(Responses.body(activity)).doesNotContain(newKey).doesNotContain(tenant.webhookKey());
	}

	private MvcTestResult rotate(Fixtures.Tenant tenant) {
		return this.mvc.post().uri("/api/ghl/webhook-key").header(HttpHeaders.AUTHORIZATION, bearer(tenant))
			.exchange();
	}

	private MvcTestResult deletePrevious(Fixtures.Tenant tenant) {
		return this.mvc.delete().uri("/api/ghl/webhook-key/previous").header(HttpHeaders.AUTHORIZATION,
				bearer(tenant)).exchange();
	}

	private static void assertInvalid(MvcTestResult result) {
		assertThat(result).hasStatus(HttpStatus.UNAUTHORIZED);
		assertThat(result).bodyJson().extractingPath("$.error").isEqualTo("invalid_webhook_key");
	}

	private MvcTestResult getSettings(Fixtures.Tenant tenant) {
		return this.mvc.get().uri("/api/ghl/settings").header(HttpHeaders.AUTHORIZATION, bearer(tenant)).exchange();
	}

	private static String bearer(Fixtures.Tenant tenant) {
		return "Bearer " + tenant.token();
	}

}
