package com.dialsmart.ghlbroadcast.ghlsync;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import com.dialsmart.ghlbroadcast.shared.InvalidRequestException;
import com.dialsmart.ghlbroadcast.shared.Page;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** The read side of the sync for operators: status counts, the pending-update list, and re-driving failed updates. */
@Component
class SyncQueries {

	static final List<String> UPDATE_STATUSES = List.of("pending", "processing", "sent", "failed");

	static final List<String> CALLBACK_STATUSES = List.of("pending", "queued", "sent", "skipped", "failed");

	private final JdbcClient jdbc;

	SyncQueries(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** The account that owns a broadcast. */
	Optional<UUID> broadcastOwner(UUID broadcastId) {
		return this.jdbc.sql("select user_id from voice_broadcasts where id = ?")
			.param(broadcastId)
			.query(UUID.class)
			.optional();
	}

	record LastError(String message, Integer httpStatus, Instant at) {
	}

	/** What {@code get_status} answers. */
	record BroadcastSyncStatus(Map<String, Long> callbackStatus, Map<String, Long> pendingUpdates,
			Long oldestPendingAgeSeconds, LastError lastError) {
	}

	@Transactional(readOnly = true)
	BroadcastSyncStatus status(UUID broadcastId) {
		Map<String, Long> callback = zeros(CALLBACK_STATUSES);
		this.jdbc.sql("""
				select ghl_callback_status, count(*) from broadcast_queue where broadcast_id = ? group by 1""")
			.param(broadcastId)
			.query((rs, n) -> Map.entry(rs.getString(1), rs.getLong(2)))
			.list()
			.forEach(e -> callback.put(e.getKey(), e.getValue()));
		Map<String, Long> updates = zeros(UPDATE_STATUSES);
		this.jdbc.sql("select status, count(*) from ghl_pending_updates where broadcast_id = ? group by 1")
			.param(broadcastId)
			.query((rs, n) -> Map.entry(rs.getString(1), rs.getLong(2)))
			.list()
			.forEach(e -> updates.put(e.getKey(), e.getValue()));
		Long oldest = this.jdbc.sql("""
				select floor(extract(epoch from (now() - min(created_at))))::bigint
				  from ghl_pending_updates where broadcast_id = ? and status in ('pending', 'processing')""")
			.param(broadcastId)
			.query(Long.class)
			.optional()
			.orElse(null);
		LastError lastError = this.jdbc.sql("""
				select error_message, last_http_status, updated_at from ghl_pending_updates
				 where broadcast_id = ? and error_message is not null
				 order by updated_at desc limit 1""")
			.param(broadcastId)
			.query((rs, n) -> new LastError(rs.getString(1), (Integer) rs.getObject(2), rs.getTimestamp(3).toInstant()))
			.optional()
			.orElse(null);
		return new BroadcastSyncStatus(callback, updates, oldest, lastError);
	}

	/** A pending update as the operator API lists it. */
	record PendingUpdateView(UUID id, UUID queueItemId, UUID broadcastId, String broadcastName, String ghlContactId,
			String callOutcome, Instant callTimestamp, String status, int retryCount, String errorMessage,
			Integer lastHttpStatus, boolean tagsDone, boolean fieldsDone, boolean noteDone, Instant nextAttemptAt,
			Instant sentAt, Instant createdAt, Instant updatedAt) {
	}

	@Transactional(readOnly = true)
	Page<PendingUpdateView> list(UUID accountId, String status, UUID broadcastId, int page, int size) {
		Page.check(page, size);
		String wanted = status == null || status.isBlank() ? null : status.strip().toLowerCase(Locale.ROOT);
		if (wanted != null && !UPDATE_STATUSES.contains(wanted)) {
			throw new InvalidRequestException("status: must be one of " + String.join(", ", UPDATE_STATUSES));
		}
		long total = this.jdbc.sql("""
				select count(*) from ghl_pending_updates
				 where user_id = :account and (cast(:status as text) is null or status = :status)
				   and (cast(:broadcast as uuid) is null or broadcast_id = :broadcast)""")
			.param("account", accountId)
			.param("status", wanted)
			.param("broadcast", broadcastId)
			.query(Long.class)
			.single();
		List<PendingUpdateView> items = this.jdbc.sql("""
				select id, queue_item_id, broadcast_id, broadcast_name, ghl_contact_id, call_outcome, call_timestamp,
				       status, retry_count, error_message, last_http_status, tags_done, fields_done, note_done,
				       next_attempt_at, sent_at, created_at, updated_at
				  from ghl_pending_updates
				 where user_id = :account and (cast(:status as text) is null or status = :status)
				   and (cast(:broadcast as uuid) is null or broadcast_id = :broadcast)
				 order by created_at desc, id
				 limit :limit offset :offset""")
			.param("account", accountId)
			.param("status", wanted)
			.param("broadcast", broadcastId)
			.param("limit", size)
			.param("offset", (long) page * size)
			.query((rs, n) -> new PendingUpdateView(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
					rs.getObject(3, UUID.class), rs.getString(4), rs.getString(5), rs.getString(6), instant(rs.getTimestamp(7)),
					rs.getString(8), rs.getInt(9), rs.getString(10), (Integer) rs.getObject(11), rs.getBoolean(12),
					rs.getBoolean(13), rs.getBoolean(14), instant(rs.getTimestamp(15)), instant(rs.getTimestamp(16)),
					instant(rs.getTimestamp(17)), instant(rs.getTimestamp(18))))
			.list();
		return new Page<>(items, page, size, total);
	}

	/**
	 * Puts the account's failed updates (all, of one broadcast, and/or with the given ids) back to {@code pending},
	 * due now, with a fresh try count; their steps already done stay done, so each is sent once. The queue items'
	 * callback status goes back to {@code queued}.
	 * @return how many were put back
	 */
	@Transactional
	int retryFailed(UUID accountId, UUID broadcastId, Collection<UUID> ids) {
		boolean allIds = ids == null || ids.isEmpty();
		return this.jdbc.sql("""
				with retried as (
				    update ghl_pending_updates
				       set status = 'pending', retry_count = 0, next_attempt_at = now(), error_message = null,
				           last_http_status = null, updated_at = now()
				     where user_id = :account and status = 'failed'
				       and (cast(:broadcast as uuid) is null or broadcast_id = :broadcast)
				       and (:allIds or id in (:ids))
				    returning queue_item_id)
				update broadcast_queue q set ghl_callback_status = 'queued', updated_at = now()
				  from retried r where q.id = r.queue_item_id""")
			.param("account", accountId)
			.param("broadcast", broadcastId)
			.param("allIds", allIds)
			.param("ids", allIds ? Set.of(new UUID(0, 0)) : ids)
			.update();
	}

	private static Map<String, Long> zeros(List<String> keys) {
		Map<String, Long> map = new LinkedHashMap<>();
		keys.forEach(key -> map.put(key, 0L));
		return map;
	}

	private static Instant instant(Timestamp timestamp) {
		return timestamp == null ? null : timestamp.toInstant();
	}

}
