package com.dialsmart.ghlbroadcast.ghlsync;

import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** The outbox of outcomes to write to GHL. */
@Service
public class PendingUpdateService {

	private final JdbcClient jdbc;

	PendingUpdateService(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Writes the outbox row for a final outcome <em>in the caller's transaction</em> (so the outcome and its update
	 * commit or roll back together), when the account has GHL sync enabled. One row per queue item: a second call
	 * for the same item changes nothing.
	 * @return {@code true} when the item has an outbox row (its {@code ghl_callback_status} becomes
	 * {@code queued}), {@code false} when sync is off for the account (it becomes {@code skipped})
	 */
	@Transactional(propagation = Propagation.MANDATORY)
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
				on conflict (queue_item_id) do nothing""")
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
