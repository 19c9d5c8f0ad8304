package com.dialsmart.ghlbroadcast.broadcast;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import com.dialsmart.ghlbroadcast.shared.ConflictException;
import com.dialsmart.ghlbroadcast.shared.JdbcTransactional;
import com.dialsmart.ghlbroadcast.shared.NotFoundException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;

/**
 * What happens to a queue item after it is queued: the voice engine claims due items (a lease), gives them back
 * (calling window, crash), and records each call's result on the item. Every status change goes through an UPDATE,
 * so the trigger-kept counters in {@code broadcast_queue_stats} stay exact.
 * <p>
 * Lock order, to keep concurrent claims, results and transitions free of deadlocks: a claim takes the stats row
 * (FOR UPDATE) and the broadcast row (KEY SHARE), then items with SKIP LOCKED only; a result takes the item, then (by
 * the trigger) the stats row.
 */
@Service
public class BroadcastQueueProgress {

	/** Outcome columns of {@code broadcast_queue_stats}, by outcome. */
	private static final Map<String, String> OUTCOME_COLUMNS = Map.of("answered", "outcome_answered", "voicemail",
			"outcome_voicemail", "no_answer", "outcome_no_answer", "busy", "outcome_busy", "failed", "outcome_failed");

	private final JdbcClient jdbc;

	BroadcastQueueProgress(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Active broadcasts that have items waiting (due or not), in random order so instances spread over them. */
	@JdbcTransactional(readOnly = true)
	public List<UUID> activeBroadcastsWithWaitingItems(int limit) {
		return this.jdbc.sql("""
				select b.id from voice_broadcasts b join broadcast_queue_stats s on s.broadcast_id = b.id
				 where b.status = 'active' and s.pending + s.retry > 0
				 order by random() limit ?""")
			.param(limit)
			.query(UUID.class)
			.list();
	}

	/**
	 * A broadcast's engine settings, as a claim saw them.
	 * @param defaultTimeZone the account's zone for numbers that map to none
	 */
	public record ClaimSlot(UUID broadcastId, UUID accountId, int maxConcurrentCalls, int callsPerMinute,
			LocalTime windowStart, LocalTime windowEnd, String defaultTimeZone, String message) {
	}

	/**
	 * An item claimed for a dial.
	 * @param attempt the attempt number this dial is (1 for the first)
	 * @param onDncList the phone is on the account's Do-Not-Call list: not to be dialled
	 */
	public record ClaimedItem(UUID id, UUID accountId, UUID broadcastId, String phone, String name, int attempt,
			boolean onDncList) {
	}

	/** What one claim took; {@code slot} is {@code null} when the broadcast is not {@code active}. */
	public record Claim(ClaimSlot slot, List<ClaimedItem> items) {
	}

	/**
	 * Claims up to {@code limit} due items ({@code pending}, or {@code retry} whose time has come) of an
	 * {@code active} broadcast, in dialling order: they become {@code calling}, their attempt is counted, and
	 * {@code owner} holds them until {@code now() + lease} (database clock). Never more than the broadcast's
	 * {@code max_concurrent_calls} minus its items already calling, counted across every instance.
	 * <p>
	 * One statement in its own (auto-committed) transaction, deliberately outside any caller's: it locks the
	 * broadcast's counter row (whose {@code calling} count the trigger keeps), so concurrent claims of one broadcast,
	 * on any instance, take turns and each sees the others' claims, and the lock is held only inside the database,
	 * never across a round trip. The broadcast row is taken KEY SHARE: an operator's pause or cancel waits for a
	 * running claim, and later claims see the new status.
	 */
	@JdbcTransactional(propagation = Propagation.NOT_SUPPORTED)
	public Claim claim(UUID broadcastId, String owner, Duration lease, int limit) {
		List<Object[]> rows = this.jdbc.sql("""
				with slot as (
				    select b.user_id, b.max_concurrent_calls, b.calls_per_minute, b.calling_window_start,
				           b.calling_window_end, a.default_time_zone, b.message,
				           greatest(0, least(:limit, b.max_concurrent_calls - s.calling)) as free
				      from broadcast_queue_stats s
				      join voice_broadcasts b on b.id = s.broadcast_id
				      join accounts a on a.id = b.user_id
				     where s.broadcast_id = :broadcast and b.status = 'active'
				       for update of s for key share of b),
				claimed as (
				    update broadcast_queue q
				       set status = 'calling', attempts = q.attempts + 1, locked_by = :owner,
				           locked_until = now() + make_interval(secs => :lease), updated_at = now()
				     where q.id in (select id from broadcast_queue
				                     where broadcast_id = :broadcast and status in ('pending', 'retry')
				                       and next_attempt_at <= now()
				                     order by next_attempt_at, seq
				                     limit coalesce((select free from slot), 0)
				                       for update skip locked)
				    returning q.id, q.user_id, q.phone, q.name, q.attempts)
				select s.user_id, s.max_concurrent_calls, s.calls_per_minute, s.calling_window_start,
				       s.calling_window_end, s.default_time_zone, s.message,
				       c.id, c.phone, c.name, c.attempts,
				       exists (select 1 from dnc_list d where d.user_id = c.user_id and d.phone = c.phone)
				  from slot s left join claimed c on true""")
			.param("limit", Math.max(0, limit))
			.param("broadcast", broadcastId)
			.param("owner", owner)
			.param("lease", lease.toMillis() / 1000.0)
			.query((rs, n) -> new Object[] { new ClaimSlot(broadcastId, rs.getObject(1, UUID.class), rs.getInt(2),
					rs.getInt(3), rs.getObject(4, LocalTime.class), rs.getObject(5, LocalTime.class), rs.getString(6),
					rs.getString(7)),
					rs.getObject(8, UUID.class) == null ? null
							: new ClaimedItem(rs.getObject(8, UUID.class), rs.getObject(1, UUID.class), broadcastId,
									rs.getString(9), rs.getString(10), rs.getInt(11), rs.getBoolean(12)) })
			.list();
		if (rows.isEmpty()) {
			return new Claim(null, List.of());
		}
		List<ClaimedItem> items = rows.stream().map(row -> (ClaimedItem) row[1]).filter(java.util.Objects::nonNull)
			.toList();
		return new Claim((ClaimSlot) rows.get(0)[0], items);
	}

	/**
	 * Gives claimed items back undialled (outside the calling window, or the dial could not be placed): the attempt
	 * is not counted, and they are due again at {@code nextAttemptAt} ({@code null}: now).
	 */
	@JdbcTransactional
	public void unclaim(Collection<UUID> itemIds, Instant nextAttemptAt) {
		giveBack(itemIds, nextAttemptAt, Duration.ZERO);
	}

	/** Like {@link #unclaim}, due again {@code delay} from now on the database clock. */
	@JdbcTransactional
	public void unclaimFor(Collection<UUID> itemIds, Duration delay) {
		giveBack(itemIds, null, delay);
	}

	/** Due again at {@code at}, or when that is null {@code delay} from now on the database clock. */
	private void giveBack(Collection<UUID> itemIds, Instant at, Duration delay) {
		if (itemIds.isEmpty()) {
			return;
		}
		this.jdbc.sql("""
				update broadcast_queue
				   set status = case when attempts <= 1 and last_outcome is null then 'pending' else 'retry' end,
				       attempts = attempts - 1,
				       next_attempt_at = coalesce(:at, now() + make_interval(secs => :delay)),
				       locked_by = null, locked_until = null, updated_at = now()
				 where id in (:ids) and status = 'calling'""")
			.param("at", at == null ? null : Timestamp.from(at))
			.param("delay", delay.toMillis() / 1000.0)
			.param("ids", itemIds)
			.update();
	}

	/** Claimed items whose phone turned out to be on the Do-Not-Call list: never dialled, status {@code dnc}. */
	@JdbcTransactional
	public void markClaimedDnc(Collection<UUID> itemIds) {
		if (itemIds.isEmpty()) {
			return;
		}
		this.jdbc.sql("""
				update broadcast_queue set status = 'dnc', attempts = attempts - 1, locked_by = null,
				       locked_until = null, updated_at = now()
				 where id in (:ids) and status = 'calling'""")
			.param("ids", itemIds)
			.update();
	}

	/** Broadcasts that have {@code calling} items whose lease has expired. */
	@JdbcTransactional(readOnly = true)
	public List<UUID> broadcastsWithExpiredClaims(int limit) {
		return this.jdbc.sql("""
				select distinct broadcast_id from broadcast_queue
				 where status = 'calling' and locked_until < now() limit ?""")
			.param(limit)
			.query(UUID.class)
			.list();
	}

	/**
	 * Takes back the broadcast's {@code calling} items whose lease expired (their instance crashed or lost the
	 * result): the attempt is not counted and they are due now, or {@code cancelled} when the broadcast was. A call
	 * that did happen and reports later is still recorded against the item.
	 * @return how many items were taken back
	 */
	@JdbcTransactional
	public int rescueExpired(UUID broadcastId) {
		this.jdbc.sql("select 1 from broadcast_queue_stats where broadcast_id = ? for update").param(broadcastId)
			.query(Integer.class).optional();
		return this.jdbc.sql("""
				update broadcast_queue q
				   set status = case when b.status = 'cancelled' then 'cancelled'
				                     when q.attempts <= 1 and q.last_outcome is null then 'pending' else 'retry' end,
				       attempts = case when b.status = 'cancelled' then q.attempts else q.attempts - 1 end,
				       next_attempt_at = now(), locked_by = null, locked_until = null, updated_at = now()
				  from voice_broadcasts b
				 where b.id = q.broadcast_id
				   and q.id in (select id from broadcast_queue
				                 where broadcast_id = :broadcast and status = 'calling' and locked_until < now()
				                   for update skip locked)""")
			.param("broadcast", broadcastId)
			.update();
	}

	/** A queue item locked for recording a call result, with what the rules need from its broadcast. */
	public record ItemForResult(UUID id, UUID accountId, UUID broadcastId, String broadcastName, String broadcastStatus,
			String phone, String ghlContactId, String status, int attempts, int maxAttempts, int retryDelayMinutes,
			int callbackDelayMinutes, String dtmfActionsJson, String ghlCallbackStatus, boolean autoComplete) {

		/** Final statuses never change again (but for the operator's retry). */
		public boolean isFinal() {
			return switch (this.status) {
				case "completed", "failed", "dnc", "cancelled" -> true;
				default -> false;
			};
		}

	}

	/**
	 * Locks the item (in the caller's transaction) so that results for it are recorded one at a time; results for
	 * different items do not wait for each other.
	 */
	@JdbcTransactional(propagation = Propagation.MANDATORY)
	public Optional<ItemForResult> lockForResult(UUID itemId) {
		return this.jdbc.sql("""
				select q.id, q.user_id, q.broadcast_id, b.name, b.status, q.phone, q.ghl_contact_id, q.status,
				       q.attempts, b.max_attempts, b.retry_delay_minutes, b.callback_delay_minutes,
				       b.dtmf_actions::text, q.ghl_callback_status, b.auto_complete
				  from broadcast_queue q join voice_broadcasts b on b.id = q.broadcast_id
				 where q.id = ? for update of q""")
			.param(itemId)
			.query((rs, n) -> new ItemForResult(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
					rs.getObject(3, UUID.class), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7),
					rs.getString(8), rs.getInt(9), rs.getInt(10), rs.getInt(11), rs.getInt(12), rs.getString(13),
					rs.getString(14), rs.getBoolean(15)))
			.optional();
	}

	/**
	 * A call result as it lands on the item.
	 * @param status {@code retry}, {@code completed}, {@code failed} or {@code cancelled}
	 * @param attempts the item's attempt count after this call
	 * @param outcome the call's outcome ({@code null} for {@code cancelled})
	 * @param retryDelayMinutes for {@code retry}: when it is due again
	 * @param ghlCallbackStatus the item's new {@code ghl_callback_status} ({@code null}: unchanged)
	 */
	public record AttemptResult(UUID itemId, UUID broadcastId, String status, int attempts, String outcome,
			String dtmf, boolean callbackRequested, Instant callbackTime, int retryDelayMinutes,
			String ghlCallbackStatus) {

		public boolean finalOutcome() {
			return "completed".equals(this.status) || "failed".equals(this.status);
		}

	}

	/**
	 * Records a call's result on the item locked by {@link #lockForResult}; a final outcome is counted in the
	 * broadcast's outcome counts.
	 * @return when the item is due again ({@code retry}), else {@code null}
	 */
	@JdbcTransactional(propagation = Propagation.MANDATORY)
	public Instant recordResult(AttemptResult result) {
		if (result.finalOutcome()) {
			outcomeColumn(result.outcome());
		}
		// one statement: the item's change (whose trigger takes the broadcast's counter row until commit) and the
		// outcome count, so the counter row is held for as short a time as possible
		Timestamp next = this.jdbc.sql("""
				with item as (
				    update broadcast_queue
				       set status = :status, attempts = :attempts, last_outcome = coalesce(:outcome, last_outcome),
				           next_attempt_at = case when :status = 'retry' then now() + make_interval(mins => :delay)
				                                  else next_attempt_at end,
				           dtmf_pressed = coalesce(:dtmf, dtmf_pressed),
				           callback_requested = callback_requested or :callback,
				           callback_time = coalesce(:callbackTime, callback_time),
				           ghl_callback_status = coalesce(:callbackStatus, ghl_callback_status),
				           locked_by = null, locked_until = null, updated_at = now()
				     where id = :id
				    returning next_attempt_at, broadcast_id),
				counted as (
				    update broadcast_queue_stats s
				       set outcome_answered = outcome_answered + (coalesce(:outcome, '') = 'answered')::int,
				           outcome_voicemail = outcome_voicemail + (coalesce(:outcome, '') = 'voicemail')::int,
				           outcome_no_answer = outcome_no_answer + (coalesce(:outcome, '') = 'no_answer')::int,
				           outcome_busy = outcome_busy + (coalesce(:outcome, '') = 'busy')::int,
				           outcome_failed = outcome_failed + (coalesce(:outcome, '') = 'failed')::int
				      from item
				     where s.broadcast_id = item.broadcast_id and :counted
				    returning 1)
				select next_attempt_at from item""")
			.param("status", result.status())
			.param("attempts", result.attempts())
			.param("outcome", result.outcome())
			.param("delay", result.retryDelayMinutes())
			.param("dtmf", result.dtmf())
			.param("callback", result.callbackRequested())
			.param("callbackTime", result.callbackTime() == null ? null : Timestamp.from(result.callbackTime()))
			.param("callbackStatus", result.ghlCallbackStatus())
			.param("id", result.itemId())
			.param("counted", result.finalOutcome())
			.query(Timestamp.class)
			.single();
		return "retry".equals(result.status()) ? next.toInstant() : null;
	}

	/**
	 * After an opt-out: the phone's items still waiting in any of the account's broadcasts become {@code dnc}.
	 * @return the broadcasts that had such items
	 */
	@JdbcTransactional(propagation = Propagation.MANDATORY)
	public Set<UUID> markWaitingItemsDnc(UUID accountId, String phone) {
		return new HashSet<>(this.jdbc.sql("""
				update broadcast_queue set status = 'dnc', updated_at = now()
				 where user_id = ? and phone = ? and status in ('pending', 'retry')
				returning broadcast_id""")
			.param(accountId)
			.param(phone)
			.query(UUID.class)
			.list());
	}

	/**
	 * The operator's retry: puts an item that ended {@code failed} (outcome {@code failed}, {@code no_answer} or
	 * {@code busy}) back in the queue, due now, with a fresh set of attempts; its GHL callback starts over, so that
	 * its new final outcome replaces the old one in the GHL outbox.
	 */
	@JdbcTransactional
	public BroadcastQueueService.QueueItemView retry(UUID accountId, UUID broadcastId, UUID itemId) {
		Optional<String[]> found = this.jdbc.sql("""
				select q.status, q.last_outcome, b.status
				  from broadcast_queue q join voice_broadcasts b on b.id = q.broadcast_id
				 where q.id = ? and q.broadcast_id = ? and b.user_id = ?
				   for update of q""")
			.param(itemId)
			.param(broadcastId)
			.param(accountId)
			.query((rs, n) -> new String[] { rs.getString(1), rs.getString(2), rs.getString(3) })
			.optional();
		if (found.isEmpty()) {
			throw new NotFoundException("Queue item " + itemId + " not found in broadcast " + broadcastId);
		}
		String status = found.get()[0];
		String outcome = found.get()[1];
		String broadcastStatus = found.get()[2];
		if (!"failed".equals(status)) {
			throw new ConflictException("Queue item " + itemId + " cannot be retried: its status is '" + status
					+ "'; only items that ended failed (outcome failed, no_answer or busy) can be put back");
		}
		if (!BroadcastStatus.of(broadcastStatus).acceptsContacts()) {
			throw new ConflictException("Queue item " + itemId + " cannot be retried: broadcast " + broadcastId
					+ " is " + broadcastStatus);
		}
		this.jdbc.sql("""
				update broadcast_queue set status = 'retry', attempts = 0, next_attempt_at = now(),
				       ghl_callback_status = 'pending', locked_by = null, locked_until = null, updated_at = now()
				 where id = ?""")
			.param(itemId)
			.update();
		if (outcome != null && OUTCOME_COLUMNS.containsKey(outcome)) {
			String column = outcomeColumn(outcome);
			this.jdbc.sql("update broadcast_queue_stats set " + column + " = " + column + " - 1 where broadcast_id = ?")
				.param(broadcastId)
				.update();
		}
		return this.jdbc.sql("""
				select id, phone, name, email, ghl_contact_id, status, attempts, last_outcome, ghl_callback_status,
				       next_attempt_at, created_at
				  from broadcast_queue where id = ?""")
			.param(itemId)
			.query((rs, n) -> new BroadcastQueueService.QueueItemView(rs.getObject(1, UUID.class), rs.getString(2),
					rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getInt(7), rs.getString(8),
					rs.getString(9), rs.getTimestamp(10).toInstant(), rs.getTimestamp(11).toInstant()))
			.single();
	}

	private static String outcomeColumn(String outcome) {
		String column = OUTCOME_COLUMNS.get(outcome);
		if (column == null) {
			throw new IllegalArgumentException("Unknown outcome " + outcome);
		}
		return column;
	}

}
