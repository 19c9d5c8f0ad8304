package com.dialsmart.ghlbroadcast.account;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import com.dialsmart.ghlbroadcast.support.TestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.tuple;

/**
 * V8 moves webhook keys out of {@code ghl_sync_settings} on a database that already has them: a key generated before
 * the upgrade still authenticates after it, and the settings row keeps everything else. Runs the real migrations in
 * a schema of its own, up to V7 first ({@code target}), then to the end.
 */
class WebhookKeyMigrationTests {

	private final String schema = "v8_upgrade_" + UUID.randomUUID().toString().replace("-", "");

	private final TestDatabase.Connection db = TestDatabase.get();

	private final DataSource dataSource = new DriverManagerDataSource(
			this.db.url() + (this.db.url().contains("?") ? "&" : "?") + "currentSchema=" + this.schema,
			this.db.username(), this.db.password());

	private final JdbcClient jdbc = JdbcClient.create(this.dataSource);

	@AfterEach
	void dropSchema() {
		this.jdbc.sql("drop schema if exists " + this.schema + " cascade").update();
	}

	@Test
	void keepsEveryWebhookKeyWorkingAndTheSettingsIntact() {
		migrate("7");
		String key = WebhookKeys.generate();
		UUID withKey = UUID.randomUUID();
		UUID withoutKey = UUID.randomUUID();
		Instant createdAt = Instant.parse("2026-03-04T05:06:07.123456Z");
		this.jdbc.sql("insert into accounts (id, name, default_phone_region) values (?, 'Keyed Agency', 'GB'), "
				+ "(?, 'Keyless Agency', 'US')").param(withKey).param(withoutKey).update();
		this.jdbc.sql("""
				insert into ghl_sync_settings (user_id, location_id, access_token_enc, token_key_version,
				       broadcast_webhook_key_hash, webhook_key_prefix, webhook_key_created_at, sync_enabled)
				values (?, 'loc-1', '\\x0102'::bytea, 1, ?, ?, ?, true)""")
			.param(withKey)
			.param(WebhookKeys.hash(key))
			.param(WebhookKeys.prefix(key))
			.param(Timestamp.from(createdAt))
			.update();
		this.jdbc.sql("insert into ghl_sync_settings (user_id, location_id) values (?, 'loc-2')").param(withoutKey)
			.update();

		migrate(null);

		WebhookKeyService keys = new WebhookKeyService(this.jdbc, Clock.systemUTC(),
				new WebhookKeyProperties(Duration.ofHours(24)));
		assertThat(keys.authenticate(key)).hasValueSatisfying(owner -> {
			assertThat(owner.accountId()).isEqualTo(withKey);
			assertThat(owner.accountName()).isEqualTo("Keyed Agency");
			assertThat(owner.defaultPhoneRegion()).isEqualTo("GB");
		});
		assertThat(keys.current(withKey)).contains(new WebhookKeyService.CurrentKey(WebhookKeys.prefix(key), createdAt));
		assertThat(keys.current(withoutKey)).isEmpty();
		assertThat(this.jdbc.sql("select user_id, location_id, sync_enabled, access_token_enc from ghl_sync_settings "
				+ "order by location_id").query().listOfRows())
			.extracting(row -> row.get("user_id"), row -> row.get("location_id"), row -> row.get("sync_enabled"))
			.containsExactly(tuple(withKey, "loc-1", true),
					tuple(withoutKey, "loc-2", false));
		assertThat(columns("ghl_sync_settings")).doesNotContain("broadcast_webhook_key_hash", "webhook_key_prefix",
				"webhook_key_created_at");

		String rotated = keys.rotate(withKey).webhookKey();

		assertThat(keys.authenticate(key)).as("the migrated key, once rotated, during the overlap")
			.map(WebhookKeyOwner::previousKey).contains(true);
		assertThat(keys.authenticate(rotated)).map(WebhookKeyOwner::accountId).contains(withKey);
		assertThat(keys.current(withKey)).map(WebhookKeyService.CurrentKey::createdAt)
			.hasValueSatisfying(at -> assertThat(at).isAfter(createdAt));
		assertThat(this.jdbc.sql("select count(*) from webhook_keys").query(Long.class).single()).isEqualTo(2);
	}

	@Test
	void keepsTheHashUnique() {
		migrate(null);
		UUID first = UUID.randomUUID();
		UUID second = UUID.randomUUID();
		this.jdbc.sql("insert into accounts (id, name) values (?, 'One'), (?, 'Two')").param(first).param(second)
			.update();
		String hash = WebhookKeys.hash(WebhookKeys.generate());
		this.jdbc.sql("insert into webhook_keys (key_hash, user_id, key_prefix) values (?, ?, 'wh_abcdef')")
			.param(hash).param(first).update();

		assertThat(catchThrowable(() -> this.jdbc
			.sql("insert into webhook_keys (key_hash, user_id, key_prefix) values (?, ?, 'wh_abcdef')")
			.param(hash).param(second).update()))
			.as("a second account with the same key hash").isNotNull();
	}

	private void migrate(String target) {
		var configuration = Flyway.configure()
			.dataSource(this.db.url(), this.db.username(), this.db.password())
			.schemas(this.schema)
			.locations("classpath:db/migration");
		if (target != null) {
			configuration.target(target);
		}
		configuration.load().migrate();
	}

	private List<Object> columns(String table) {
		return this.jdbc.sql("select column_name from information_schema.columns where table_schema = ? "
				+ "and table_name = ?").param(this.schema).param(table).query().listOfRows().stream()
			.map((Map<String, Object> row) -> row.get("column_name")).toList();
	}

}
