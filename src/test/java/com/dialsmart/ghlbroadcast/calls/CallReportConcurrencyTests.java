package com.dialsmart.ghlbroadcast.calls;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.dialsmart.ghlbroadcast.support.Fixtures;
import com.dialsmart.ghlbroadcast.support.SecondContext;
import com.dialsmart.ghlbroadcast.support.IntegrationTest;
import com.dialsmart.ghlbroadcast.support.TestDatabase;
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
		try (Connection lock = TestDatabase.get().open()) {
			lock.setAutoCommit(false);
			try (PreparedStatement forUpdate = lock
				.prepareStatement("select 1 from broadcast_queue where id = ? for update")) {
				forUpdate.setObject(1, held);
				forUpdate.executeQuery().close();
			}
			CompletableFuture<CallOutcomeService.ReportResult> first = CompletableFuture
				.supplyAsync(() -> this.outcomes.report(answered(held)), threads);
			await().atMost(Duration.ofSeconds(10)).until(() -> waitingOnTheLock(lock));
			CompletableFuture<CallOutcomeService.ReportResult> second = CompletableFuture
				.supplyAsync(() -> this.outcomes.report(answered(other)), threads);

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

	private static boolean waitingOnTheLock(Connection lock) throws SQLException {
		try (PreparedStatement waiting = lock.prepareStatement("""
				select count(*) from pg_stat_activity
				 where wait_event_type = 'Lock' and pid <> pg_backend_pid() and query like '%for update of q%'""")) {
			var rows = waiting.executeQuery();
			rows.next();
			return rows.getInt(1) > 0;
		}
	}

	private static CallReport answered(UUID item) {
		return new CallReport(item, "external", "CA" + UUID.randomUUID(), CallStatus.COMPLETED, "human", 30, null,
				null, null, null, "{}");
	}

}
