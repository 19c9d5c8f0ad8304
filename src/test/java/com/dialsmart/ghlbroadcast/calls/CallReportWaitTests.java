package com.dialsmart.ghlbroadcast.calls;

import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.dialsmart.ghlbroadcast.support.Fixtures;
import com.dialsmart.ghlbroadcast.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code app.engine.report-wait} (5 s by default): with every turn taken by reports stuck in a slow database, a
 * further report is refused with 503 and {@code Retry-After} once the wait is over, instead of holding its request
 * thread until the database answers. The slow database is a lock this test holds on a queue item; the reports are
 * real threads.
 */
class CallReportWaitTests extends IntegrationTest {

	/** {@code app.engine.concurrent-reports}' default: every turn. */
	private static final int TURNS = 8;

	@Autowired
	MockMvcTester mvc;

	@Autowired
	Fixtures fixtures;

	@Autowired
	CallsTestSupport support;

	@Autowired
	CallOutcomeService outcomes;

	@Test
	void answersServiceUnavailableWithRetryAfterOnceTheWaitIsOver() throws Exception {
		Fixtures.Tenant tenant = this.fixtures.tenant();
		UUID held = this.support.enqueue(tenant.accountId(), tenant.broadcastId(), Fixtures.uniquePhone(), null);
		UUID other = this.support.enqueue(tenant.accountId(), tenant.broadcastId(), Fixtures.uniquePhone(), null);
		ExecutorService threads = Executors.newFixedThreadPool(TURNS + 1);
		try (Connection lock = HeldItemLock.hold(held)) {
			List<CompletableFuture<CallOutcomeService.ReportResult>> stuck = new ArrayList<>();
			for (int i = 0; i < TURNS; i++) {
				stuck.add(CompletableFuture.supplyAsync(() -> this.outcomes.report(HeldItemLock.answered(held)),
						threads));
			}
			await().atMost(Duration.ofSeconds(20)).until(() -> HeldItemLock.reportsWaiting(lock) == TURNS);

			long start = System.nanoTime();
			CompletableFuture<MvcTestResult> refused = CompletableFuture.supplyAsync(() -> report(other), threads);
			MvcTestResult result;
			try {
				// without a bound this report waits for as long as the database does: here, for ever
				result = refused.get(15, TimeUnit.SECONDS);
			}
			finally {
				lock.rollback();
			}
			Duration waited = Duration.ofNanos(System.nanoTime() - start);

			assertThat(result).hasStatus(HttpStatus.SERVICE_UNAVAILABLE);
			assertThat(result).hasHeader("Retry-After", "5");
			assertThat(result).bodyJson().extractingPath("$.success").isEqualTo(false);
			assertThat(result).bodyJson().extractingPath("$.error").isEqualTo("service_unavailable");
			assertThat(waited).isBetween(Duration.ofMillis(4500), Duration.ofSeconds(12));
			// nothing of the refused report was recorded: the sender reports it again
			assertThat(this.support.attempts(other)).isEmpty();
			assertThat(this.support.item(other).status()).isEqualTo("pending");
			for (CompletableFuture<CallOutcomeService.ReportResult> report : stuck) {
				assertThat(report.get(20, TimeUnit.SECONDS)).isNotNull();
			}
		}
		finally {
			threads.shutdownNow();
		}
	}

	private MvcTestResult report(UUID item) {
		return this.mvc.post().uri("/functions/v1/call-tracking-webhook")
			.header("Authorization", "Bearer " + this.fixtures.serviceToken())
			.contentType(MediaType.APPLICATION_JSON)
			.content("""
					{"queue_item_id":"%s","call_id":"CA%s","status":"completed","answered_by":"human"}"""
				.formatted(item, UUID.randomUUID().toString().replace("-", "")))
			.exchange();
	}

}
