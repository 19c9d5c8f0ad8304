package com.dialsmart.ghlbroadcast.broadcast;

import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;

import com.dialsmart.ghlbroadcast.broadcast.QueueItemLifecycle.CallbackMove;
import com.dialsmart.ghlbroadcast.shared.JdbcTransactional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;

/**
 * The GHL sync's side of an item's callback status: it reports what became of the outbox rows, and the item's
 * {@code ghl_callback_status} follows, in the caller's transaction so that the outbox row and the item change
 * together. Each move applies only from the statuses the life cycle allows; an item that moved on since (the operator
 * put it back in the queue) is left as it is.
 */
@Service
public class QueueItemCallbacks {

	private static final String SENT = update(CallbackMove.SENT, CallbackStatus.SENT);

	private static final String FAILED = update(CallbackMove.GAVE_UP, CallbackStatus.FAILED);

	private static final String QUEUED_AGAIN = update(CallbackMove.UPDATE_RETRIED, CallbackStatus.QUEUED);

	private final JdbcClient jdbc;

	QueueItemCallbacks(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** GHL has the items' outcomes. */
	@JdbcTransactional(propagation = Propagation.MANDATORY)
	public int sent(Collection<UUID> itemIds) {
		return apply(SENT, itemIds);
	}

	/** GHL sync gave up on the items' outcomes. */
	@JdbcTransactional(propagation = Propagation.MANDATORY)
	public int failed(Collection<UUID> itemIds) {
		return apply(FAILED, itemIds);
	}

	/** The operator retried the items' failed updates: they are in the outbox again. */
	@JdbcTransactional(propagation = Propagation.MANDATORY)
	public int queuedAgain(Collection<UUID> itemIds) {
		return apply(QUEUED_AGAIN, itemIds);
	}

	/** The broadcast's items per callback status, every status present (zero when none). */
	@JdbcTransactional(readOnly = true)
	public Map<CallbackStatus, Long> counts(UUID broadcastId) {
		Map<CallbackStatus, Long> counts = new EnumMap<>(CallbackStatus.class);
		for (CallbackStatus status : CallbackStatus.values()) {
			counts.put(status, 0L);
		}
		this.jdbc.sql("select ghl_callback_status, count(*) from broadcast_queue where broadcast_id = ? group by 1")
			.param(broadcastId)
			.query((rs, n) -> Map.entry(CallbackStatus.parse(rs.getString(1)), rs.getLong(2)))
			.list()
			.forEach(e -> counts.put(e.getKey(), e.getValue()));
		return counts;
	}

	private int apply(String sql, Collection<UUID> itemIds) {
		if (itemIds.isEmpty()) {
			return 0;
		}
		return this.jdbc.sql(sql).param("ids", itemIds).update();
	}

	private static String update(CallbackMove move, CallbackStatus to) {
		if (!move.to.contains(to)) {
			throw new IllegalStateException(move + " does not lead to " + to);
		}
		return """
				update broadcast_queue set ghl_callback_status = '%s', updated_at = now()
				 where id in (:ids) and ghl_callback_status in (%s)""".formatted(to.value(), move.sqlFrom());
	}

}
