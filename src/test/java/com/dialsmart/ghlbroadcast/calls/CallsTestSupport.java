package com.dialsmart.ghlbroadcast.calls;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.dialsmart.ghlbroadcast.broadcast.BroadcastQueueService;
import com.dialsmart.ghlbroadcast.broadcast.BroadcastQueueService.NewContact;
import com.dialsmart.ghlbroadcast.broadcast.BroadcastRequest;
import com.dialsmart.ghlbroadcast.broadcast.BroadcastService;
import com.dialsmart.ghlbroadcast.broadcast.BroadcastService.Transition;
import com.dialsmart.ghlbroadcast.ghlsync.GhlSettingsService;
import org.springframework.boot.test.context.TestComponent;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Broadcasts, queue items and database reads for the calls tests. */
@TestComponent
class CallsTestSupport {

	private final BroadcastService broadcasts;

	private final BroadcastQueueService queue;

	private final GhlSettingsService settings;

	private final JdbcClient jdbc;

	CallsTestSupport(BroadcastService broadcasts, BroadcastQueueService queue, GhlSettingsService settings,
			JdbcClient jdbc) {
		this.broadcasts = broadcasts;
		this.queue = queue;
		this.settings = settings;
		this.jdbc = jdbc;
	}

	/** An active broadcast with the given engine settings ({@code null}: default). */
	UUID broadcast(UUID accountId, Integer maxAttempts, Integer retryDelayMinutes, Boolean autoComplete,
			Integer maxConcurrentCalls, Integer callsPerMinute) {
		return broadcast(accountId, maxAttempts, retryDelayMinutes, autoComplete, maxConcurrentCalls, callsPerMinute,
				null, null);
	}

	UUID broadcast(UUID accountId, Integer maxAttempts, Integer retryDelayMinutes, Boolean autoComplete,
			Integer maxConcurrentCalls, Integer callsPerMinute, String windowStart, String windowEnd) {
		UUID id = this.broadcasts.create(accountId, new BroadcastRequest("Calls " + UUID.randomUUID(), "Hello",
				maxAttempts, retryDelayMinutes, windowStart, windowEnd, autoComplete, maxConcurrentCalls,
				callsPerMinute, null, null)).id();
		this.broadcasts.transition(accountId, id, Transition.ACTIVATE);
		return id;
	}

	UUID enqueue(UUID accountId, UUID broadcastId, String phone, String ghlContactId) {
		return this.queue.enqueue(accountId, broadcastId, new NewContact(phone, "Jane Doe", null, ghlContactId))
			.queueItemId();
	}

	void enableSync(UUID accountId) {
		this.settings.update(accountId, new GhlSettingsService.SettingsUpdate("loc-" + accountId.toString()
			.substring(0, 8), "private_token", "pit-test-token", null, null, true));
	}

	record Item(String status, int attempts, String lastOutcome, String ghlCallbackStatus, Instant nextAttemptAt,
			String dtmf, boolean callbackRequested, Instant callbackTime, String lockedBy) {
	}

	Item item(UUID itemId) {
		return this.jdbc.sql("""
				select status, attempts, last_outcome, ghl_callback_status, next_attempt_at, dtmf_pressed,
				       callback_requested, callback_time, locked_by
				  from broadcast_queue where id = ?""")
			.param(itemId)
			.query((rs, n) -> new Item(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getString(4),
					rs.getTimestamp(5).toInstant(), rs.getString(6), rs.getBoolean(7),
					rs.getTimestamp(8) == null ? null : rs.getTimestamp(8).toInstant(), rs.getString(9)))
			.single();
	}

	List<Map<String, Object>> attempts(UUID itemId) {
		return this.jdbc.sql("select * from call_attempts where queue_item_id = ? order by created_at")
			.param(itemId)
			.query()
			.listOfRows();
	}

	List<Map<String, Object>> pendingUpdates(UUID itemId) {
		return this.jdbc.sql("select * from ghl_pending_updates where queue_item_id = ?")
			.param(itemId)
			.query()
			.listOfRows();
	}

	/** What the GHL sync does once every step of the item's update went through. */
	void markUpdateSent(UUID itemId) {
		this.jdbc.sql("""
				update ghl_pending_updates set status = 'sent', tags_done = true, fields_done = true, note_done = true,
				       sent_at = now()
				 where queue_item_id = ?""")
			.param(itemId)
			.update();
		this.jdbc.sql("update broadcast_queue set ghl_callback_status = 'sent' where id = ?").param(itemId).update();
	}

	Instant databaseNow() {
		return this.jdbc.sql("select now()").query(Timestamp.class).single().toInstant();
	}

	String broadcastStatus(UUID broadcastId) {
		return this.jdbc.sql("select status from voice_broadcasts where id = ?").param(broadcastId)
			.query(String.class).single();
	}

	JdbcClient jdbc() {
		return this.jdbc;
	}

}
