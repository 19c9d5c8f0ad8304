package com.dialsmart.ghlbroadcast.calls;

import java.sql.Connection;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.dialsmart.ghlbroadcast.support.Fixtures;
import com.dialsmart.ghlbroadcast.support.SecondContext;
import com.dialsmart.ghlbroadcast.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code app.engine.concurrent-reports}: with a limit of one, a report waits while another is under way, even for a
 * different item. The first report is held inside its transaction by a lock this test takes on its queue item.
 */
@SecondContext
class CallReportConcurrencyTests extends IntegrationTest {

	@Autowired
	Fixtures fixtures;

	@Autowired
	CallsTestSupport support;

	@Autowired
	CallOutcomeService outcomes;

	@Test
	void aReportWaitsForItsTurnWhileTheLimitIsTaken() throws Exception {
		Fixtures.Tenant tenant = this.fixtures.tenant();
		UUID held = this.support.enqueue(tenant.accountId(), tenant.broadcastId(), Fixtures.uniquePhone(), null);
		UUID other = this.support.enqueue(tenant.accountId(), tenant.broadcastId(), Fixtures.uniquePhone(), null);
		ExecutorService threads = Executors.newFixedThreadPool(2);
		try (Connection lock = HeldItemLock.hold(held)) {
			CompletableFuture<CallOutcomeService.ReportResult> first = CompletableFuture
				.supplyAsync(() -> this.outcomes.report(HeldItemLock.answered(held)), threads);
			await().atMost(Duration.ofSeconds(10)).until(() -> HeldItemLock.reportsWaiting(lock) > 0);
			CompletableFuture<CallOutcomeService.ReportResult> second = CompletableFuture
				.supplyAsync(() -> this.outcomes.report(HeldItemLock.answered(other)), threads);

			Thread.sleep(500);
			assertThat(second).as("a report of another item, while the only turn is taken").isNotDone();

			lock.rollback();
			assertThat(first.get().effect()).isEqualTo(CallOutcomeService.Effect.RECORDED);
			assertThat(second.get().effect()).isEqualTo(CallOutcomeService.Effect.RECORDED);
		}
		finally {
			threads.shutdownNow();
		}
	}

}
