package com.dialsmart.ghlbroadcast.broadcast;

import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.dialsmart.ghlbroadcast.dnc.DncService;
import com.dialsmart.ghlbroadcast.shared.ConflictException;
import com.dialsmart.ghlbroadcast.shared.InvalidRequestException;
import com.dialsmart.ghlbroadcast.shared.JdbcTransactional;
import com.dialsmart.ghlbroadcast.shared.NotFoundException;
import com.dialsmart.ghlbroadcast.shared.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The queue of contacts of each broadcast. */
@Service
public class BroadcastQueueService {

	private final JdbcClient jdbc;

	private final DncService dnc;

	private final QueueItemRepository items;

	private final VoiceBroadcastRepository broadcasts;

	private final Clock clock;

	BroadcastQueueService(JdbcClient jdbc, DncService dnc, QueueItemRepository items,
			VoiceBroadcastRepository broadcasts, Clock clock) {
		this.jdbc = jdbc;
		this.dnc = dnc;
		this.items = items;
		this.broadcasts = broadcasts;
		this.clock = clock;
	}

	/** A contact to queue; the phone is already E.164. */
	public record NewContact(String phone, String name, String email, String ghlContactId) {
	}

	public enum EnqueueStatus {

		/** Added now. */
		QUEUED,
		/** The phone was already in this broadcast: nothing changed. */
		DUPLICATE,
		/** The phone is on the account's Do-Not-Call list: nothing queued. */
		SKIPPED_DNC,
		/** No such broadcast in this account. */
		NOT_FOUND,
		/** The broadcast is completed or cancelled. */
		CLOSED

	}

	/**
	 * @param position 1-based place among the broadcast's contacts waiting for their first dial, or {@code null}
	 * when the item is no longer waiting for it
	 */
	public record EnqueueResult(EnqueueStatus status, UUID queueItemId, Long position, String broadcastName,
			String broadcastStatus) {
	}

	/**
	 * Queues a contact once per broadcast. Joins the caller's transaction. Two concurrent calls for one phone race on
	 * the unique constraint: the loser gets a {@code DuplicateKeyException}, and calling again answers
	 * {@link EnqueueStatus#DUPLICATE}.
	 */
	@Transactional
	public EnqueueResult enqueue(UUID accountId, UUID broadcastId, NewContact contact) {
		// One round trip finds the broadcast and any item already holding this phone (the hot path of the trigger).
		// KEY SHARE waits for a transition holding the row (FOR UPDATE), so a contact never lands in a broadcast
		// that was cancelled while this request ran; enqueues do not block each other.
		Optional<Target> found = this.jdbc.sql("""
				select b.name, b.status, q.id, q.status, q.seq, s.enqueued, s.pending
				  from voice_broadcasts b
				  left join broadcast_queue q on q.broadcast_id = b.id and q.phone = ?
				  left join broadcast_queue_stats s on s.broadcast_id = q.broadcast_id
				 where b.id = ? and b.user_id = ?
				   for key share of b""")
			.param(contact.phone())
			.param(broadcastId)
			.param(accountId)
			.query((rs, n) -> new Target(rs.getString(1), rs.getString(2), rs.getObject(3, UUID.class),
					rs.getObject(3) == null ? null : position(rs.getString(4), rs.getLong(5), rs.getLong(6),
							rs.getLong(7))))
			.optional();
		if (found.isEmpty()) {
			return new EnqueueResult(EnqueueStatus.NOT_FOUND, null, null, null, null);
		}
		String name = found.get().name();
		String status = found.get().status();
		if (!BroadcastStatus.of(status).acceptsContacts()) {
			return new EnqueueResult(EnqueueStatus.CLOSED, null, null, name, status);
		}
		// the Do-Not-Call list wins over an earlier queue item of the same phone
		if (this.dnc.isBlocked(accountId, contact.phone())) {
			return new EnqueueResult(EnqueueStatus.SKIPPED_DNC, null, null, name, status);
		}
		if (found.get().existingItemId() != null) {
			return new EnqueueResult(EnqueueStatus.DUPLICATE, found.get().existingItemId(),
					found.get().existingPosition(), name, status);
		}
		UUID id = UUID.randomUUID();
		this.jdbc.sql("""
				insert into broadcast_queue (id, broadcast_id, user_id, phone, name, email, ghl_contact_id)
				values (?, ?, ?, ?, ?, ?, ?)""")
			.param(id)
			.param(broadcastId)
			.param(accountId)
			.param(contact.phone())
			.param(contact.name())
			.param(contact.email())
			.param(contact.ghlContactId())
			.update();
		// the insert trigger counted the new item, and holds the stats row until commit: this is its exact place
		long position = this.jdbc.sql("select pending from broadcast_queue_stats where broadcast_id = ?")
			.param(broadcastId)
			.query(Long.class)
			.single();
		return new EnqueueResult(EnqueueStatus.QUEUED, id, position, name, status);
	}

	/** The broadcast an enqueue targets, and the item that already holds the phone there, if any. */
	private record Target(String name, String status, UUID existingItemId, Long existingPosition) {
	}

	/**
	 * An item's place among waiting first attempts, from the O(1) counters: the items that left {@code pending} are
	 * assumed to be those queued before it (the dispatcher takes first attempts in arrival order).
	 */
	private static Long position(String itemStatus, long seq, long enqueued, long pending) {
		if (QueueItemStatus.parse(itemStatus) != QueueItemStatus.PENDING) {
			return null;
		}
		long place = seq - (enqueued - pending);
		return Math.max(1, Math.min(place, pending));
	}

	/** A queue item as the operator API lists it. */
	public record QueueItemView(UUID id, String phone, String name, String email, String ghlContactId, String status,
			int attempts, String lastOutcome, String ghlCallbackStatus, Instant nextAttemptAt, Instant createdAt) {
	}

	/** The broadcast's items in dialling order, optionally of one status; the broadcast must be the account's. */
	@Transactional(readOnly = true)
	public Page<QueueItemView> list(UUID accountId, UUID broadcastId, String status, int page, int size) {
		Page.check(page, size);
		QueueItemStatus wanted = status(status);
		Optional<Long> total = this.jdbc.sql("""
				select case cast(:status as text) when 'pending' then s.pending when 'calling' then s.calling
				       when 'retry' then s.retry when 'completed' then s.completed when 'failed' then s.failed
				       when 'dnc' then s.dnc when 'cancelled' then s.cancelled else s.enqueued end
				  from voice_broadcasts b join broadcast_queue_stats s on s.broadcast_id = b.id
				 where b.id = :broadcast and b.user_id = :account""")
			.param("status", wanted == null ? null : wanted.value())
			.param("broadcast", broadcastId)
			.param("account", accountId)
			.query(Long.class)
			.optional();
		if (total.isEmpty()) {
			throw BroadcastService.notFound(broadcastId);
		}
		PageRequest slice = PageRequest.of(page, size);
		List<QueueItemView> items = (wanted == null ? this.items.findByBroadcast(broadcastId, slice)
				: this.items.findByBroadcastAndStatus(broadcastId, wanted, slice))
			.stream()
			.map(QueueItem::view)
			.toList();
		return new Page<>(items, page, size, total.get());
	}

	/** The phones of the given items, by item id (for lists of another module that show the contact). */
	@JdbcTransactional(readOnly = true)
	public Map<UUID, String> phones(Collection<UUID> itemIds) {
		if (itemIds.isEmpty()) {
			return Map.of();
		}
		Map<UUID, String> phones = new HashMap<>();
		this.jdbc.sql("select id, phone from broadcast_queue where id in (:ids)")
			.param("ids", new HashSet<>(itemIds))
			.query((RowCallbackHandler) rs -> phones.put(rs.getObject(1, UUID.class), rs.getString(2)));
		return phones;
	}

	/** Reads the {@code status} filter; {@code null} or blank: every status. */
	private static QueueItemStatus status(String raw) {
		if (raw == null || raw.isBlank()) {
			return null;
		}
		try {
			return QueueItemStatus.parse(raw.strip());
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidRequestException("status: must be one of " + String.join(", ",
					Arrays.stream(QueueItemStatus.values()).map(QueueItemStatus::value).sorted().toList()));
		}
	}

	/**
	 * The operator's retry: puts an item that ended {@code failed} (outcome {@code failed}, {@code no_answer} or
	 * {@code busy}) back in the queue, due now, with a fresh set of attempts; its GHL callback starts over, so that
	 * its new final outcome replaces the old one in the GHL outbox. Its old outcome leaves the broadcast's outcome
	 * counts (its new one will be counted).
	 */
	@Transactional
	public QueueItemView retry(UUID accountId, UUID broadcastId, UUID itemId) {
		QueueItem item = this.items.findForUpdate(itemId, broadcastId, accountId)
			.orElseThrow(() -> new NotFoundException("Queue item " + itemId + " not found in broadcast " + broadcastId));
		if (!QueueItemLifecycle.ItemMove.OPERATOR_RETRY.allows(item.status(), QueueItemStatus.RETRY)) {
			throw new ConflictException("Queue item " + itemId + " cannot be retried: its status is '"
					+ item.status().value()
					+ "'; only items that ended failed (outcome failed, no_answer or busy) can be put back");
		}
		BroadcastStatus broadcastStatus = this.broadcasts.findById(broadcastId).orElseThrow().status();
		if (!broadcastStatus.acceptsContacts()) {
			throw new ConflictException("Queue item " + itemId + " cannot be retried: broadcast " + broadcastId
					+ " is " + broadcastStatus.value());
		}
		CallOutcome outcome = item.lastOutcome();
		item.putBack(this.clock.instant());
		// the item's update (whose trigger moves the status counts) before the outcome count: the lock order of a result
		this.items.saveAndFlush(item);
		if (outcome != null) {
			String column = "outcome_" + outcome.value();
			this.jdbc.sql("update broadcast_queue_stats set " + column + " = " + column + " - 1 where broadcast_id = ?")
				.param(broadcastId)
				.update();
		}
		return item.view();
	}

}
