package com.dialsmart.ghlbroadcast.trigger;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.dialsmart.ghlbroadcast.support.DebugLogging;
import com.dialsmart.ghlbroadcast.support.Fixtures;
import com.dialsmart.ghlbroadcast.support.Fixtures.Tenant;
import com.dialsmart.ghlbroadcast.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static com.dialsmart.ghlbroadcast.trigger.TriggerTestSupport.add;
import static com.dialsmart.ghlbroadcast.trigger.TriggerTestSupport.body;
import static com.dialsmart.ghlbroadcast.trigger.TriggerTestSupport.json;
import static com.dialsmart.ghlbroadcast.trigger.TriggerTestSupport.uniqueIp;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Webhook keys and GHL tokens are never stored in plain text and never logged, even with the service's own and
 * Spring MVC's debug logging on (what an operator turns on to troubleshoot).
 */
@ExtendWith(OutputCaptureExtension.class)
@DebugLogging({ "com.dialsmart", "org.springframework.web" })
class TriggerSecretsTests extends IntegrationTest {

	@Autowired
	MockMvcTester mvc;

	@Autowired
	Fixtures fixtures;

	@Autowired
	JdbcClient jdbc;

	private final String ip = uniqueIp();

	private String generateKey(Tenant tenant) {
		MvcTestResult result = this.mvc.post().uri("/api/ghl/webhook-key")
			.header("Authorization", "Bearer " + tenant.token())
			.exchange();
		assertThat(result).hasStatus(HttpStatus.CREATED);
		String key = (String) json(result).get("webhook_key");
		assertThat(key).startsWith("wh_").hasSizeGreaterThan(40);
		return key;
	}

	private void saveTokens(Tenant tenant, String accessToken, String refreshToken) {
		MvcTestResult result = this.mvc.put().uri("/api/ghl/settings")
			.header("Authorization", "Bearer " + tenant.token())
			.contentType(MediaType.APPLICATION_JSON)
			.content(body("location_id", "ve9EPM428h8vShlRW1KT", "auth_mode", "oauth", "access_token", accessToken,
					"refresh_token", refreshToken, "sync_enabled", true))
			.exchange();
		assertThat(result).hasStatusOk();
		assertThat(result.getResponse().getContentAsByteArray()).asString(StandardCharsets.UTF_8)
			.doesNotContain(accessToken)
			.doesNotContain(refreshToken);
	}

	/**
	 * Every column of the account's rows in the tables that hold its secrets (the GHL settings with the tokens, the
	 * webhook key), as text (bytea as its hex form), plus the raw bytes of bytea.
	 */
	private List<String> rawSecretRows(UUID accountId) {
		List<String> values = new ArrayList<>();
		values.addAll(rawRow("ghl_sync_settings", accountId, "access_token_enc", "refresh_token_enc"));
		values.addAll(rawRow("webhook_keys", accountId, "key_hash", "key_prefix"));
		return values;
	}

	private List<String> rawRow(String table, UUID accountId, String... expectedColumns) {
		List<Map<String, Object>> columns = this.jdbc.sql("""
				select column_name, data_type from information_schema.columns
				 where table_name = ? and table_schema = current_schema() order by ordinal_position""")
			.param(table)
			.query()
			.listOfRows();
		assertThat(columns).extracting(c -> c.get("column_name")).contains((Object[]) expectedColumns);
		String select = columns.stream().map(c -> "cast(\"" + c.get("column_name") + "\" as text)")
			.reduce((a, b) -> a + ", " + b).orElseThrow();
		List<String> values = new ArrayList<>();
		this.jdbc.sql("select " + select + " from " + table + " where user_id = ?").param(accountId).query(rs -> {
			for (int i = 1; i <= columns.size(); i++) {
				values.add(rs.getString(i));
			}
		});
		for (Map<String, Object> column : columns) {
			if ("bytea".equals(column.get("data_type"))) {
				byte[] raw = this.jdbc.sql("select \"" + column.get("column_name") + "\" from " + table
						+ " where user_id = ?").param(accountId).query(byte[].class).single();
				assertThat(raw).as("%s is stored", column.get("column_name")).isNotEmpty();
				values.add(new String(raw, StandardCharsets.ISO_8859_1));
			}
		}
		assertThat(values).as("the account's %s row", table).isNotEmpty();
		return values;
	}

	private static String hex(String text) {
		return HexFormat.of().formatHex(text.getBytes(StandardCharsets.UTF_8));
	}

	@Test
	void storesNoPlaintextWebhookKeyOrGhlToken() {
		Tenant tenant = this.fixtures.tenant();
		String key = generateKey(tenant);
		String accessToken = "pit-" + UUID.randomUUID();
		String refreshToken = "refresh-" + UUID.randomUUID();
		saveTokens(tenant, accessToken, refreshToken);

		List<String> row = rawSecretRows(tenant.accountId());

		for (String secret : List.of(key, key.substring(3), accessToken, refreshToken)) {
			assertThat(row).noneMatch(value -> value != null && value.contains(secret));
			assertThat(row).noneMatch(value -> value != null && value.toLowerCase().contains(hex(secret)));
		}
		assertThat(row).contains(key.substring(0, 9));
		// the key still works, so the rows above are the ones that authenticate it
		assertThat(TriggerTestSupport.post(this.mvc, this.ip, body("action", "test", "webhook_key", key)))
			.hasStatusOk();
	}

	@Test
	void logsNeitherKeysNorTokensOfRequests(CapturedOutput output) {
		Tenant tenant = this.fixtures.tenant();
		String key = generateKey(tenant);
		String accessToken = "pit-" + UUID.randomUUID();
		String refreshToken = "refresh-" + UUID.randomUUID();
		saveTokens(tenant, accessToken, refreshToken);
		String nearMiss = key.substring(0, key.length() - 1) + (key.endsWith("A") ? "B" : "A");
		String stranger = "wh_" + UUID.randomUUID().toString().replace("-", "") + "Zz9";

		List<MvcTestResult> results = List.of(
				TriggerTestSupport.post(this.mvc, this.ip, add(key, tenant.broadcastId(), Fixtures.uniquePhone())),
				this.mvc.post().uri(TriggerTestSupport.URI).contentType(MediaType.APPLICATION_JSON)
					.header("X-Webhook-Key", key)
					.content(body("action", "list_broadcasts"))
					.with(r -> {
						r.setRemoteAddr(this.ip);
						return r;
					})
					.exchange(),
				TriggerTestSupport.post(this.mvc, this.ip, add(nearMiss, tenant.broadcastId(), Fixtures.uniquePhone())),
				this.mvc.post().uri(TriggerTestSupport.URI).contentType(MediaType.APPLICATION_JSON)
					.header("X-Webhook-Key", stranger)
					.content(body("action", "test"))
					.with(r -> {
						r.setRemoteAddr(this.ip);
						return r;
					})
					.exchange(),
				TriggerTestSupport.post(this.mvc, this.ip, add(key, tenant.broadcastId(), "555")),
				TriggerTestSupport.post(this.mvc, this.ip, body("action", "add_to_broadcast", "webhook_key", key,
						"broadcast_id", key, "phone", Fixtures.uniquePhone())));

		assertThat(results).extracting(r -> r.getResponse().getStatus()).containsExactly(200, 200, 401, 401, 400, 400);
		// the capture works and saw these requests
		assertThat(output.getAll()).contains("GhlWebhookTriggerController#trigger");
		for (String secret : List.of(key, key.substring(3), nearMiss, stranger, accessToken, refreshToken)) {
			assertThat(output.getAll()).doesNotContain(secret);
		}
	}

	@Test
	void keepsAKeyPastedIntoAnotherFieldOutOfTheActivityLog() {
		Tenant tenant = this.fixtures.tenant();

		MvcTestResult result = this.mvc.post().uri(TriggerTestSupport.URI).contentType(MediaType.APPLICATION_JSON)
			.header("X-Webhook-Key", tenant.webhookKey())
			.content(body("action", "add_to_broadcast", "broadcast_id", tenant.webhookKey(), "phone",
					Fixtures.uniquePhone()))
			.with(r -> {
				r.setRemoteAddr(this.ip);
				return r;
			})
			.exchange();
		MvcTestResult asAction = TriggerTestSupport.post(this.mvc, this.ip,
				body("action", tenant.webhookKey(), "webhook_key", tenant.webhookKey()));

		assertThat(result).hasStatus(HttpStatus.BAD_REQUEST);
		assertThat(asAction).hasStatus(HttpStatus.BAD_REQUEST);
		List<Map<String, Object>> rows = this.jdbc.sql("select * from webhook_activity where user_id = ?")
			.param(tenant.accountId()).query().listOfRows();
		assertThat(rows).hasSize(2);
		// 20 characters of the key's random part would already narrow a guess far too much
		assertThat(rows.toString()).doesNotContain(tenant.webhookKey().substring(3, 23));
	}

}
