package com.dialsmart.ghlbroadcast.broadcast;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

import com.dialsmart.ghlbroadcast.broadcast.BroadcastQueueService.NewContact;
import com.dialsmart.ghlbroadcast.broadcast.QueueItemLifecycle.CallbackMove;
import com.dialsmart.ghlbroadcast.broadcast.QueueItemLifecycle.ItemMove;
import com.dialsmart.ghlbroadcast.shared.JdbcTransactional;
import com.dialsmart.ghlbroadcast.support.Fixtures;
import com.dialsmart.ghlbroadcast.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The statements that move an item's status or callback status, run from every status: each changes exactly the
 * items its move in {@link QueueItemLifecycle} starts from, so the SQL and the table agree.
 */
class QueueItemStatusSqlTests extends IntegrationTest {

	@Autowired
	Fixtures fixtures;

	@Autowired
	BroadcastQueueService queue;

	@Autowired
	BroadcastQueueProgress progress;

	@Autowired
	QueueItemCallbacks callbacks;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	@Qualifier(JdbcTransactional.MANAGER)
	PlatformTransactionManager transactionManager;

	@Test
	void givesBackOnlyCallingItems() {
		eachItemStatus(ItemMove.GIVE_BACK, item -> this.progress.unclaim(List.of(item), Instant.now()));
	}

	@Test
	void marksOnlyCallingItemsDncWhenClaimedOnTheList() {
		eachItemStatus(ItemMove.CLAIMED_ON_DNC, item -> this.progress.markClaimedDnc(List.of(item)));
	}

	@Test
	void marksOnlyWaitingItemsDncOnAnOptOut() {
		eachItemStatus(ItemMove.OPT_OUT, item -> inTransaction(() -> this.progress
			.markWaitingItemsDnc(this.jdbc.sql("select user_id from broadcast_queue where id = ?").param(item)
				.query(UUID.class).single(), phone(item))));
	}

	@Test
	void cancelsOnlyWaitingItemsWithTheirBroadcast() {
		eachItemStatus(ItemMove.BROADCAST_CANCELLED, item -> inTransaction(() -> this.progress
			.cancelWaiting(this.jdbc.sql("select broadcast_id from broadcast_queue where id = ?").param(item)
				.query(UUID.class).single())));
	}

	@Test
	void movesCallbacksOnlyFromTheStatusesTheLifeCycleAllows() {
		eachCallbackStatus(CallbackMove.SENT, CallbackStatus.SENT,
				item -> inTransaction(() -> this.callbacks.sent(List.of(item))));
		eachCallbackStatus(CallbackMove.GAVE_UP, CallbackStatus.FAILED,
				item -> inTransaction(() -> this.callbacks.failed(List.of(item))));
		eachCallbackStatus(CallbackMove.UPDATE_RETRIED, CallbackStatus.QUEUED,
				item -> inTransaction(() -> this.callbacks.queuedAgain(List.of(item))));
	}

	/** One item per status, alone in its broadcast; runs the statement on it and checks the move's from-states. */
	private void eachItemStatus(ItemMove move, Consumer<UUID> statement) {
		for (QueueItemStatus from : QueueItemStatus.values()) {
			UUID item = newItem();
			this.jdbc.sql("update broadcast_queue set status = ?, attempts = 1 where id = ?").param(from.value())
				.param(item).update();
			statement.accept(item);
			QueueItemStatus now = QueueItemStatus.parse(this.jdbc.sql("select status from broadcast_queue where id = ?")
				.param(item).query(String.class).single());
			if (move.from.contains(from)) {
				assertThat(move.to).as("%s from %s", move, from).contains(now);
			}
			else {
				assertThat(now).as("%s from %s", move, from).isEqualTo(from);
			}
		}
	}

	private void eachCallbackStatus(CallbackMove move, CallbackStatus to, Consumer<UUID> statement) {
		for (CallbackStatus from : CallbackStatus.values()) {
			UUID item = newItem();
			this.jdbc.sql("update broadcast_queue set ghl_callback_status = ? where id = ?").param(from.value())
				.param(item).update();
			statement.accept(item);
			CallbackStatus now = CallbackStatus.parse(this.jdbc
				.sql("select ghl_callback_status from broadcast_queue where id = ?").param(item).query(String.class)
				.single());
			assertThat(now).as("%s from %s", move, from).isEqualTo(move.from.contains(from) ? to : from);
		}
	}

	private UUID newItem() {
		Fixtures.Tenant tenant = this.fixtures.tenant();
		return this.queue.enqueue(tenant.accountId(), tenant.broadcastId(),
				new NewContact(Fixtures.uniquePhone(), null, null, null)).queueItemId();
	}

	private String phone(UUID item) {
		return this.jdbc.sql("select phone from broadcast_queue where id = ?").param(item).query(String.class).single();
	}

	private void inTransaction(Runnable work) {
		new TransactionTemplate(this.transactionManager).executeWithoutResult(tx -> work.run());
	}

}
