package com.dialsmart.ghlbroadcast.ghlsync;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import com.dialsmart.ghlbroadcast.broadcast.QueueItemCallbacks;
import com.dialsmart.ghlbroadcast.shared.JdbcTransactional;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The outbox rows' life cycle in short statements: claim with a lease, record each step, finish. Every write of a
 * claimed row is fenced on {@code status = 'processing'}, its claim token ({@code locked_by}, unique per claim) and
 * its attempt ({@code retry_count}): a worker that lost its lease changes nothing.
 */
@Component
class PendingUpdateStore {

	private static final String COLUMNS = """
			id, user_id, queue_item_id, broadcast_id, ghl_contact_id, broadcast_name, call_outcome,
			call_duration_seconds, call_timestamp, dtmf_pressed, callback_requested, callback_time, retry_count,
			tags_done, fields_done, note_done, note_uncertain, locked_by""";

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final QueueItemCallbacks callbacks;

	PendingUpdateStore(JdbcClient jdbc,
			@Qualifier(JdbcTransactional.MANAGER) PlatformTransactionManager transactionManager,
			QueueItemCallbacks callbacks) {
		this.jdbc = jdbc;
		this.transactions = new TransactionTemplate(transactionManager);
		this.callbacks = callbacks;
	}

	/** An update claimed by a worker; {@code attempt} and {@code claim} fence every later write. */
	record Claimed(UUID id, UUID accountId, UUID queueItemId, UUID broadcastId, String contactId, String broadcastName,
			String outcome, Integer durationSeconds, Instant callTimestamp, String dtmfPressed,
			boolean callbackRequested, Instant callbackTime, int attempt, boolean tagsDone, boolean fieldsDone,
			boolean noteDone, boolean noteUncertain, String claim) {
	}

	/** An account with updates due now, and the GHL location they go to. */
	record DueAccount(UUID accountId, String locationId) {
	}

	/**
	 * Accounts whose sync is on and usable and that have due updates (of one broadcast, when given), skipping
	 * locations paused by GHL's rate limit.
	 */
	List<DueAccount> dueAccounts(UUID onlyAccount, UUID onlyBroadcast, int limit) {
		return this.jdbc.sql("""
				select s.user_id, s.location_id
				  from ghl_sync_settings s
				  left join ghl_location_pacing r on r.location_id = s.location_id
				 where s.sync_enabled and s.location_id is not null and s.sync_status = 'ok'
				   and (cast(:account as uuid) is null or s.user_id = :account)
				   and (r.paused_until is null or r.paused_until <= now())
				   and (exists (select 1 from ghl_pending_updates p
				                 where p.user_id = s.user_id and p.status = 'pending' and p.next_attempt_at <= now()
				                   and (cast(:broadcast as uuid) is null or p.broadcast_id = :broadcast))
				        or exists (select 1 from ghl_pending_updates p
				                    where p.user_id = s.user_id and p.status = 'processing' and p.locked_until < now()
				                      and (cast(:broadcast as uuid) is null or p.broadcast_id = :broadcast)))
				 limit :limit""")
			.param("account", onlyAccount)
			.param("broadcast", onlyBroadcast)
			.param("limit", limit)
			.query((rs, n) -> new DueAccount(rs.getObject(1, UUID.class), rs.getString(2)))
			.list();
	}

	/**
	 * Claims up to {@code limit} due updates of the account: first those whose worker's lease ran out (taken over;
	 * their note is then uncertain), then pending ones, oldest due first. Each claim counts one attempt.
	 */
	List<Claimed> claim(UUID accountId, UUID onlyBroadcast, int limit, String claim, Duration lease) {
		List<Claimed> claimed = new ArrayList<>(this.jdbc.sql("""
				update ghl_pending_updates u
				   set retry_count = u.retry_count + 1, locked_by = :claim,
				       locked_until = now() + make_interval(secs => :lease), updated_at = now(),
				       note_uncertain = u.note_uncertain or (u.fields_done and not u.note_done)
				 where u.id in (select p.id from ghl_pending_updates p
				                 where p.status = 'processing' and p.locked_until < now() and p.user_id = :account
				                   and (cast(:broadcast as uuid) is null or p.broadcast_id = :broadcast)
				                 order by p.locked_until
				                 limit :limit
				                 for update skip locked)
				returning %s""".formatted(COLUMNS))
			.param("claim", claim)
			.param("lease", lease.toMillis() / 1000.0)
			.param("account", accountId)
			.param("broadcast", onlyBroadcast)
			.param("limit", limit)
			.query(PendingUpdateStore::claimed)
			.list());
		if (claimed.size() < limit) {
			claimed.addAll(this.jdbc.sql("""
					update ghl_pending_updates u
					   set status = 'processing', retry_count = u.retry_count + 1, locked_by = :claim,
					       locked_until = now() + make_interval(secs => :lease), updated_at = now()
					 where u.id in (select p.id from ghl_pending_updates p
					                 where p.user_id = :account and p.status = 'pending' and p.next_attempt_at <= now()
					                   and (cast(:broadcast as uuid) is null or p.broadcast_id = :broadcast)
					                 order by p.next_attempt_at
					                 limit :limit
					                 for update skip locked)
					returning %s""".formatted(COLUMNS))
				.param("claim", claim)
				.param("lease", lease.toMillis() / 1000.0)
				.param("account", accountId)
				.param("broadcast", onlyBroadcast)
				.param("limit", limit - claimed.size())
				.query(PendingUpdateStore::claimed)
				.list());
		}
		return claimed;
	}

	private static Claimed claimed(ResultSet rs, int n) throws SQLException {
		Timestamp callbackTime = rs.getTimestamp("callback_time");
		return new Claimed(rs.getObject("id", UUID.class), rs.getObject("user_id", UUID.class),
				rs.getObject("queue_item_id", UUID.class), rs.getObject("broadcast_id", UUID.class),
				rs.getString("ghl_contact_id"), rs.getString("broadcast_name"), rs.getString("call_outcome"),
				(Integer) rs.getObject("call_duration_seconds"), rs.getTimestamp("call_timestamp").toInstant(),
				rs.getString("dtmf_pressed"), rs.getBoolean("callback_requested"),
				callbackTime == null ? null : callbackTime.toInstant(), rs.getInt("retry_count"),
				rs.getBoolean("tags_done"), rs.getBoolean("fields_done"), rs.getBoolean("note_done"),
				rs.getBoolean("note_uncertain"), rs.getString("locked_by"));
	}

	/** The steps of §3.5, each recorded before the next one starts. */
	enum Step {

		TAGS("tags_done"), FIELDS("fields_done");

		private final String column;

		Step(String column) {
			this.column = column;
		}

	}

	/**
	 * Records a step as done. It changes no indexed column, so PostgreSQL updates the row in place (HOT).
	 * @return {@code false} when the claim was lost (the row belongs to another worker now)
	 */
	boolean stepDone(Claimed update, Step step) {
		return this.jdbc.sql("""
				update ghl_pending_updates set %s = true, updated_at = now()
				 where id = :id and status = 'processing' and locked_by = :claim and retry_count = :attempt"""
			.formatted(step.column))
			.param("id", update.id())
			.param("claim", update.claim())
			.param("attempt", update.attempt())
			.update() == 1;
	}

	/**
	 * Records the note as written and the update as {@code sent}; the queue item's callback status follows in the
	 * same transaction.
	 */
	boolean sent(Claimed update) {
		return Boolean.TRUE.equals(this.transactions.execute(tx -> {
			int rows = this.jdbc.sql("""
					update ghl_pending_updates
					   set note_done = true, note_uncertain = false, status = 'sent', sent_at = now(),
					       error_message = null, last_http_status = null, locked_by = null, locked_until = null,
					       updated_at = now()
					 where id = :id and status = 'processing' and locked_by = :claim and retry_count = :attempt""")
				.param("id", update.id())
				.param("claim", update.claim())
				.param("attempt", update.attempt())
				.update();
			if (rows == 1) {
				this.callbacks.sent(List.of(update.queueItemId()));
			}
			return rows == 1;
		}));
	}

	/** A failed try: back to {@code pending}, due after {@code delay}. */
	boolean retryLater(Claimed update, Duration delay, String error, Integer httpStatus, boolean noteUncertain) {
		return this.jdbc.sql("""
				update ghl_pending_updates
				   set status = 'pending', next_attempt_at = now() + make_interval(secs => :delay),
				       error_message = :error, last_http_status = :status, note_uncertain = note_uncertain or :uncertain,
				       locked_by = null, locked_until = null, updated_at = now()
				 where id = :id and status = 'processing' and locked_by = :claim and retry_count = :attempt""")
			.param("delay", delay.toMillis() / 1000.0)
			.param("error", error)
			.param("status", httpStatus)
			.param("uncertain", noteUncertain)
			.param("id", update.id())
			.param("claim", update.claim())
			.param("attempt", update.attempt())
			.update() == 1;
	}

	/** The update cannot be sent: {@code failed}, and the queue item's callback status follows. */
	boolean failed(Claimed update, String error, Integer httpStatus, boolean noteUncertain) {
		return Boolean.TRUE.equals(this.transactions.execute(tx -> {
			int rows = this.jdbc.sql("""
					update ghl_pending_updates
					   set status = 'failed', error_message = :error, last_http_status = :status,
					       note_uncertain = note_uncertain or :uncertain, locked_by = null, locked_until = null,
					       updated_at = now()
					 where id = :id and status = 'processing' and locked_by = :claim and retry_count = :attempt""")
				.param("error", error)
				.param("status", httpStatus)
				.param("uncertain", noteUncertain)
				.param("id", update.id())
				.param("claim", update.claim())
				.param("attempt", update.attempt())
				.update();
			if (rows == 1) {
				this.callbacks.failed(List.of(update.queueItemId()));
			}
			return rows == 1;
		}));
	}

	/**
	 * Gives claimed updates back untouched (location paused, credentials refused, time budget spent): back to
	 * {@code pending} after {@code delay}, and the claim does not count as an attempt.
	 */
	int release(Collection<Claimed> updates, Duration delay) {
		if (updates.isEmpty()) {
			return 0;
		}
		int released = 0;
		for (Claimed update : updates) {
			released += this.jdbc.sql("""
					update ghl_pending_updates
					   set status = 'pending', retry_count = greatest(retry_count - 1, 0),
					       next_attempt_at = now() + make_interval(secs => :delay),
					       locked_by = null, locked_until = null, updated_at = now()
					 where id = :id and status = 'processing' and locked_by = :claim and retry_count = :attempt""")
				.param("delay", delay.toMillis() / 1000.0)
				.param("id", update.id())
				.param("claim", update.claim())
				.param("attempt", update.attempt())
				.update();
		}
		return released;
	}

	/** Updates of the scope not yet finished ({@code pending} or {@code processing}). */
	long remaining(UUID onlyAccount, UUID onlyBroadcast) {
		return this.jdbc.sql("""
				select count(*) from ghl_pending_updates
				 where status in ('pending', 'processing')
				   and (cast(:account as uuid) is null or user_id = :account)
				   and (cast(:broadcast as uuid) is null or broadcast_id = :broadcast)""")
			.param("account", onlyAccount)
			.param("broadcast", onlyBroadcast)
			.query(Long.class)
			.single();
	}

}
