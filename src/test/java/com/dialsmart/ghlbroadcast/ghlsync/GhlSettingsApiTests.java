package com.dialsmart.ghlbroadcast.ghlsync;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.dialsmart.ghlbroadcast.shared.TokenCipher;
import com.dialsmart.ghlbroadcast.support.Fixtures;
import com.dialsmart.ghlbroadcast.support.IntegrationTest;
import com.dialsmart.ghlbroadcast.support.TriggerRequests;
import com.dialsmart.ghlbroadcast.support.Responses;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;

class GhlSettingsApiTests extends IntegrationTest {

	private static final String ACCESS_TOKEN = "pit-4f1c2b9a-7d3e-4c21-9a0b-5e6f7a8b9c0d";

	private static final String REFRESH_TOKEN = "rt-0a1b2c3d4e5f60718293a4b5c6d7e8f9";

	@Autowired
	MockMvcTester mvc;

	@Autowired
	Fixtures fixtures;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TokenCipher cipher;

	@Test
	void showsDefaultsBeforeAnythingIsSet() {
		Fixtures.Tenant tenant = this.fixtures.tenant();

		MvcTestResult result = getSettings(tenant);

		assertThat(result).hasStatusOk();
		assertThat(result).bodyJson().extractingPath("$.location_id").isNull();
		assertThat(result).bodyJson().extractingPath("$.auth_mode").isEqualTo("private_token");
		assertThat(result).bodyJson().extractingPath("$.access_token_set").isEqualTo(false);
		assertThat(result).bodyJson().extractingPath("$.refresh_token_set").isEqualTo(false);
		assertThat(result).bodyJson().extractingPath("$.sync_enabled").isEqualTo(false);
		assertThat(result).bodyJson().extractingPath("$.webhook_key_prefix").asString().startsWith("wh_");
	}

	@Test
	void storesCredentialsWithoutEverReturningThem() {
		Fixtures.Tenant tenant = this.fixtures.tenant();

		MvcTestResult put = putSettings(tenant, """
				{"location_id":"ve9EPM428h8vShlRW1KT","access_token":"%s","token_expires_at":"2031-01-02T03:04:05Z",
				 "sync_enabled":true}""".formatted(ACCESS_TOKEN));

		assertThat(put).hasStatusOk();
		MvcTestResult get = getSettings(tenant);
		for (MvcTestResult result : new MvcTestResult[] { put, get }) {
			assertThat(result).bodyJson().extractingPath("$.location_id").isEqualTo("ve9EPM428h8vShlRW1KT");
			assertThat(result).bodyJson().extractingPath("$.access_token_set").isEqualTo(true);
			assertThat(result).bodyJson().extractingPath("$.refresh_token_set").isEqualTo(false);
			assertThat(result).bodyJson().extractingPath("$.sync_enabled").isEqualTo(true);
			assertThat(result).bodyJson().extractingPath("$.token_expires_at").isEqualTo("2031-01-02T03:04:05Z");
			assertThat(result).bodyJson().doesNotHavePath("$.access_token");
			assertThat(result).bodyJson().doesNotHavePath("$.refresh_token");
			assertThat(Responses.body(result)).doesNotContain(ACCESS_TOKEN);
		}
	}

	@Test
	void keepsTheStoredTokenWhenTheFieldIsOmitted() {
		Fixtures.Tenant tenant = this.fixtures.tenant();
		assertThat(putSettings(tenant, """
				{"location_id":"loc-1","access_token":"%s","sync_enabled":true}""".formatted(ACCESS_TOKEN)))
			.hasStatusOk();
		StoredTokens before = storedTokens(tenant.accountId());

		MvcTestResult result = putSettings(tenant, """
				{"location_id":"loc-2","access_token":""}""");

		assertThat(result).hasStatusOk();
		assertThat(result).bodyJson().extractingPath("$.location_id").isEqualTo("loc-2");
		assertThat(result).bodyJson().extractingPath("$.access_token_set").isEqualTo(true);
		assertThat(result).bodyJson().extractingPath("$.sync_enabled").isEqualTo(true);
		StoredTokens after = storedTokens(tenant.accountId());
		assertThat(after.access()).isEqualTo(before.access());
		assertThat(this.cipher.decrypt(after.access(), after.keyVersion())).isEqualTo(ACCESS_TOKEN);
	}

	@Test
	void keepsTheAccessTokenWhenOnlyTheRefreshTokenChanges() {
		Fixtures.Tenant tenant = this.fixtures.tenant();
		assertThat(putSettings(tenant, """
				{"location_id":"loc-1","auth_mode":"oauth","access_token":"%s","refresh_token":"%s",
				 "sync_enabled":true}""".formatted(ACCESS_TOKEN, REFRESH_TOKEN))).hasStatusOk();

		MvcTestResult result = putSettings(tenant, """
				{"refresh_token":"rt-rotated-by-ghl"}""");

		assertThat(result).hasStatusOk();
		assertThat(result).bodyJson().extractingPath("$.auth_mode").isEqualTo("oauth");
		assertThat(result).bodyJson().extractingPath("$.access_token_set").isEqualTo(true);
		assertThat(result).bodyJson().extractingPath("$.refresh_token_set").isEqualTo(true);
		StoredTokens stored = storedTokens(tenant.accountId());
		assertThat(this.cipher.decrypt(stored.access(), stored.keyVersion())).isEqualTo(ACCESS_TOKEN);
		assertThat(this.cipher.decrypt(stored.refresh(), stored.keyVersion())).isEqualTo("rt-rotated-by-ghl");
	}

	@Test
	void encryptsTokensWithARandomIvAndRecordsTheKeyVersion() {
		Fixtures.Tenant tenant = this.fixtures.tenant();
		assertThat(putSettings(tenant, "{\"access_token\":\"%s\"}".formatted(ACCESS_TOKEN))).hasStatusOk();
		StoredTokens first = storedTokens(tenant.accountId());

		assertThat(putSettings(tenant, "{\"access_token\":\"%s\"}".formatted(ACCESS_TOKEN))).hasStatusOk();
		StoredTokens second = storedTokens(tenant.accountId());

		assertThat(new String(first.access(), StandardCharsets.ISO_8859_1)).doesNotContain(ACCESS_TOKEN);
		assertThat(first.access()).hasSizeGreaterThan(ACCESS_TOKEN.length());
		assertThat(second.access()).isNotEqualTo(first.access());
		assertThat(first.keyVersion()).isEqualTo(1);
		assertThat(second.keyVersion()).isEqualTo(1);
		assertThat(this.cipher.decrypt(first.access(), first.keyVersion())).isEqualTo(ACCESS_TOKEN);
		assertThat(this.cipher.decrypt(second.access(), second.keyVersion())).isEqualTo(ACCESS_TOKEN);
	}

	@Test
	void rejectsAnUnknownAuthMode() {
		assertRejected("{\"auth_mode\":\"basic\"}", "auth_mode");
	}

	@Test
	void rejectsALocationIdThatIsNotAGhlId() {
		assertRejected("{\"location_id\":\"loc 1; drop table\"}", "location_id");
		assertRejected("{\"location_id\":\"" + "a".repeat(65) + "\"}", "location_id");
	}

	@Test
	void rejectsATokenWithSpacesOrControlCharacters() {
		assertRejected("{\"access_token\":\"Bearer abc\"}", "access_token");
		assertRejected("{\"refresh_token\":\"abc\\u0000def\"}", "refresh_token");
	}

	@Test
	void rejectsATokenExpiryThatIsNotATimestamp() {
		assertRejected("{\"token_expires_at\":\"tomorrow\"}", "token_expires_at");
	}

	@Test
	void refusesToEnableSyncWithoutALocation() {
		assertRejected("{\"access_token\":\"%s\",\"sync_enabled\":true}".formatted(ACCESS_TOKEN), "sync_enabled");
	}

	@Test
	void refusesToEnableSyncWithoutAnAccessToken() {
		assertRejected("{\"location_id\":\"loc-1\",\"sync_enabled\":true}", "sync_enabled");
	}

	@Test
	void refusesOauthSyncWithoutARefreshToken() {
		assertRejected("""
				{"location_id":"loc-1","auth_mode":"oauth","access_token":"%s","sync_enabled":true}"""
			.formatted(ACCESS_TOKEN), "refresh_token");
	}

	@Test
	void listsRecentWebhookActivityNewestFirstUpToTheLimit() {
		Fixtures.Tenant tenant = this.fixtures.tenant();
		assertThat(TriggerRequests.testAction(this.mvc, tenant.webhookKey())).hasStatusOk();
		String phone = Fixtures.uniquePhone();
		assertThat(this.mvc.post().uri("/functions/v1/ghl-webhook-trigger").contentType(MediaType.APPLICATION_JSON)
			.content("""
					{"action":"add_to_broadcast","webhook_key":"%s","broadcast_id":"%s","phone":"%s"}"""
				.formatted(tenant.webhookKey(), tenant.broadcastId(), phone))
			.exchange()).hasStatusOk();

		MvcTestResult all = activity(tenant, "?limit=10");
		MvcTestResult latest = activity(tenant, "?limit=1");

		assertThat(all).hasStatusOk();
		assertThat(all).bodyJson().extractingPath("$.items[*].action").isEqualTo(List.of("add_to_broadcast", "test"));
		assertThat(all).bodyJson().extractingPath("$.items[0]").convertTo(Map.class).satisfies(item -> assertThat(item)
			.containsEntry("http_status", 200)
			.containsEntry("result", "queued")
			.containsEntry("success", true)
			.containsEntry("phone", phone)
			.containsEntry("broadcast_id", tenant.broadcastId().toString()));
		assertThat(Responses.body(all)).doesNotContain(tenant.webhookKey());
		assertThat(latest).bodyJson().extractingPath("$.items[*].action").isEqualTo(List.of("add_to_broadcast"));
	}

	@Test
	void rejectsAnActivityLimitOutOfRange() {
		Fixtures.Tenant tenant = this.fixtures.tenant();

		for (String limit : new String[] { "0", "501" }) {
			MvcTestResult result = activity(tenant, "?limit=" + limit);

			assertThat(result).hasStatus(HttpStatus.BAD_REQUEST);
			assertThat(result).bodyJson().extractingPath("$.detail").asString().contains("limit");
		}
	}

	private MvcTestResult activity(Fixtures.Tenant tenant, String query) {
		return this.mvc.get().uri("/api/ghl/webhook-activity" + query).header(HttpHeaders.AUTHORIZATION, bearer(tenant))
			.exchange();
	}

	private void assertRejected(String json, String field) {
		Fixtures.Tenant tenant = this.fixtures.tenant();
		String before = Responses.body(getSettings(tenant));

		MvcTestResult result = putSettings(tenant, json);

		assertThat(result).hasStatus(HttpStatus.BAD_REQUEST);
		assertThat(result).hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result).bodyJson().extractingPath("$.detail").asString().contains(field);
		assertThat(Responses.body(getSettings(tenant))).as("a rejected change stores nothing").isEqualTo(before);
	}

	private record StoredTokens(byte[] access, byte[] refresh, Integer keyVersion) {
	}

	private StoredTokens storedTokens(UUID accountId) {
		return this.jdbc.sql("""
				select access_token_enc, refresh_token_enc, token_key_version from ghl_sync_settings where user_id = ?""")
			.param(accountId)
			.query((rs, n) -> new StoredTokens(rs.getBytes(1), rs.getBytes(2), (Integer) rs.getObject(3)))
			.single();
	}

	private MvcTestResult getSettings(Fixtures.Tenant tenant) {
		return this.mvc.get().uri("/api/ghl/settings").header(HttpHeaders.AUTHORIZATION, bearer(tenant)).exchange();
	}

	private MvcTestResult putSettings(Fixtures.Tenant tenant, String json) {
		return this.mvc.put().uri("/api/ghl/settings").header(HttpHeaders.AUTHORIZATION, bearer(tenant))
			.contentType(MediaType.APPLICATION_JSON).content(json).exchange();
	}

	private static String bearer(Fixtures.Tenant tenant) {
		return "Bearer " + tenant.token();
	}

}
