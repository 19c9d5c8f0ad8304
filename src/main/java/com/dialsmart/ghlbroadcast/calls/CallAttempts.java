package com.dialsmart.ghlbroadcast.calls;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.dialsmart.ghlbroadcast.broadcast.BroadcastQueueService;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code call_attempts} table: one row per provider call. */
@Repository
class CallAttempts {

	/** A call as recorded so far. */
	record Attempt(UUID id, UUID queueItemId, CallStatus status, String answeredBy, Integer durationSeconds,
			String dtmf, String outcome) {

		boolean hasOutcome() {
			return this.outcome != null;
		}

	}

	/** A call as the operator API lists it. */
	record AttemptView(UUID id, UUID queueItemId, String phone, String provider, String providerCallId, String status,
			String outcome, String answeredBy, Integer durationSeconds, String dtmf, Integer attemptNumber,
			Instant startedAt, Instant endedAt) {
	}

	private final JdbcClient jdbc;

	private final BroadcastQueueService queue;

	CallAttempts(JdbcClient jdbc, BroadcastQueueService queue) {
		this.jdbc = jdbc;
		this.queue = queue;
	}

	/**
	 * The call's row, created from this first report if there is none, and locked until the caller commits. Callers
	 * lock the queue item first, so reports of one call never race here.
	 */
	Attempt lockOrCreate(CallReport report, UUID broadcastId, UUID accountId, Instant now) {
		// on conflict the (unchanged) row is returned and locked: one statement either way
		return this.jdbc.sql("""
				insert into call_attempts (id, queue_item_id, broadcast_id, user_id, provider, provider_call_id, status,
				                           started_at, raw_event)
				values (:id, :item, :broadcast, :account, :provider, :call, :status, :startedAt, '[]'::jsonb)
				on conflict (provider_call_id) do update set provider_call_id = excluded.provider_call_id
				returning id, queue_item_id, status, answered_by, duration_seconds, dtmf, outcome""")
			.param("id", UUID.randomUUID())
			.param("item", report.queueItemId())
			.param("broadcast", broadcastId)
			.param("account", accountId)
			.param("provider", report.provider())
			.param("call", report.callId())
			// a new row starts below the report's own status, so the report is applied like any later one
			.param("status", CallStatus.QUEUED.value())
			.param("startedAt", Timestamp.from(report.timestamp() == null ? now : report.timestamp()))
			.query((rs, n) -> new Attempt(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
					CallStatus.parse(rs.getString(3)).orElseThrow(), rs.getString(4),
					(Integer) rs.getObject(5), rs.getString(6), rs.getString(7)))
			.single();
	}

	/** A report that does not end the call: keeps the furthest status and what it adds. */
	void progress(UUID attemptId, CallStatus status, String answeredBy, Integer durationSeconds, String dtmf,
			String rawEvent) {
		this.jdbc.sql("""
				update call_attempts
				   set status = :status, answered_by = coalesce(:answeredBy, answered_by),
				       duration_seconds = coalesce(:duration, duration_seconds), dtmf = coalesce(:dtmf, dtmf),
				       raw_event = raw_event || jsonb_build_array(cast(:raw as jsonb)), updated_at = now()
				 where id = :id""")
			.param("status", status.value())
			.param("answeredBy", answeredBy)
			.param("duration", durationSeconds)
			.param("dtmf", dtmf)
			.param("raw", rawEvent == null ? "null" : rawEvent)
			.param("id", attemptId)
			.update();
	}

	/** The call's final report: its outcome is set once and never changes. */
	void finish(UUID attemptId, CallStatus status, String outcome, Integer attemptNumber, String answeredBy,
			Integer durationSeconds, String dtmf, Instant endedAt, String rawEvent) {
		this.jdbc.sql("""
				update call_attempts
				   set status = :status, outcome = :outcome, attempt_number = :attempt, answered_by = :answeredBy,
				       duration_seconds = :duration, dtmf = :dtmf, ended_at = :endedAt,
				       raw_event = raw_event || jsonb_build_array(cast(:raw as jsonb)), updated_at = now()
				 where id = :id""")
			.param("status", status.value())
			.param("outcome", outcome)
			.param("attempt", attemptNumber)
			.param("answeredBy", answeredBy)
			.param("duration", durationSeconds)
			.param("dtmf", dtmf)
			.param("endedAt", Timestamp.from(endedAt))
			.param("raw", rawEvent == null ? "null" : rawEvent)
			.param("id", attemptId)
			.update();
	}

	long count(UUID broadcastId) {
		return this.jdbc.sql("select count(*) from call_attempts where broadcast_id = ?")
			.param(broadcastId)
			.query(Long.class)
			.single();
	}

	/** The broadcast's calls, newest first, with each item's phone (from the broadcast's queue, one query). */
	List<AttemptView> page(UUID broadcastId, int page, int size) {
		List<AttemptView> attempts = this.jdbc.sql("""
				select a.id, a.queue_item_id, a.provider, a.provider_call_id, a.status, a.outcome, a.answered_by,
				       a.duration_seconds, a.dtmf, a.attempt_number, a.started_at, a.ended_at
				  from call_attempts a
				 where a.broadcast_id = :broadcast
				 order by a.created_at desc, a.id
				 limit :limit offset :offset""")
			.param("broadcast", broadcastId)
			.param("limit", size)
			.param("offset", (long) page * size)
			.query((rs, n) -> new AttemptView(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), null,
					rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7),
					(Integer) rs.getObject(8), rs.getString(9), (Integer) rs.getObject(10),
					rs.getTimestamp(11).toInstant(),
					rs.getTimestamp(12) == null ? null : rs.getTimestamp(12).toInstant()))
			.list();
		Map<UUID, String> phones = this.queue.phones(attempts.stream().map(AttemptView::queueItemId).toList());
		return attempts.stream()
			.map(a -> new AttemptView(a.id(), a.queueItemId(), phones.get(a.queueItemId()), a.provider(),
					a.providerCallId(), a.status(), a.outcome(), a.answeredBy(), a.durationSeconds(), a.dtmf(),
					a.attemptNumber(), a.startedAt(), a.endedAt()))
			.toList();
	}

}
