package com.dialsmart.ghlbroadcast.ghlsync;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import com.dialsmart.ghlbroadcast.broadcast.BroadcastQueueService;
import com.dialsmart.ghlbroadcast.broadcast.BroadcastQueueService.NewContact;
import com.dialsmart.ghlbroadcast.ghlsync.GhlSettingsService.SettingsUpdate;
import com.dialsmart.ghlbroadcast.support.Fixtures;
import com.dialsmart.ghlbroadcast.support.IntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Base of the sync's tests: the shared test context (its GHL is the JVM's {@link GhlFake}, with settings short enough
 * for tests), the fake reset before each test and checked for spec violations after it, and helpers that create
 * accounts with GHL settings and final outcomes in the outbox.
 */
abstract class GhlSyncTestSupport extends IntegrationTest {

	/** The shared test context's properties, for a second instance started by hand. */
	static final Map<String, Object> PROPERTIES = new LinkedHashMap<>();

	static {
		for (String pair : IntegrationTest.class.getAnnotation(SpringBootTest.class).properties()) {
			int eq = pair.indexOf('=');
			PROPERTIES.put(pair.substring(0, eq), pair.substring(eq + 1));
		}
	}

	static final GhlFake ghl = GhlFake.get();

	@Autowired
	Fixtures fixtures;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	GhlSettingsService settings;

	@Autowired
	TransactionTemplate transactions;

	@Autowired
	BroadcastQueueService queue;

	@Autowired
	PendingUpdateService outbox;

	@Autowired
	GhlSyncService sync;

	@Autowired
	GhlClient client;

	private static boolean warm;

	@BeforeEach
	void resetGhl() {
		if (!warm) {
			// the first call of a JVM loads the HTTP client, Jackson and the converters: slower than the tests' read
			// timeout on a busy machine, which would count as a failed try in the test that happens to come first
			ghl.location("warmup", "warmup");
			GhlClient.Auth auth = new GhlClient.Auth("warmup", "warmup");
			for (int i = 0; i < 3; i++) {
				try {
					this.client.addTags(auth, GhlClient.Pacing.NONE, "warmup", java.util.List.of("warmup"));
					this.client.customFields(auth, GhlClient.Pacing.NONE, "warmup");
				}
				catch (GhlCallException ex) {
					// slow the first time: that is the point
				}
			}
			warm = true;
		}
		ghl.reset();
	}

	@AfterEach
	void requestsMatchedGhlsSpecs() {
		ghl.assertNoViolations();
	}

	/** An account synced to its own fresh location with a private token; the six fields exist when asked. */
	Account account(boolean withFields) {
		Fixtures.Tenant tenant = this.fixtures.tenant();
		String location = "loc" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
		String token = "pit-" + UUID.randomUUID();
		this.settings.update(tenant.accountId(), new SettingsUpdate(location, "private_token", token, null, null, true));
		ghl.location(location, token);
		if (withFields) {
			ghl.createBroadcastFields(location);
		}
		return new Account(tenant, location, token);
	}

	record Account(Fixtures.Tenant tenant, String location, String token) {

		UUID id() {
			return this.tenant.accountId();
		}

		UUID broadcast() {
			return this.tenant.broadcastId();
		}

	}

	/** A final outcome of a new contact of the account's broadcast, written to the outbox; its update id. */
	UUID outcome(Account account, String contactId, String outcome, String dtmf, boolean callback) {
		return outcome(account, account.broadcast(), contactId, outcome, dtmf, callback);
	}

	UUID outcome(Account account, UUID broadcast, String contactId, String outcome, String dtmf, boolean callback) {
		Instant at = Instant.parse("2026-02-04T14:03:05Z");
		return this.transactions.execute(tx -> {
			BroadcastQueueService.EnqueueResult item = this.queue.enqueue(account.id(), broadcast,
					new NewContact(Fixtures.uniquePhone(), "Jane Doe", null, contactId));
			String name = this.jdbc.sql("select name from voice_broadcasts where id = ?").param(broadcast)
				.query(String.class).single();
			this.outbox.enqueue(new OutcomeToSync(item.queueItemId(), account.id(), broadcast, name, contactId, outcome,
					42, at, dtmf, callback, callback ? at.plus(1, ChronoUnit.DAYS) : null));
			this.jdbc.sql("update broadcast_queue set ghl_callback_status = 'queued' where id = ?")
				.param(item.queueItemId())
				.update();
			return this.jdbc.sql("select id from ghl_pending_updates where queue_item_id = ?")
				.param(item.queueItemId())
				.query(UUID.class)
				.single();
		});
	}

	/** {@code count} final outcomes of new contacts of the broadcast, inserted in bulk; contact ids {@code prefix-n}. */
	void bulkOutcomes(Account account, UUID broadcast, String prefix, int count) {
		this.transactions.executeWithoutResult(tx -> {
			this.jdbc.sql("""
					insert into broadcast_queue (id, broadcast_id, user_id, phone, ghl_contact_id, status, attempts,
					                             last_outcome, ghl_callback_status)
					select gen_random_uuid(), :broadcast, :account, '+1' || (2000000000 + n)::text, :prefix || '-' || n,
					       'completed', 1, 'answered', 'queued'
					  from generate_series(1, :count) n""")
				.param("broadcast", broadcast)
				.param("account", account.id())
				.param("prefix", prefix)
				.param("count", count)
				.update();
			this.jdbc.sql("""
					insert into ghl_pending_updates (id, user_id, queue_item_id, ghl_contact_id, broadcast_id,
					       broadcast_name, call_outcome, call_duration_seconds, call_timestamp)
					select gen_random_uuid(), q.user_id, q.id, q.ghl_contact_id, q.broadcast_id, b.name, 'answered', 30,
					       now()
					  from broadcast_queue q join voice_broadcasts b on b.id = q.broadcast_id
					 where q.broadcast_id = :broadcast and q.ghl_contact_id like :prefix || '-%'""")
				.param("broadcast", broadcast)
				.param("prefix", prefix)
				.update();
		});
	}

	Row row(UUID updateId) {
		return this.jdbc.sql("""
				select u.status, u.retry_count, u.error_message, u.last_http_status, u.tags_done, u.fields_done,
				       u.note_done, u.locked_by, q.ghl_callback_status, u.next_attempt_at
				  from ghl_pending_updates u join broadcast_queue q on q.id = u.queue_item_id where u.id = ?""")
			.param(updateId)
			.query((rs, n) -> new Row(rs.getString(1), rs.getInt(2), rs.getString(3), (Integer) rs.getObject(4),
					rs.getBoolean(5), rs.getBoolean(6), rs.getBoolean(7), rs.getString(8), rs.getString(9),
					rs.getTimestamp(10).toInstant()))
			.single();
	}

	record Row(String status, int retryCount, String errorMessage, Integer lastHttpStatus, boolean tagsDone,
			boolean fieldsDone, boolean noteDone, String lockedBy, String callbackStatus, Instant nextAttemptAt) {
	}

	GhlSyncService.RunResult syncAccount(Account account) {
		return this.sync.processPending(account.id(), Duration.ofSeconds(20));
	}

	/** Runs the account's sync until nothing is pending or processing (retries included), at most {@code limit}. */
	void drain(Account account, Duration limit) {
		long end = System.nanoTime() + limit.toNanos();
		while (System.nanoTime() < end) {
			GhlSyncService.RunResult result = syncAccount(account);
			if (result.remaining() == 0) {
				return;
			}
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

}
