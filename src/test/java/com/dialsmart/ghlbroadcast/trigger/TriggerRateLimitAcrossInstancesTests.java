package com.dialsmart.ghlbroadcast.trigger;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import com.dialsmart.ghlbroadcast.GhlBroadcastApplication;
import com.dialsmart.ghlbroadcast.account.AccountService;
import com.dialsmart.ghlbroadcast.account.JwtTokens;
import com.dialsmart.ghlbroadcast.account.WebhookKeyService;
import com.dialsmart.ghlbroadcast.broadcast.BroadcastService;
import com.dialsmart.ghlbroadcast.support.Fixtures;
import com.dialsmart.ghlbroadcast.support.Fixtures.Tenant;
import com.dialsmart.ghlbroadcast.support.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static com.dialsmart.ghlbroadcast.trigger.TriggerTestSupport.body;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The trigger's limits are shared by every instance: two instances of the application on one database, as behind a
 * load balancer. Not a Spring test context: both applications are started and closed here.
 */
class TriggerRateLimitAcrossInstancesTests {

	private static final int LIMIT = 100;

	private static ConfigurableApplicationContext first;

	private static ConfigurableApplicationContext second;

	private static Fixtures fixtures;

	private static JdbcClient jdbc;

	private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(10)).build();

	@BeforeAll
	static void startTwoInstances() {
		first = start();
		second = start();
		fixtures = new Fixtures(first.getBean(AccountService.class), first.getBean(WebhookKeyService.class),
				first.getBean(BroadcastService.class), first.getBean(JwtTokens.class));
		jdbc = first.getBean(JdbcClient.class);
	}

	@AfterAll
	static void stopBothInstances() {
		if (second != null) {
			second.close();
		}
		if (first != null) {
			first.close();
		}
	}

	private static ConfigurableApplicationContext start() {
		TestDatabase.Connection db = TestDatabase.get();
		// command-line arguments, so they win over the test application.properties
		return new SpringApplicationBuilder(GhlBroadcastApplication.class).run("--server.port=0",
				"--spring.datasource.url=" + db.url(), "--spring.datasource.username=" + db.username(),
				"--spring.datasource.password=" + db.password(), "--spring.datasource.hikari.maximum-pool-size=8",
				"--spring.datasource.hikari.minimum-idle=1");
	}

	private static int port(ConfigurableApplicationContext context) {
		return context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
	}

	private HttpResponse<String> send(ConfigurableApplicationContext instance, String json) throws Exception {
		HttpRequest request = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + port(instance) + TriggerTestSupport.URI))
			.header("Content-Type", "application/json")
			.timeout(Duration.ofSeconds(60))
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.build();
		return this.client.send(request, HttpResponse.BodyHandlers.ofString());
	}

	private static long header(HttpResponse<?> response, String name) {
		return Long.parseLong(response.headers().firstValue(name).orElseThrow(() -> new AssertionError(name + " missing")));
	}

	private static String error(HttpResponse<String> response) {
		return (String) TriggerTestSupport.JSON.readValue(response.body(), java.util.Map.class).get("error");
	}

	@Test
	void acceptsExactlyOneHundredRequestsOfAKeyPerMinuteAcrossBothInstances() throws Exception {
		assertThat(port(first)).isNotEqualTo(port(second));
		Tenant tenant = fixtures.tenant();
		Tenant bystander = fixtures.tenant();
		ExecutorService threads = Executors.newFixedThreadPool(10);
		List<HttpResponse<String>> answers = new ArrayList<>();
		long started = System.nanoTime();
		try {
			List<Future<HttpResponse<String>>> futures = new ArrayList<>();
			for (int i = 0; i < 150; i++) {
				ConfigurableApplicationContext instance = i % 2 == 0 ? first : second;
				String action = i % 3 == 0 ? "list_broadcasts" : "test";
				futures.add(threads.submit(() -> send(instance, body("action", action, "webhook_key", tenant.webhookKey()))));
			}
			for (Future<HttpResponse<String>> future : futures) {
				answers.add(future.get(60, TimeUnit.SECONDS));
			}
		}
		finally {
			threads.shutdownNow();
		}
		// the window is one minute from the first request: a slower run could not show the limit
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(45));

		List<HttpResponse<String>> accepted = answers.stream().filter(r -> r.statusCode() == 200).toList();
		List<HttpResponse<String>> limited = answers.stream().filter(r -> r.statusCode() == 429).toList();
		assertThat(accepted).hasSize(LIMIT);
		assertThat(limited).hasSize(50);
		// one bucket, consumed one token at a time whichever instance answered
		assertThat(accepted).extracting(r -> header(r, "X-RateLimit-Remaining"))
			.containsExactlyInAnyOrderElementsOf(LongStream.range(0, LIMIT).boxed().toList());
		assertThat(accepted).extracting(r -> header(r, "X-RateLimit-Limit")).containsOnly((long) LIMIT);
		for (HttpResponse<String> response : limited) {
			assertThat(error(response)).isEqualTo("rate_limited");
			assertThat(response.headers().firstValue("Retry-After").orElseThrow()).matches("[0-9]+");
			assertThat(header(response, "Retry-After")).isBetween(1L, 60L);
			assertThat(header(response, "X-RateLimit-Limit")).isEqualTo(LIMIT);
			assertThat(header(response, "X-RateLimit-Remaining")).isZero();
		}

		HttpResponse<String> otherKeyOnFirst = send(first, body("action", "test", "webhook_key", bystander.webhookKey()));
		HttpResponse<String> otherKeyOnSecond = send(second, body("action", "test", "webhook_key", bystander.webhookKey()));
		assertThat(otherKeyOnFirst.statusCode()).isEqualTo(200);
		assertThat(header(otherKeyOnFirst, "X-RateLimit-Remaining")).isEqualTo(LIMIT - 1);
		assertThat(otherKeyOnSecond.statusCode()).isEqualTo(200);
		assertThat(header(otherKeyOnSecond, "X-RateLimit-Remaining")).isEqualTo(LIMIT - 2);
	}

	@Test
	void limitsFailedKeyChecksPerClientAddressButNeverAValidKey() throws Exception {
		Tenant tenant = fixtures.tenant();
		// the loopback address's bucket may hold failures of earlier test classes of this run
		jdbc.sql("delete from rate_limit_buckets where id = ?").param("trigger-ip-fail:127.0.0.1").update();

		for (int i = 0; i < 20; i++) {
			HttpResponse<String> response = send(i % 2 == 0 ? first : second,
					body("action", "test", "webhook_key", "wh_guess_" + UUID.randomUUID()));
			assertThat(response.statusCode()).as("failed check %d", i + 1).isEqualTo(401);
			assertThat(error(response)).isEqualTo("invalid_webhook_key");
		}
		HttpResponse<String> twentyFirst = send(second, body("action", "test", "webhook_key", "wh_guess_" + UUID.randomUUID()));
		HttpResponse<String> valid = send(first, body("action", "test", "webhook_key", tenant.webhookKey()));
		HttpResponse<String> validOnSecond = send(second, body("action", "test", "webhook_key", tenant.webhookKey()));
		HttpResponse<String> stillGuessing = send(first, body("action", "test", "webhook_key", "wh_guess"));

		assertThat(twentyFirst.statusCode()).isEqualTo(429);
		assertThat(error(twentyFirst)).isEqualTo("rate_limited");
		assertThat(header(twentyFirst, "Retry-After")).isBetween(1L, 60L);
		assertThat(valid.statusCode()).isEqualTo(200);
		assertThat(validOnSecond.statusCode()).isEqualTo(200);
		assertThat(stillGuessing.statusCode()).isEqualTo(429);
	}

}
