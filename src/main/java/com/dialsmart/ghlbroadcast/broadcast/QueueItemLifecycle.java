package com.dialsmart.ghlbroadcast.broadcast;

import static com.dialsmart.ghlbroadcast.broadcast.QueueItemStatus.CALLING;
import static com.dialsmart.ghlbroadcast.broadcast.QueueItemStatus.CANCELLED;
import static com.dialsmart.ghlbroadcast.broadcast.QueueItemStatus.COMPLETED;
import static com.dialsmart.ghlbroadcast.broadcast.QueueItemStatus.DNC;
import static com.dialsmart.ghlbroadcast.broadcast.QueueItemStatus.FAILED;
import static com.dialsmart.ghlbroadcast.broadcast.QueueItemStatus.PENDING;
import static com.dialsmart.ghlbroadcast.broadcast.QueueItemStatus.RETRY;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The queue item's life cycle in one place: every move of its {@code status} and of its
 * {@code ghl_callback_status}, named by what causes it, and the status an item takes after a call. The SQL of this
 * module builds its {@code status in (...)} conditions from these moves, so the table and the statements cannot
 * drift apart; {@link QueueItemStatus#canTransitionTo} and {@link CallbackStatus#canTransitionTo} answer from them.
 */
public final class QueueItemLifecycle {

	private QueueItemLifecycle() {
	}

	/** Every change of an item's status, by cause, with the method that makes it. */
	enum ItemMove {

		/** The dialler claims a due item ({@code BroadcastQueueProgress.claim}). */
		CLAIM(EnumSet.of(PENDING, RETRY), EnumSet.of(CALLING)),
		/**
		 * A claimed item goes back undialled: outside its calling window, over the calls per minute, or its lease ran
		 * out ({@code unclaim}, {@code unclaimFor}, {@code rescueExpired}); {@code pending} again if it was never
		 * dialled.
		 */
		GIVE_BACK(EnumSet.of(CALLING), EnumSet.of(PENDING, RETRY)),
		/** A claimed item's phone is on the Do-Not-Call list: never dialled ({@code markClaimedDnc}). */
		CLAIMED_ON_DNC(EnumSet.of(CALLING), EnumSet.of(DNC)),
		/**
		 * The broadcast was cancelled while the item was being called: its late result, or the end of its lease
		 * ({@code recordCancelled}, {@code rescueExpired}).
		 */
		CALL_OF_CANCELLED_BROADCAST(EnumSet.of(CALLING), EnumSet.of(CANCELLED)),
		/**
		 * A call's result ({@code recordResult}). From {@code pending} or {@code retry} when an external engine reports
		 * a call it placed without the dispatcher's claim.
		 */
		CALL_RESULT(EnumSet.of(CALLING, PENDING, RETRY), EnumSet.of(RETRY, COMPLETED, FAILED)),
		/** The contact opted out: its waiting items in every broadcast of the account ({@code markWaitingItemsDnc}). */
		OPT_OUT(EnumSet.of(PENDING, RETRY), EnumSet.of(DNC)),
		/** The operator cancelled the broadcast: its waiting items ({@code cancelWaiting}). */
		BROADCAST_CANCELLED(EnumSet.of(PENDING, RETRY), EnumSet.of(CANCELLED)),
		/** The operator puts a failed item back in the queue ({@code retry}). */
		OPERATOR_RETRY(EnumSet.of(FAILED), EnumSet.of(RETRY));

		final Set<QueueItemStatus> from;

		final Set<QueueItemStatus> to;

		ItemMove(Set<QueueItemStatus> from, Set<QueueItemStatus> to) {
			this.from = Collections.unmodifiableSet(from);
			this.to = Collections.unmodifiableSet(to);
		}

		/** Whether this move takes an item from {@code from} to {@code to}. */
		boolean allows(QueueItemStatus from, QueueItemStatus to) {
			return this.from.contains(from) && this.to.contains(to);
		}

		/** The from-statuses as an SQL list of literals, {@code 'pending', 'retry'}. */
		String sqlFrom() {
			return sqlList(this.from.stream().map(QueueItemStatus::value).toList());
		}

	}

	/** Every change of an item's callback status, by cause, with the method that makes it. */
	enum CallbackMove {

		/**
		 * The item's final outcome went into the GHL outbox, or is not for GHL ({@code recordResult}); only once per
		 * final outcome.
		 */
		OUTCOME_FINAL(EnumSet.of(CallbackStatus.PENDING), EnumSet.of(CallbackStatus.QUEUED, CallbackStatus.SKIPPED)),
		/** GHL sync wrote the outcome ({@code QueueItemCallbacks.sent}). */
		SENT(EnumSet.of(CallbackStatus.QUEUED), EnumSet.of(CallbackStatus.SENT)),
		/** GHL sync gave up ({@code QueueItemCallbacks.failed}). */
		GAVE_UP(EnumSet.of(CallbackStatus.QUEUED), EnumSet.of(CallbackStatus.FAILED)),
		/** The operator retried the failed update ({@code QueueItemCallbacks.queuedAgain}). */
		UPDATE_RETRIED(EnumSet.of(CallbackStatus.FAILED), EnumSet.of(CallbackStatus.QUEUED)),
		/**
		 * The operator put the item back in the queue ({@code BroadcastQueueProgress.retry}): its next final outcome
		 * replaces the old one in the outbox.
		 */
		ITEM_RETRIED(EnumSet.of(CallbackStatus.QUEUED, CallbackStatus.SENT, CallbackStatus.SKIPPED,
				CallbackStatus.FAILED), EnumSet.of(CallbackStatus.PENDING));

		final Set<CallbackStatus> from;

		final Set<CallbackStatus> to;

		CallbackMove(Set<CallbackStatus> from, Set<CallbackStatus> to) {
			this.from = Collections.unmodifiableSet(from);
			this.to = Collections.unmodifiableSet(to);
		}

		/** The from-statuses as an SQL list of literals. */
		String sqlFrom() {
			return sqlList(this.from.stream().map(CallbackStatus::value).toList());
		}

	}

	static final Map<QueueItemStatus, Set<QueueItemStatus>> ITEM_TRANSITIONS = union(QueueItemStatus.class,
			ItemMove.values(), m -> m.from, m -> m.to);

	static final Map<CallbackStatus, Set<CallbackStatus>> CALLBACK_TRANSITIONS = union(CallbackStatus.class,
			CallbackMove.values(), m -> m.from, m -> m.to);

	/**
	 * The item's status after a call that ended with {@code outcome}: reached contacts are {@code completed}; no
	 * answer or busy are tried again until the broadcast's {@code max_attempts}, then {@code failed}; a failed call is
	 * {@code failed} at once.
	 * @param attempt the attempt number of this call (1 for the first)
	 */
	public static QueueItemStatus afterCall(CallOutcome outcome, int attempt, int maxAttempts) {
		if (outcome.reached()) {
			return COMPLETED;
		}
		return outcome.retryable() && attempt < maxAttempts ? RETRY : FAILED;
	}

	private static String sqlList(java.util.List<String> values) {
		return values.stream().map(v -> "'" + v + "'").collect(Collectors.joining(", "));
	}

	private static <S extends Enum<S>, M> Map<S, Set<S>> union(Class<S> type, M[] moves,
			java.util.function.Function<M, Set<S>> from, java.util.function.Function<M, Set<S>> to) {
		Map<S, Set<S>> transitions = new EnumMap<>(type);
		for (S status : type.getEnumConstants()) {
			transitions.put(status, EnumSet.noneOf(type));
		}
		Arrays.stream(moves).forEach(move -> from.apply(move).forEach(f -> transitions.get(f).addAll(to.apply(move))));
		transitions.replaceAll((status, next) -> Collections.unmodifiableSet(next));
		return Collections.unmodifiableMap(transitions);
	}

}
