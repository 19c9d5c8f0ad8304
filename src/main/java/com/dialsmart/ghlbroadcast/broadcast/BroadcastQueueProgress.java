package com.dialsmart.ghlbroadcast.broadcast;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import com.dialsmart.ghlbroadcast.account.AccountService;
import com.dialsmart.ghlbroadcast.broadcast.QueueItemLifecycle.ItemMove;
import com.dialsmart.ghlbroadcast.dnc.DncService;
import com.dialsmart.ghlbroadcast.shared.JdbcTransactional;
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

	private final JdbcClient jdbc;

	private final AccountService accounts;

	private final DncService dnc;

	BroadcastQueueProgress(JdbcClient jdbc, AccountService accounts, DncService dnc) {
		this.jdbc = jdbc;
		this.accounts = accounts;
		this.dnc = dnc;
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
		List<Object[]> rows = this.jdbc.sql(CLAIM)
			.param("limit", Math.max(0, limit))
			.param("broadcast", broadcastId)
			.param("owner", owner)
			.param("lease", lease.toMillis() / 1000.0)
			.query((rs, n) -> new Object[] { new ClaimSlot(broadcastId, rs.getObject(1, UUID.class), rs.getInt(2),
					rs.getInt(3), rs.getObject(4, LocalTime.class), rs.getObject(5, LocalTime.class), null,
					rs.getString(6)),
					rs.getObject(7, UUID.class) == null ? null
							: new ClaimedItem(rs.getObject(7, UUID.class), rs.getObject(1, UUID.class), broadcastId,
									rs.getString(8), rs.getString(9), rs.getInt(10), false) })
			.list();
		if (rows.isEmpty()) {
			return new Claim(null, List.of());
		}
		ClaimSlot slot = (ClaimSlot) rows.get(0)[0];
		List<ClaimedItem> items = rows.stream().map(row -> (ClaimedItem) row[1]).filter(Objects::nonNull).toList();
		if (items.isEmpty()) {
			return new Claim(slot, items);
		}
		// what the dialler needs from the account and its Do-Not-Call list: one query each per claimed batch, after
		// the claim has committed (the owners' tables are theirs to read)
		String zone = this.accounts.defaultTimeZone(slot.accountId()).orElse(null);
		Set<String> blocked = this.dnc.blockedAmong(slot.accountId(),
				items.stream().map(ClaimedItem::phone).collect(Collectors.toSet()));
		return new Claim(
				new ClaimSlot(broadcastId, slot.accountId(), slot.maxConcurrentCalls(), slot.callsPerMinute(),
						slot.windowStart(), slot.windowEnd(), zone, slot.message()),
				items.stream()
					.map(item -> blocked.contains(item.phone()) ? new ClaimedItem(item.id(), item.accountId(),
							item.broadcastId(), item.phone(), item.name(), item.attempt(), true) : item)
					.toList());
	}

	private static final String CLAIM = """
			with slot as (
			    select b.user_id, b.max_concurrent_calls, b.calls_per_minute, b.calling_window_start,
			           b.calling_window_end, b.message,
			           greatest(0, least(:limit, b.max_concurrent_calls - s.calling)) as free
			      from broadcast_queue_stats s
			      join voice_broadcasts b on b.id = s.broadcast_id
			     where s.broadcast_id = :broadcast and b.status = 'active'
			       for update of s for key share of b),
			claimed as (
			    update broadcast_queue q
			       set status = 'calling', attempts = q.attempts + 1, locked_by = :owner,
			           locked_until = now() + make_interval(secs => :lease), updated_at = now()
			     where q.id in (select id from broadcast_queue
			                     where broadcast_id = :broadcast and status in (%s)
			                       and next_attempt_at <= now()
			                     order by next_attempt_at, seq
			                     limit coalesce((select free from slot), 0)
			                       for update skip locked)
			    returning q.id, q.phone, q.name, q.attempts)
			select s.user_id, s.max_concurrent_calls, s.calls_per_minute, s.calling_window_start,
			       s.calling_window_end, s.message, c.id, c.phone, c.name, c.attempts
			  from slot s left join claimed c on true""".formatted(ItemMove.CLAIM.sqlFrom());

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
				 where id in (:ids) and status in (%s)""".formatted(ItemMove.GIVE_BACK.sqlFrom()))
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
				 where id in (:ids) and status in (%s)""".formatted(ItemMove.CLAIMED_ON_DNC.sqlFrom()))
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
		return this.jdbc.sql(RESCUE).param("broadcast", broadcastId).update();
	}

	/** Given back ({@code pending} or {@code retry}), or {@code cancelled} with the broadcast. */
	private static final String RESCUE;

	static {
		if (!ItemMove.GIVE_BACK.from.equals(ItemMove.CALL_OF_CANCELLED_BROADCAST.from)) {
			throw new IllegalStateException("a rescue makes both moves: they must start from the same statuses");
		}
		RESCUE = """
				update broadcast_queue q
				   set status = case when b.status = 'cancelled' then 'cancelled'
				                     when q.attempts <= 1 and q.last_outcome is null then 'pending' else 'retry' end,
				       attempts = case when b.status = 'cancelled' then q.attempts else q.attempts - 1 end,
				       next_attempt_at = now(), locked_by = null, locked_until = null, updated_at = now()
				  from voice_broadcasts b
				 where b.id = q.broadcast_id
				   and q.id in (select id from broadcast_queue
				                 where broadcast_id = :broadcast and status in (%s) and locked_until < now()
				                   for update skip locked)""".formatted(ItemMove.GIVE_BACK.sqlFrom());
	}

	/** A queue item locked for recording a call result, with what the rules need from its broadcast. */
	public record ItemForResult(UUID id, UUID accountId, UUID broadcastId, String broadcastName,
			BroadcastStatus broadcastStatus, String phone, String ghlContactId, QueueItemStatus status, int attempts,
			int maxAttempts, int retryDelayMinutes, int callbackDelayMinutes, String dtmfActionsJson,
			CallbackStatus ghlCallbackStatus, boolean autoComplete) {

		/** Final statuses never change again (but for the operator's retry). */
		public boolean isFinal() {
			return this.status.isFinal();
		}

		/** The status this item takes after a call of attempt number {@code attempt} ended with {@code outcome}. */
		public QueueItemStatus statusAfter(CallOutcome outcome, int attempt) {
			return QueueItemLifecycle.afterCall(outcome, attempt, this.maxAttempts);
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
					rs.getObject(3, UUID.class), rs.getString(4), BroadcastStatus.of(rs.getString(5)), rs.getString(6),
					rs.getString(7), QueueItemStatus.parse(rs.getString(8)), rs.getInt(9), rs.getInt(10),
					rs.getInt(11), rs.getInt(12), rs.getString(13), CallbackStatus.parse(rs.getString(14)),
					rs.getBoolean(15)))
			.optional();
	}

	/**
	 * A call as it lands on its item.
	 * @param attempt the attempt number of this call
	 * @param callbackStatus the item's new {@code ghl_callback_status} ({@code null}: unchanged)
	 */
	public record CallResult(int attempt, CallOutcome outcome, String dtmf, boolean callbackRequested,
			Instant callbackTime, CallbackStatus callbackStatus) {
	}

	/**
	 * What the result did to the item.
	 * @param nextAttemptAt when it is due again ({@code retry}), else {@code null}
	 */
	public record Recorded(QueueItemStatus status, Instant nextAttemptAt) {
	}

	/**
	 * Records a call's result on the item locked by {@link #lockForResult}: the item takes the status the life cycle
	 * gives after this call ({@link ItemForResult#statusAfter}), and a final outcome is counted in the broadcast's
	 * outcome counts.
	 * @throws IllegalStateException when the life cycle does not allow the move (the item has ended)
	 */
	@JdbcTransactional(propagation = Propagation.MANDATORY)
	public Recorded recordResult(ItemForResult item, CallResult result) {
		QueueItemStatus next = item.statusAfter(result.outcome(), result.attempt());
		if (!item.status().canTransitionTo(next)) {
			throw new IllegalStateException("Queue item " + item.id() + " cannot move from " + item.status().value()
					+ " to " + next.value());
		}
		if (result.callbackStatus() != null && !item.ghlCallbackStatus().canTransitionTo(result.callbackStatus())) {
			throw new IllegalStateException("Queue item " + item.id() + ": GHL callback cannot move from "
					+ item.ghlCallbackStatus().value() + " to " + result.callbackStatus().value());
		}
		// one statement: the item's change (whose trigger takes the broadcast's counter row until commit) and the
		// outcome count, so the counter row is held for as short a time as possible
		Timestamp nextAttemptAt = this.jdbc.sql("""
				with item as (
				    update broadcast_queue
				       set status = :status, attempts = :attempts, last_outcome = :outcome,
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
				       set outcome_answered = outcome_answered + (:outcome = 'answered')::int,
				           outcome_voicemail = outcome_voicemail + (:outcome = 'voicemail')::int,
				           outcome_no_answer = outcome_no_answer + (:outcome = 'no_answer')::int,
				           outcome_busy = outcome_busy + (:outcome = 'busy')::int,
				           outcome_failed = outcome_failed + (:outcome = 'failed')::int
				      from item
				     where s.broadcast_id = item.broadcast_id and :counted
				    returning 1)
				select next_attempt_at from item""")
			.param("status", next.value())
			.param("attempts", result.attempt())
			.param("outcome", result.outcome().value())
			.param("delay", item.retryDelayMinutes())
			.param("dtmf", result.dtmf())
			.param("callback", result.callbackRequested())
			.param("callbackTime", result.callbackTime() == null ? null : Timestamp.from(result.callbackTime()))
			.param("callbackStatus", result.callbackStatus() == null ? null : result.callbackStatus().value())
			.param("id", item.id())
			.param("counted", next.isFinal())
			.query(Timestamp.class)
			.single();
		return new Recorded(next, next == QueueItemStatus.RETRY ? nextAttemptAt.toInstant() : null);
	}

	/**
	 * The broadcast was cancelled while the item was being called: its call's result ends it {@code cancelled},
	 * uncounted.
	 * @return the item's status now
	 */
	@JdbcTransactional(propagation = Propagation.MANDATORY)
	public QueueItemStatus recordCancelled(ItemForResult item) {
		if (!item.status().canTransitionTo(QueueItemStatus.CANCELLED)) {
			return item.status();
		}
		this.jdbc.sql("""
				update broadcast_queue set status = 'cancelled', locked_by = null, locked_until = null,
				       updated_at = now()
				 where id = ? and status in (%s)""".formatted(ItemMove.CALL_OF_CANCELLED_BROADCAST.sqlFrom()))
			.param(item.id())
			.update();
		return QueueItemStatus.CANCELLED;
	}

	/**
	 * After an opt-out: the phone's items still waiting in any of the account's broadcasts become {@code dnc}.
	 * @return the broadcasts that had such items
	 */
	@JdbcTransactional(propagation = Propagation.MANDATORY)
	public Set<UUID> markWaitingItemsDnc(UUID accountId, String phone) {
		return new HashSet<>(this.jdbc.sql("""
				update broadcast_queue set status = 'dnc', updated_at = now()
				 where user_id = ? and phone = ? and status in (%s)
				returning broadcast_id""".formatted(ItemMove.OPT_OUT.sqlFrom()))
			.param(accountId)
			.param(phone)
			.query(UUID.class)
			.list());
	}

	/** The operator cancelled the broadcast: its waiting items are never dialled. Joins the caller's transaction. */
	@JdbcTransactional(propagation = Propagation.MANDATORY)
	public int cancelWaiting(UUID broadcastId) {
		return this.jdbc.sql("""
				update broadcast_queue set status = 'cancelled', updated_at = now()
				 where broadcast_id = ? and status in (%s)""".formatted(ItemMove.BROADCAST_CANCELLED.sqlFrom()))
			.param(broadcastId)
			.update();
	}

}
