package com.dialsmart.ghlbroadcast.ghlsync;

import java.util.UUID;

import com.dialsmart.ghlbroadcast.shared.JdbcTransactional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;

/** The outbox of outcomes to write to GHL. */
@Service
public class PendingUpdateService {

	private final JdbcClient jdbc;

	PendingUpdateService(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Writes the outbox row for a final outcome <em>in the caller's transaction</em> (so the outcome and its update
	 * commit or roll back together), when the account has GHL sync enabled. One row per queue item: the final outcome
	 * of an item an operator put back in the queue replaces the earlier one, whatever became of it (pending, in
	 * progress, sent or failed), with a new id (a new {@code Sync reference:} in its note, and a worker still holding
	 * the old claim is fenced out) and every step to do again. Repeated reports of one call never get here: the
	 * caller enqueues only while the item's {@code ghl_callback_status} is {@code pending}.
	 * @return {@code true} when the item has an outbox row (its {@code ghl_callback_status} becomes
	 * {@code queued}), {@code false} when sync is off for the account (it becomes {@code skipped})
	 */
	@JdbcTransactional(propagation = Propagation.MANDATORY)
	public boolean enqueue(OutcomeToSync outcome) {
		if (outcome.ghlContactId() == null || !syncEnabled(outcome.accountId())) {
			return false;
		}
		this.jdbc.sql("""
				insert into ghl_pending_updates (id, user_id, queue_item_id, ghl_contact_id, broadcast_id,
				       broadcast_name, call_outcome, call_duration_seconds, call_timestamp, dtmf_pressed,
				       callback_requested, callback_time)
				values (:id, :account, :item, :contact, :broadcast, :name, :outcome, :duration, :at, :dtmf,
				        :callback, :callbackTime)
				on conflict (queue_item_id) do update
				   set id = excluded.id, ghl_contact_id = excluded.ghl_contact_id, broadcast_name = excluded.broadcast_name,
				       call_outcome = excluded.call_outcome, call_duration_seconds = excluded.call_duration_seconds,
				       call_timestamp = excluded.call_timestamp, dtmf_pressed = excluded.dtmf_pressed,
				       callback_requested = excluded.callback_requested, callback_time = excluded.callback_time,
				       status = 'pending', retry_count = 0, error_message = null, last_http_status = null,
				       tags_done = false, fields_done = false, note_done = false, note_uncertain = false,
				       next_attempt_at = now(), locked_by = null, locked_until = null, sent_at = null,
				       created_at = now(), updated_at = now()""")
			.param("id", UUID.randomUUID())
			.param("account", outcome.accountId())
			.param("item", outcome.queueItemId())
			.param("contact", outcome.ghlContactId())
			.param("broadcast", outcome.broadcastId())
			.param("name", outcome.broadcastName())
			.param("outcome", outcome.outcome())
			.param("duration", outcome.durationSeconds())
			.param("at", java.sql.Timestamp.from(outcome.callTimestamp()))
			.param("dtmf", outcome.dtmfPressed())
			.param("callback", outcome.callbackRequested())
			.param("callbackTime", outcome.callbackTime() == null ? null : java.sql.Timestamp.from(outcome.callbackTime()))
			.update();
		return true;
	}

	private boolean syncEnabled(UUID accountId) {
		return this.jdbc.sql("""
				select exists (select 1 from ghl_sync_settings
				                where user_id = ? and sync_enabled and location_id is not null)""")
			.param(accountId)
			.query(Boolean.class)
			.single();
	}

}
