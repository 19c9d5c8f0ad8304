package com.dialsmart.ghlbroadcast.broadcast;

import static com.dialsmart.ghlbroadcast.broadcast.QueueItemStatus.CALLING;
import static com.dialsmart.ghlbroadcast.broadcast.QueueItemStatus.CANCELLED;
import static com.dialsmart.ghlbroadcast.broadcast.QueueItemStatus.COMPLETED;
import static com.dialsmart.ghlbroadcast.broadcast.QueueItemStatus.DNC;
import static com.dialsmart.ghlbroadcast.broadcast.QueueItemStatus.FAILED;
import static com.dialsmart.ghlbroadcast.broadcast.QueueItemStatus.PENDING;
import static com.dialsmart.ghlbroadcast.broadcast.QueueItemStatus.RETRY;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The queue item's life cycle, pair by pair against an explicit list: adding or removing a move in
 * {@link QueueItemLifecycle} fails a case here, so every change of the life cycle is a deliberate one.
 */
class QueueItemLifecycleTests {

	/** Every allowed move of an item's status; every pair not listed is refused. */
	private static final Map<QueueItemStatus, Set<QueueItemStatus>> ALLOWED = Map.of(
			// claimed; an external engine's result without a claim; opt-out; broadcast cancelled
			PENDING, Set.of(CALLING, RETRY, COMPLETED, FAILED, DNC, CANCELLED),
			// given back; result; claimed on the DNC list; broadcast cancelled during the call
			CALLING, Set.of(PENDING, RETRY, COMPLETED, FAILED, DNC, CANCELLED),
			// claimed again; an external engine's result (another retry too); opt-out; broadcast cancelled
			RETRY, Set.of(CALLING, RETRY, COMPLETED, FAILED, DNC, CANCELLED),
			COMPLETED, Set.of(),
			// the operator's retry
			FAILED, Set.of(RETRY),
			DNC, Set.of(),
			CANCELLED, Set.of());

	private static final Map<CallbackStatus, Set<CallbackStatus>> CALLBACK_ALLOWED = Map.of(
			CallbackStatus.PENDING, Set.of(CallbackStatus.QUEUED, CallbackStatus.SKIPPED),
			CallbackStatus.QUEUED, Set.of(CallbackStatus.SENT, CallbackStatus.FAILED, CallbackStatus.PENDING),
			CallbackStatus.SENT, Set.of(CallbackStatus.PENDING),
			CallbackStatus.SKIPPED, Set.of(CallbackStatus.PENDING),
			CallbackStatus.FAILED, Set.of(CallbackStatus.QUEUED, CallbackStatus.PENDING));

	static Stream<Arguments> itemPairs() {
		return Arrays.stream(QueueItemStatus.values())
			.flatMap(from -> Arrays.stream(QueueItemStatus.values()).map(to -> Arguments.of(from, to)));
	}

	static Stream<Arguments> callbackPairs() {
		return Arrays.stream(CallbackStatus.values())
			.flatMap(from -> Arrays.stream(CallbackStatus.values()).map(to -> Arguments.of(from, to)));
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@MethodSource("itemPairs")
	void allowsExactlyTheListedItemMoves(QueueItemStatus from, QueueItemStatus to) {
		assertThat(from.canTransitionTo(to)).as("%s -> %s", from, to).isEqualTo(ALLOWED.get(from).contains(to));
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@MethodSource("callbackPairs")
	void allowsExactlyTheListedCallbackMoves(CallbackStatus from, CallbackStatus to) {
		assertThat(from.canTransitionTo(to)).as("%s -> %s", from, to)
			.isEqualTo(CALLBACK_ALLOWED.get(from).contains(to));
	}

	@Test
	void coversEveryStatusPair() {
		assertThat(itemPairs()).hasSize(49);
		assertThat(callbackPairs()).hasSize(25);
		assertThat(ALLOWED).containsOnlyKeys(QueueItemStatus.values());
		assertThat(CALLBACK_ALLOWED).containsOnlyKeys(CallbackStatus.values());
	}

	static Stream<Arguments> afterCall() {
		return Stream.of(
				// outcome, attempt < max, attempt = max
				Arguments.of(CallOutcome.ANSWERED, COMPLETED, COMPLETED),
				Arguments.of(CallOutcome.VOICEMAIL, COMPLETED, COMPLETED),
				Arguments.of(CallOutcome.NO_ANSWER, RETRY, FAILED),
				Arguments.of(CallOutcome.BUSY, RETRY, FAILED),
				Arguments.of(CallOutcome.FAILED, FAILED, FAILED));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("afterCall")
	void decidesTheStatusAfterACall(CallOutcome outcome, QueueItemStatus beforeLast, QueueItemStatus atLast) {
		assertThat(QueueItemLifecycle.afterCall(outcome, 1, 3)).isEqualTo(beforeLast);
		assertThat(QueueItemLifecycle.afterCall(outcome, 2, 3)).isEqualTo(beforeLast);
		assertThat(QueueItemLifecycle.afterCall(outcome, 3, 3)).isEqualTo(atLast);
		assertThat(QueueItemLifecycle.afterCall(outcome, 1, 1)).isEqualTo(atLast);
		// a status the item may take after a call from any waiting status
		assertThat(CALLING.canTransitionTo(beforeLast)).isTrue();
		assertThat(CALLING.canTransitionTo(atLast)).isTrue();
	}

	@Test
	void coversEveryOutcome() {
		assertThat(afterCall().map(a -> a.get()[0])).containsExactlyInAnyOrder((Object[]) CallOutcome.values());
	}

	@Test
	void finalStatusesAreThoseWithoutAnAutomaticWayOut() {
		assertThat(Arrays.stream(QueueItemStatus.values()).filter(QueueItemStatus::isFinal))
			.containsExactlyInAnyOrder(COMPLETED, FAILED, DNC, CANCELLED);
	}

	@Test
	void readsAndWritesTheDatabaseValues() {
		assertThat(Arrays.stream(QueueItemStatus.values()).map(QueueItemStatus::value)).containsExactly("pending",
				"calling", "retry", "completed", "failed", "dnc", "cancelled");
		assertThat(Arrays.stream(CallOutcome.values()).map(CallOutcome::value)).containsExactly("answered",
				"voicemail", "no_answer", "busy", "failed");
		assertThat(Arrays.stream(CallbackStatus.values()).map(CallbackStatus::value)).containsExactly("pending",
				"queued", "sent", "skipped", "failed");
		Arrays.stream(QueueItemStatus.values()).forEach(s -> assertThat(QueueItemStatus.parse(s.value())).isEqualTo(s));
		Arrays.stream(CallOutcome.values()).forEach(o -> assertThat(CallOutcome.parse(o.value())).isEqualTo(o));
		Arrays.stream(CallbackStatus.values()).forEach(c -> assertThat(CallbackStatus.parse(c.value())).isEqualTo(c));
	}

	@Test
	void buildsTheSqlConditionsFromTheMoves() {
		assertThat(QueueItemLifecycle.ItemMove.CLAIM.sqlFrom()).isIn("'pending', 'retry'", "'retry', 'pending'");
		assertThat(QueueItemLifecycle.ItemMove.GIVE_BACK.sqlFrom()).isEqualTo("'calling'");
		assertThat(QueueItemLifecycle.CallbackMove.SENT.sqlFrom()).isEqualTo("'queued'");
	}

}
