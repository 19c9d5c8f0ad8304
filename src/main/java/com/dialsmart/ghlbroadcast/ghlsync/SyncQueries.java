package com.dialsmart.ghlbroadcast.ghlsync;

import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import com.dialsmart.ghlbroadcast.broadcast.BroadcastService;
import com.dialsmart.ghlbroadcast.broadcast.QueueItemCallbacks;
import com.dialsmart.ghlbroadcast.shared.InvalidRequestException;
import com.dialsmart.ghlbroadcast.shared.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** The read side of the sync for operators: status counts, the pending-update list, and re-driving failed updates. */
@Component
class SyncQueries {

	static final List<String> UPDATE_STATUSES = Arrays.stream(PendingUpdate.Status.values())
		.map(PendingUpdate.Status::value)
		.toList();

	private final JdbcClient jdbc;

	private final PendingUpdateRepository updates;

	private final QueueItemCallbacks callbacks;

	private final BroadcastService broadcasts;

	private final Clock clock;

	SyncQueries(JdbcClient jdbc, PendingUpdateRepository updates, QueueItemCallbacks callbacks,
			BroadcastService broadcasts, Clock clock) {
		this.jdbc = jdbc;
		this.updates = updates;
		this.callbacks = callbacks;
		this.broadcasts = broadcasts;
		this.clock = clock;
	}

	/** The account that owns a broadcast. */
	Optional<UUID> broadcastOwner(UUID broadcastId) {
		return this.broadcasts.ownerOf(broadcastId);
	}

	record LastError(String message, Integer httpStatus, Instant at) {
	}

	/** What {@code get_status} answers. */
	record BroadcastSyncStatus(Map<String, Long> callbackStatus, Map<String, Long> pendingUpdates,
			Long oldestPendingAgeSeconds, LastError lastError) {
	}

	@Transactional(readOnly = true)
	BroadcastSyncStatus status(UUID broadcastId) {
		Map<String, Long> callback = new LinkedHashMap<>();
		this.callbacks.counts(broadcastId).forEach((status, count) -> callback.put(status.value(), count));
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
		org.springframework.data.domain.Page<PendingUpdate> found = this.updates.findForList(accountId,
				wanted == null ? null : PendingUpdate.Status.parse(wanted), broadcastId,
				PageRequest.of(page, size, Sort.by(Sort.Order.desc("createdAt"), Sort.Order.asc("id"))));
		List<PendingUpdateView> items = found.map(PendingUpdate::view).getContent();
		long total = found.getTotalElements();
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
		List<PendingUpdate> failed = this.updates.findFailedForUpdate(accountId, PendingUpdate.Status.FAILED,
				broadcastId, allIds, allIds ? Set.of(new UUID(0, 0)) : ids);
		Instant now = this.clock.instant();
		failed.forEach(update -> update.retry(now));
		this.updates.flush();
		this.callbacks.queuedAgain(failed.stream().map(PendingUpdate::queueItemId).toList());
		return failed.size();
	}

	private static Map<String, Long> zeros(List<String> keys) {
		Map<String, Long> map = new LinkedHashMap<>();
		keys.forEach(key -> map.put(key, 0L));
		return map;
	}

}
