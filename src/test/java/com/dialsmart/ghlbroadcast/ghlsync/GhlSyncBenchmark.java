package com.dialsmart.ghlbroadcast.ghlsync;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.dialsmart.ghlbroadcast.GhlBroadcastApplication;
import com.dialsmart.ghlbroadcast.ghlsync.GhlSettingsService.SettingsUpdate;
import com.dialsmart.ghlbroadcast.support.Fixtures;
import com.dialsmart.ghlbroadcast.support.TestDatabase;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code bench/sync.sh}: drains {@code bench.updates} pending updates over {@code bench.locations} GHL locations
 * against the GHL fake enforcing {@code bench.limit} requests per {@code bench.window-ms} per location (429 above
 * it), with {@code bench.instances} instances of the service, and prints the drain time beside the floor
 * {@code 3 x updates / (locations x limit rate)} and the 429s. Not a test: surefire only runs it when named.
 */
@SpringBootTest
@Import(Fixtures.class)
class GhlSyncBenchmark {

	static final int UPDATES = Integer.getInteger("bench.updates", 10_000);

	static final int LOCATIONS = Integer.getInteger("bench.locations", 20);

	static final int LIMIT = Integer.getInteger("bench.limit", 100);

	static final int WINDOW_MS = Integer.getInteger("bench.window-ms", 10_000);

	static final double SHARE = Double.parseDouble(System.getProperty("bench.share", "0.95"));

	static final int INSTANCES = Integer.getInteger("bench.instances", 1);

	static final int WARMUP = Integer.getInteger("bench.warmup", 2_000);

	static final BenchGhlServer ghl = startServer();

	private static BenchGhlServer startServer() {
		try {
			return new BenchGhlServer(LIMIT, WINDOW_MS);
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	static Map<String, Object> appProperties() {
		Map<String, Object> properties = new HashMap<>();
		properties.put("app.ghl.base-url", ghl.baseUrl());
		properties.put("app.ghl.rate-limit", Integer.toString((int) Math.floor(LIMIT * SHARE)));
		properties.put("app.ghl.rate-window", WINDOW_MS + "ms");
		properties.put("app.ghl.read-timeout", "5s");
		properties.put("app.ghl.sync.batch-size", System.getProperty("bench.batch-size", "20"));
		properties.put("app.ghl.sync.workers-per-location", System.getProperty("bench.workers-per-location", "4"));
		properties.put("app.ghl.sync.threads", System.getProperty("bench.threads", "128"));
		properties.put("logging.level.com.dialsmart.ghlbroadcast.ghlsync", "WARN");
		return properties;
	}

	// not an IntegrationTest: its context is the service with its own defaults and this GHL, not the tests' one
	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestDatabase.Connection db = TestDatabase.get();
		registry.add("spring.datasource.url", db::url);
		registry.add("spring.datasource.username", db::username);
		registry.add("spring.datasource.password", db::password);
		appProperties().forEach((key, value) -> registry.add(key, () -> value));
	}

	@Autowired
	Fixtures fixtures;

	@Autowired
	GhlSettingsService settings;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TransactionTemplate transactions;

	@Autowired
	GhlSyncService sync;

	@Test
	void drain() {
		Assumptions.assumeTrue(Boolean.getBoolean("bench.sync"), "run through bench/sync.sh");
		List<UUID> accounts = new ArrayList<>();
		List<Fixtures.Tenant> tenants = new ArrayList<>();
		List<String> locations = new ArrayList<>();
		for (int i = 0; i < LOCATIONS; i++) {
			Fixtures.Tenant tenant = this.fixtures.tenant();
			String location = "bench" + i + "x" + UUID.randomUUID().toString().substring(0, 8);
			String token = "pit-" + UUID.randomUUID();
			this.settings.update(tenant.accountId(), new SettingsUpdate(location, "private_token", token, null, null, true));
			ghl.location(location, token);
			tenants.add(tenant);
			locations.add(location);
			accounts.add(tenant.accountId());
		}
		List<GhlSyncService> instances = new ArrayList<>(List.of(this.sync));
		List<ConfigurableApplicationContext> started = new ArrayList<>();
		for (int i = 1; i < INSTANCES; i++) {
			ConfigurableApplicationContext context = startInstance(i);
			started.add(context);
			instances.add(context.getBean(GhlSyncService.class));
		}

		// warm-up, not timed: the JIT compiles the sync's paths and the connection pools fill
		for (int i = 0; i < LOCATIONS; i++) {
			insert(tenants.get(i), "warmup-" + locations.get(i), WARMUP / LOCATIONS, 5_000_000);
		}
		drain(instances, accounts);
		sleep(2L * WINDOW_MS);
		ghl.reset();

		for (int i = 0; i < LOCATIONS; i++) {
			insert(tenants.get(i), locations.get(i), UPDATES / LOCATIONS + (i < UPDATES % LOCATIONS ? 1 : 0), 0);
		}
		long startMillis = System.currentTimeMillis();
		long start = System.nanoTime();
		drain(instances, accounts);
		double seconds = (System.nanoTime() - start) / 1e9;
		started.forEach(ConfigurableApplicationContext::close);

		long sent = this.jdbc.sql("""
				select count(*) from ghl_pending_updates
				 where user_id in (:ids) and status = 'sent' and ghl_contact_id not like 'warmup-%'""")
			.param("ids", accounts)
			.query(Long.class)
			.single();
		int tooMany = 0;
		int maxInWindow = 0;
		int requests = 0;
		long first = Long.MAX_VALUE;
		long last = 0;
		for (BenchGhlServer.Location location : ghl.locations()) {
			tooMany += location.tooMany.get();
			maxInWindow = Math.max(maxInWindow, location.maxInAnyWindow());
			requests += location.arrivals.size();
			synchronized (location.arrivals) {
				for (long arrival : location.arrivals) {
					first = Math.min(first, arrival);
					last = Math.max(last, arrival);
				}
			}
		}
		long repeated = ghl.mutations().values().stream().filter(count -> count.get() > 1).count();
		double floor = 3.0 * UPDATES / (LOCATIONS * (LIMIT * 1000.0 / WINDOW_MS));
		System.out.printf("%nGHL sync benchmark%n");
		System.out.printf("  updates %d over %d locations, %d instance(s); GHL fake: %d requests per %d ms per location"
				+ " (fixed windows, 429 above); service paced at %s per window%n", UPDATES, LOCATIONS, INSTANCES, LIMIT,
				WINDOW_MS, appProperties().get("app.ghl.rate-limit"));
		System.out.printf("  drain time   %.2f s%n", seconds);
		System.out.printf("  floor        %.2f s  (3 x %d / (%d x %d per %d ms))%n", floor, UPDATES, LOCATIONS, LIMIT,
				WINDOW_MS);
		System.out.printf("  ratio        %.3f x floor (goal <= 1.15)%n", seconds / floor);
		System.out.printf("  sent         %d of %d%n", sent, UPDATES);
		System.out.printf("  requests     %d (GHL fake), 429s: %d, most requests of one location in any %d ms: %d%n",
				requests, tooMany, WINDOW_MS, maxInWindow);
		System.out.printf("  mutations    %d, sent more than once: %d%n", ghl.mutations().size(), repeated);
		System.out.printf("  timeline     first request after %d ms, last after %.2f s; between them %.0f requests/s "
				+ "(all locations at the service's pace: %.0f)%n", first - startMillis, (last - startMillis) / 1000.0,
				requests * 1000.0 / Math.max(1, last - first),
				LOCATIONS * Math.floor(LIMIT * SHARE) * 1000.0 / WINDOW_MS);
	}

	/** Starts what the scheduled sweep starts on each instance (workers for every due account) and waits until done. */
	private void drain(List<GhlSyncService> instances, List<UUID> accounts) {
		for (GhlSyncService instance : instances) {
			instance.startInBackground(null, null);
		}
		// a count over the whole backlog costs the database real work: 20 a second is precise enough
		while (remaining(accounts) > 0) {
			sleep(50);
		}
	}

	/** {@code count} answered calls of the tenant's broadcast with contacts {@code prefix-n}, each with its update. */
	private void insert(Fixtures.Tenant tenant, String prefix, int count, int phoneOffset) {
		this.transactions.executeWithoutResult(tx -> {
			this.jdbc.sql("""
					insert into broadcast_queue (id, broadcast_id, user_id, phone, ghl_contact_id, status, attempts,
					                             last_outcome, ghl_callback_status)
					select gen_random_uuid(), :broadcast, :account, '+1' || (2000000000 + :offset + n)::text, :prefix || '-' || n,
					       'completed', 1, 'answered', 'queued'
					  from generate_series(1, :count) n""")
				.param("broadcast", tenant.broadcastId())
				.param("account", tenant.accountId())
				.param("prefix", prefix)
				.param("offset", phoneOffset)
				.param("count", count)
				.update();
			this.jdbc.sql("""
					insert into ghl_pending_updates (id, user_id, queue_item_id, ghl_contact_id, broadcast_id,
					       broadcast_name, call_outcome, call_duration_seconds, call_timestamp)
					select gen_random_uuid(), q.user_id, q.id, q.ghl_contact_id, q.broadcast_id, b.name, 'answered', 30, now()
					  from broadcast_queue q join voice_broadcasts b on b.id = q.broadcast_id
					 where q.broadcast_id = :broadcast and q.ghl_contact_id like :prefix || '-%'""")
				.param("broadcast", tenant.broadcastId())
				.param("prefix", prefix)
				.update();
		});
	}

	private long remaining(List<UUID> accounts) {
		return this.jdbc.sql("""
				select count(*) from ghl_pending_updates where user_id in (:ids) and status in ('pending', 'processing')""")
			.param("ids", accounts)
			.query(Long.class)
			.single();
	}

	private static ConfigurableApplicationContext startInstance(int n) {
		TestDatabase.Connection db = TestDatabase.get();
		Map<String, Object> properties = new HashMap<>(appProperties());
		properties.put("spring.datasource.url", db.url());
		properties.put("spring.datasource.username", db.username());
		properties.put("spring.datasource.password", db.password());
		properties.put("app.ghl.sync.instance-id", "bench-" + n);
		properties.put("server.port", "0");
		return new SpringApplicationBuilder(GhlBroadcastApplication.class).properties(properties).run();
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
