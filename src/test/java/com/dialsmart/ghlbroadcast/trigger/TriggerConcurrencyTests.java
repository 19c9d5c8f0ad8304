package com.dialsmart.ghlbroadcast.trigger;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.dialsmart.ghlbroadcast.support.Fixtures;
import com.dialsmart.ghlbroadcast.support.Fixtures.Tenant;
import com.dialsmart.ghlbroadcast.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.core.type.TypeReference;

import static com.dialsmart.ghlbroadcast.trigger.TriggerTestSupport.add;
import static org.assertj.core.api.Assertions.assertThat;

/** GHL re-delivers and bulk-adds: identical requests racing on a real server must queue a contact exactly once. */
class TriggerConcurrencyTests extends IntegrationTest {

	private static final int REQUESTS = 50;

	@LocalServerPort
	int port;

	@Autowired
	Fixtures fixtures;

	@Autowired
	JdbcClient jdbc;

	record Answer(int status, Map<String, Object> body) {
	}

	@Test
	void queuesFiftySimultaneousIdenticalRequestsOnce() throws Exception {
		Tenant tenant = this.fixtures.tenant();
		String phone = Fixtures.uniquePhone();
		String body = add(tenant.webhookKey(), tenant.broadcastId(), phone, "name", "Race Condition");
		HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(10)).build();
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + TriggerTestSupport.URI))
			.header("Content-Type", "application/json")
			.timeout(Duration.ofSeconds(60))
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		CountDownLatch ready = new CountDownLatch(REQUESTS);
		CountDownLatch go = new CountDownLatch(1);
		ExecutorService threads = Executors.newFixedThreadPool(REQUESTS);
		List<Future<Answer>> futures = new ArrayList<>();
		try {
			for (int i = 0; i < REQUESTS; i++) {
				futures.add(threads.submit(() -> {
					ready.countDown();
					go.await();
					HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
					return new Answer(response.statusCode(), TriggerTestSupport.JSON.readValue(response.body(),
							new TypeReference<Map<String, Object>>() {
							}));
				}));
			}
			assertThat(ready.await(30, TimeUnit.SECONDS)).isTrue();
			go.countDown();
			List<Answer> answers = new ArrayList<>();
			for (Future<Answer> future : futures) {
				answers.add(future.get(90, TimeUnit.SECONDS));
			}

			assertThat(answers).extracting(Answer::status).containsOnly(200);
			assertThat(answers).filteredOn(a -> "queued".equals(a.body().get("status"))).hasSize(1);
			assertThat(answers).filteredOn(a -> "duplicate".equals(a.body().get("status"))).hasSize(REQUESTS - 1);
			List<Map<String, Object>> rows = this.jdbc.sql(
					"select id::text as id from broadcast_queue where broadcast_id = ? and phone = ?")
				.param(tenant.broadcastId())
				.param(phone)
				.query()
				.listOfRows();
			assertThat(rows).hasSize(1);
			assertThat(answers).extracting(a -> a.body().get("queue_item_id")).containsOnly(rows.get(0).get("id"));
			assertThat(answers).extracting(a -> a.body().get("position")).containsOnly(1);
			assertThat(this.jdbc.sql("select enqueued from broadcast_queue_stats where broadcast_id = ?")
				.param(tenant.broadcastId()).query(Long.class).single()).isEqualTo(1);
			assertThat(this.jdbc.sql("""
					select result, count(*) from webhook_activity where user_id = ? group by result""")
				.param(tenant.accountId())
				.query((rs, n) -> Map.entry(rs.getString(1), rs.getLong(2)))
				.list()).containsExactlyInAnyOrder(Map.entry("queued", 1L), Map.entry("duplicate", (long) REQUESTS - 1));
		}
		finally {
			threads.shutdownNow();
		}
	}

}
