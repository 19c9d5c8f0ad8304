package com.dialsmart.ghlbroadcast.ghlsync;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import com.dialsmart.ghlbroadcast.GhlBroadcastApplication;
import com.dialsmart.ghlbroadcast.ghlsync.GhlSettingsService.SettingsUpdate;
import com.dialsmart.ghlbroadcast.support.SecondContext;
import com.dialsmart.ghlbroadcast.support.TestDatabase;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/** Two instances of the service (two application contexts) on one database and one GHL. */
// A tag or field call that timed out is repeated (harmless at GHL, but counted twice here): on a busy machine the
// other tests' 2 s read timeout is too tight for two instances and 2 000 updates.
@SecondContext
class GhlSyncMultiInstanceTests extends GhlSyncTestSupport {

	static final String READ_TIMEOUT = SecondContext.GHL_READ_TIMEOUT;

	private static ConfigurableApplicationContext secondInstance;

	private static synchronized GhlSyncService second() {
		if (secondInstance == null) {
			TestDatabase.Connection db = TestDatabase.get();
			Map<String, Object> properties = new HashMap<>(PROPERTIES);
			properties.put("spring.datasource.url", db.url());
			properties.put("spring.datasource.username", db.username());
			properties.put("spring.datasource.password", db.password());
			properties.put("app.ghl.base-url", ghl.baseUrl());
			properties.put("app.ghl.sync.instance-id", "instance-b");
			properties.put("server.port", "0");
			properties.put("app.ghl.read-timeout", READ_TIMEOUT);
			secondInstance = new SpringApplicationBuilder(GhlBroadcastApplication.class).properties(properties).run();
		}
		return secondInstance.getBean(GhlSyncService.class);
	}

	@AfterAll
	static void stopSecondInstance() {
		if (secondInstance != null) {
			secondInstance.close();
			secondInstance = null;
		}
	}

	private long remaining(List<Account> accounts) {
		return this.jdbc.sql("""
				select count(*) from ghl_pending_updates where user_id in (:ids) and status in ('pending', 'processing')""")
			.param("ids", accounts.stream().map(Account::id).toList())
			.query(Long.class)
			.single();
	}

	/** Runs both instances' sync of the accounts side by side until nothing is left; the sent count of each. */
	private int[] drainWithBoth(List<Account> accounts, Duration limit) {
		GhlSyncService other = second();
		AtomicInteger sentByFirst = new AtomicInteger();
		AtomicInteger sentBySecond = new AtomicInteger();
		long end = System.nanoTime() + limit.toNanos();
		List<CompletableFuture<Void>> runs = new ArrayList<>();
		runs.add(CompletableFuture.runAsync(() -> {
			while (System.nanoTime() < end && remaining(accounts) > 0) {
				sentByFirst.addAndGet(this.sync.processPending(null, Duration.ofSeconds(20)).sent());
			}
		}));
		runs.add(CompletableFuture.runAsync(() -> {
			while (System.nanoTime() < end && remaining(accounts) > 0) {
				sentBySecond.addAndGet(other.processPending(null, Duration.ofSeconds(20)).sent());
			}
		}));
		CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).join();
		return new int[] { sentByFirst.get(), sentBySecond.get() };
	}

	@Test
	void sendsEveryMutationExactlyOnceWithinEachLocationsLimit() {
		List<Account> accounts = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			Account account = account(true);
			// GHL's limit, scaled to a 1 s window: the instances are configured for 90 of these 100
			ghl.locationState(account.location()).limit(100, 1000, true);
			bulkOutcomes(account, account.broadcast(), account.location(), 200);
			accounts.add(account);
		}
		second();

		long start = System.nanoTime();
		int[] sent = drainWithBoth(accounts, Duration.ofSeconds(90));
		Duration took = Duration.ofNanos(System.nanoTime() - start);
		System.out.printf("two instances drained 2000 updates (6000 requests, 10 locations) in %.1f s%n",
				took.toMillis() / 1000.0);

		assertThat(remaining(accounts)).isZero();
		assertThat(this.jdbc.sql("select count(*) from ghl_pending_updates where user_id in (:ids) and status = 'sent'")
			.param("ids", accounts.stream().map(Account::id).toList())
			.query(Long.class)
			.single()).isEqualTo(2000);
		assertThat(sent[0]).as("instance A sent some").isPositive();
		assertThat(sent[1]).as("instance B sent some").isPositive();
		Map<String, Integer> mutations = new HashMap<>();
		for (ServeEvent event : ghl.wireMock().getAllServeEvents()) {
			int status = event.getResponse().getStatus();
			String method = event.getRequest().getMethod().getName();
			if (status >= 200 && status < 300 && !method.equals("GET")) {
				mutations.merge(method + " " + GhlFake.path(event.getRequest().getUrl()), 1, Integer::sum);
			}
		}
		for (Account account : accounts) {
			for (int n = 1; n <= 200; n++) {
				String contact = account.location() + "-" + n;
				assertThat(mutations.get("POST /contacts/" + contact + "/tags")).as(contact + " tags").isEqualTo(1);
				assertThat(mutations.get("PUT /contacts/" + contact)).as(contact + " fields").isEqualTo(1);
				assertThat(mutations.get("POST /contacts/" + contact + "/notes")).as(contact + " note").isEqualTo(1);
			}
			GhlFake.Location location = ghl.locationState(account.location());
			assertThat(location.tooManyRequests.get()).as("429s for " + account.location()).isZero();
			assertThat(location.maxInAnyWindow(1000)).as("requests in any 1 s of " + account.location())
				.isLessThanOrEqualTo(100);
		}
		// 6 000 requests at 10 x 90 per second: about 7 s when both instances share each location's pace
		assertThat(took).isLessThan(Duration.ofSeconds(40));
	}

	@Test
	void refreshesAnOauthTokenOnceWhenBothInstancesGet401Together() {
		Account account = account(true);
		ghl.revoke(account.token());
		ghl.refreshToken("rt-shared", account.location());
		this.settings.update(account.id(), new SettingsUpdate(null, "oauth", "at-revoked", "rt-shared", null, true));
		bulkOutcomes(account, account.broadcast(), "oauth-" + UUID.randomUUID(), 40);
		GhlSyncService other = second();

		CompletableFuture<GhlSyncService.RunResult> a = CompletableFuture
			.supplyAsync(() -> this.sync.processPending(account.id(), Duration.ofSeconds(20)));
		CompletableFuture<GhlSyncService.RunResult> b = CompletableFuture
			.supplyAsync(() -> other.processPending(account.id(), Duration.ofSeconds(20)));
		CompletableFuture.allOf(a, b).join();
		drain(account, Duration.ofSeconds(20));

		assertThat(ghl.count("POST", "/oauth/token")).isEqualTo(1);
		assertThat(remaining(List.of(account))).isZero();
		assertThat(this.settings.get(account.id()).syncStatus()).isEqualTo("ok");
		assertThat(ghl.unauthorized()).as("both instances hit the revoked token").isGreaterThanOrEqualTo(2);
	}

}
