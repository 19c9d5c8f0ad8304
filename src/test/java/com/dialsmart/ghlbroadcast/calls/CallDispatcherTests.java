package com.dialsmart.ghlbroadcast.calls;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import com.dialsmart.ghlbroadcast.broadcast.BroadcastQueueProgress;
import com.dialsmart.ghlbroadcast.broadcast.BroadcastService;
import com.dialsmart.ghlbroadcast.broadcast.BroadcastService.Transition;
import com.dialsmart.ghlbroadcast.dnc.DncService;
import com.dialsmart.ghlbroadcast.shared.PostgresBuckets;
import com.dialsmart.ghlbroadcast.support.Fixtures;
import com.dialsmart.ghlbroadcast.support.IntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.transaction.PlatformTransactionManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

// a clock and a dialer of its own replace the application's: a context of its own
@Import(CallDispatcherTests.Engine.class)
class CallDispatcherTests extends IntegrationTest {

	/** 17:00 UTC on a winter day: 12:00 New York, 09:00 Los Angeles and 10:00 Boise, 07:00 Honolulu. */
	static final Instant NOON_IN_NEW_YORK = LocalDateTime.of(2026, 1, 15, 17, 0).toInstant(ZoneOffset.UTC);

	private static final AtomicInteger NUMBERS = new AtomicInteger();

	@TestConfiguration(proxyBeanMethods = false)
	static class Engine {

		@Bean
		@Primary
		MutableClock mutableClock() {
			return new MutableClock();
		}

		@Bean
		@Primary
		RecordingDialer recordingDialer(CallOutcomeService outcomes) {
			return new RecordingDialer(new RecordingDialer.Recorder(), "test", outcomes);
		}

	}

	@Autowired
	CallDispatcher dispatcher;

	@Autowired
	RecordingDialer dialer;

	@Autowired
	MutableClock clock;

	@Autowired
	Fixtures fixtures;

	@Autowired
	CallsTestSupport support;

	@Autowired
	BroadcastService broadcasts;

	@Autowired
	DncService dnc;

	@Autowired
	CallOutcomeService outcomes;

	@Autowired
	BroadcastQueueProgress progress;

	@Autowired
	PostgresBuckets buckets;

	@Autowired
	EngineProperties properties;

	@Autowired
	PlatformTransactionManager transactionManager;

	UUID account;

	@BeforeEach
	void setUp() {
		this.clock.set(NOON_IN_NEW_YORK);
		this.dialer.answer = null;
		this.account = this.fixtures.tenant().accountId();
	}

	@AfterEach
	void tearDown() {
		this.clock.set(null);
	}

	private static String number(String areaCode) {
		int n = NUMBERS.incrementAndGet();
		return String.format("+1%s%03d%04d", areaCode, 200 + (n / 10000) % 700, n % 10000);
	}

	private List<UUID> enqueue(UUID broadcast, int count) {
		return java.util.stream.IntStream.range(0, count)
			.mapToObj(i -> this.support.enqueue(this.account, broadcast, Fixtures.uniquePhone(), null))
			.toList();
	}

	private List<RecordingDialer.Dial> dialsOf(UUID broadcast, int expected) {
		await().atMost(Duration.ofSeconds(20)).until(() -> this.dialer.dialsOf(broadcast).size() >= expected);
		return this.dialer.dialsOf(broadcast);
	}

	@Test
	void dialsDueItemsInQueueOrderAndCountsTheAttempt() {
		UUID broadcast = this.support.broadcast(this.account, null, null, null, 10, null);
		List<UUID> items = enqueue(broadcast, 4);
		assertThat(this.dispatcher.dispatch(broadcast)).isEqualTo(4);
		List<RecordingDialer.Dial> dials = dialsOf(broadcast, 4);
		assertThat(dials).extracting(RecordingDialer.Dial::queueItemId).containsExactlyInAnyOrderElementsOf(items);
		assertThat(dials).extracting(RecordingDialer.Dial::attempt).containsOnly(1);
		for (UUID item : items) {
			CallsTestSupport.Item row = this.support.item(item);
			assertThat(row.status()).isEqualTo("calling");
			assertThat(row.attempts()).isEqualTo(1);
			assertThat(row.lockedBy()).isEqualTo(this.dispatcher.instanceId());
		}
		// a calling item is not claimed again
		assertThat(this.dispatcher.dispatch(broadcast)).isZero();
		this.dialer.release(items.get(0), CallStatus.COMPLETED);
		assertThat(this.support.item(items.get(0)).status()).isEqualTo("completed");
		assertThat(this.support.item(items.get(0)).lockedBy()).isNull();
	}

	@Test
	void handsOutTheClaimedItemsOfSeveralBroadcastsInTurn() {
		UUID first = this.support.broadcast(this.account, null, null, null, 20, null);
		UUID second = this.support.broadcast(this.account, null, null, null, 20, null);
		enqueue(first, 20);
		enqueue(second, 20);
		this.dispatcher.dispatchOnce();
		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.dialer.dialsOf(first).size() + this.dialer.dialsOf(second).size() >= 40);
		List<UUID> order = this.dialer.dials()
			.stream()
			.map(RecordingDialer.Dial::broadcastId)
			.filter(id -> id.equals(first) || id.equals(second))
			.toList();
		// one broadcast's batch after the other's would put 20 calls of one broadcast first (their reports would then
		// wait for that broadcast's counter row one after the other)
		assertThat(order.subList(0, 10)).contains(first, second);
		assertThat(order.subList(30, 40)).contains(first, second);
	}

	@Test
	void neverHasMoreCallsUnderWayThanMaxConcurrentCalls() {
		UUID broadcast = this.support.broadcast(this.account, null, null, null, 3, null);
		List<UUID> items = enqueue(broadcast, 8);
		assertThat(this.dispatcher.dispatch(broadcast)).isEqualTo(3);
		assertThat(this.dispatcher.dispatch(broadcast)).isZero();
		List<RecordingDialer.Dial> first = dialsOf(broadcast, 3);
		this.dialer.release(first.get(0).queueItemId(), CallStatus.COMPLETED);
		assertThat(this.dispatcher.dispatch(broadcast)).isEqualTo(1);
		assertThat(this.dispatcher.dispatch(broadcast)).isZero();
		assertThat(this.broadcasts.get(this.account, broadcast).queue().calling()).isEqualTo(3);
		assertThat(items).hasSize(8);
	}

	@Test
	void placesNoMoreThanCallsPerMinute() {
		UUID broadcast = this.support.broadcast(this.account, null, null, null, 50, 4);
		enqueue(broadcast, 10);
		this.dialer.answer = request -> CallStatus.COMPLETED;
		int dialled = 0;
		for (int pass = 0; pass < 5; pass++) {
			dialled += this.dispatcher.dispatch(broadcast);
		}
		assertThat(dialled).isEqualTo(4);
		assertThat(this.broadcasts.get(this.account, broadcast).queue().pending()).isEqualTo(6);
	}

	@Test
	void dialsOnlyInsideTheContactsLocalCallingWindow() {
		UUID broadcast = this.support.broadcast(this.account, null, null, null, 20, null);
		UUID newYork = this.support.enqueue(this.account, broadcast, number("212"), null);
		UUID losAngeles = this.support.enqueue(this.account, broadcast, number("310"), null);
		UUID honolulu = this.support.enqueue(this.account, broadcast, number("808"), null);
		UUID boiseOrLosAngeles = this.support.enqueue(this.account, broadcast,
				String.format("+1208555%04d", NUMBERS.incrementAndGet() % 10000), null);

		// 16:30 UTC: 11:30 New York, 08:30 Los Angeles, 09:30 Boise, 06:30 Honolulu
		this.clock.set(NOON_IN_NEW_YORK.minus(Duration.ofMinutes(30)));
		assertThat(this.dispatcher.dispatch(broadcast)).isEqualTo(1);
		assertThat(dialsOf(broadcast, 1)).extracting(RecordingDialer.Dial::queueItemId).containsExactly(newYork);
		CallsTestSupport.Item la = this.support.item(losAngeles);
		assertThat(la.status()).isEqualTo("pending");
		assertThat(la.attempts()).isZero();
		assertThat(la.nextAttemptAt()).isEqualTo(NOON_IN_NEW_YORK);
		assertThat(this.support.item(boiseOrLosAngeles).nextAttemptAt()).isEqualTo(NOON_IN_NEW_YORK);
		assertThat(this.support.item(honolulu).nextAttemptAt()).isEqualTo(NOON_IN_NEW_YORK.plus(Duration.ofHours(2)));

		// 17:00 UTC: Los Angeles and Boise open (the database's clock has long passed those times)
		this.clock.set(NOON_IN_NEW_YORK);
		assertThat(this.dispatcher.dispatch(broadcast)).isEqualTo(2);
		assertThat(dialsOf(broadcast, 3)).extracting(RecordingDialer.Dial::queueItemId)
			.containsExactlyInAnyOrder(newYork, losAngeles, boiseOrLosAngeles);
		assertThat(this.support.item(honolulu).status()).isEqualTo("pending");

		// 19:00 UTC: 09:00 in Honolulu
		this.clock.set(NOON_IN_NEW_YORK.plus(Duration.ofHours(2)));
		assertThat(this.dispatcher.dispatch(broadcast)).isEqualTo(1);
		assertThat(dialsOf(broadcast, 4)).extracting(RecordingDialer.Dial::queueItemId).contains(honolulu);
	}

	@Test
	void usesTheBroadcastsWindow() {
		UUID broadcast = this.support.broadcast(this.account, null, null, null, 20, null, "13:00", "14:00");
		UUID item = this.support.enqueue(this.account, broadcast, number("212"), null);
		assertThat(this.dispatcher.dispatch(broadcast)).isZero();
		// 13:00 New York is 18:00 UTC
		assertThat(this.support.item(item).nextAttemptAt()).isEqualTo(NOON_IN_NEW_YORK.plus(Duration.ofHours(1)));
	}

	@Test
	void neverDialsAPhoneThatJoinedTheDoNotCallList() {
		UUID broadcast = this.support.broadcast(this.account, null, null, true, 20, null);
		String phone = Fixtures.uniquePhone();
		UUID item = this.support.enqueue(this.account, broadcast, phone, null);
		this.dnc.add(this.account, phone, DncService.Source.MANUAL, "asked by phone");
		assertThat(this.dispatcher.dispatch(broadcast)).isZero();
		assertThat(this.support.item(item).status()).isEqualTo("dnc");
		assertThat(this.support.item(item).attempts()).isZero();
		assertThat(this.dialer.dialsOf(broadcast)).isEmpty();
		// that was its last item: an auto-complete broadcast completes
		assertThat(this.support.broadcastStatus(broadcast)).isEqualTo("completed");
	}

	@Test
	void stopsDiallingWhenPausedAndCancelsWaitingItems() {
		UUID broadcast = this.support.broadcast(this.account, null, null, null, 2, null);
		List<UUID> items = enqueue(broadcast, 5);
		assertThat(this.dispatcher.dispatch(broadcast)).isEqualTo(2);
		List<RecordingDialer.Dial> underWay = dialsOf(broadcast, 2);
		this.broadcasts.transition(this.account, broadcast, Transition.PAUSE);
		this.dialer.release(underWay.get(0).queueItemId(), CallStatus.COMPLETED);
		assertThat(this.dispatcher.dispatch(broadcast)).isZero();
		assertThat(this.dialer.dialsOf(broadcast)).hasSize(2);

		this.broadcasts.transition(this.account, broadcast, Transition.RESUME);
		assertThat(this.dispatcher.dispatch(broadcast)).isEqualTo(1);
		dialsOf(broadcast, 3);

		this.broadcasts.transition(this.account, broadcast, Transition.CANCEL);
		assertThat(items.stream().map(i -> this.support.item(i).status()))
			.containsOnly("completed", "calling", "cancelled").filteredOn("cancelled"::equals).hasSize(2);
		// calls still under way end as cancelled, with their call recorded
		UUID stillCalling = underWay.get(1).queueItemId();
		this.dialer.release(stillCalling, CallStatus.COMPLETED);
		assertThat(this.support.item(stillCalling).status()).isEqualTo("cancelled");
		assertThat(this.support.attempts(stillCalling)).hasSize(1);
		assertThat(this.dispatcher.dispatch(broadcast)).isZero();
	}

	@Test
	void takesBackTheItemsOfACrashedInstanceAfterTheLease() {
		UUID broadcast = this.support.broadcast(this.account, null, null, null, 5, null);
		UUID item = enqueue(broadcast, 1).get(0);
		assertThat(this.dispatcher.dispatch(broadcast)).isEqualTo(1);
		dialsOf(broadcast, 1);
		// the instance that claimed it dies; its lease runs out
		this.dialer.held.remove(item);
		assertThat(this.dispatcher.rescueExpired()).isGreaterThanOrEqualTo(0);
		assertThat(this.support.item(item).status()).isEqualTo("calling");
		this.support.jdbc().sql("update broadcast_queue set locked_until = now() - interval '1 second' where id = ?")
			.param(item).update();
		assertThat(this.dispatcher.rescueExpired()).isGreaterThanOrEqualTo(1);
		CallsTestSupport.Item row = this.support.item(item);
		assertThat(row.status()).isEqualTo("pending");
		assertThat(row.attempts()).isZero();
		assertThat(row.lockedBy()).isNull();
		assertThat(this.dispatcher.dispatch(broadcast)).isEqualTo(1);
		assertThat(dialsOf(broadcast, 2)).extracting(RecordingDialer.Dial::attempt).containsExactly(1, 1);
	}

	@Test
	void retriesADialThatFailedForAPassingReasonAndFailsARefusedOne() {
		UUID broadcast = this.support.broadcast(this.account, null, null, null, 5, null);
		UUID passing = enqueue(broadcast, 1).get(0);
		Dialer failing = new Dialer() {

			@Override
			public String dial(DialRequest request) throws DialException {
				boolean transientFailure = request.queueItemId().equals(passing);
				throw new DialException(transientFailure ? "timeout" : "invalid number", transientFailure, null);
			}

			@Override
			public String provider() {
				return "failing";
			}

		};
		CallDispatcher dispatcher = new CallDispatcher(this.progress, this.broadcasts, this.buckets, failing,
				new CallingWindow(this.clock), this.outcomes, this.properties, this.transactionManager);
		try {
			Instant before = this.support.databaseNow();
			assertThat(dispatcher.dispatch(broadcast)).isEqualTo(1);
			await().atMost(Duration.ofSeconds(10)).until(() -> this.support.item(passing).status().equals("pending"));
			assertThat(this.support.item(passing).attempts()).isZero();
			assertThat(this.support.item(passing).nextAttemptAt()).isAfter(before.plus(Duration.ofSeconds(50)));

			UUID refused = enqueue(broadcast, 1).get(0);
			assertThat(dispatcher.dispatch(broadcast)).isEqualTo(1);
			await().atMost(Duration.ofSeconds(10)).until(() -> this.support.item(refused).status().equals("failed"));
			assertThat(this.support.item(refused).lastOutcome()).isEqualTo("failed");
			assertThat(this.support.attempts(refused)).singleElement()
				.satisfies(a -> assertThat(a).containsEntry("provider", "failing"));
		}
		finally {
			dispatcher.stop();
		}
	}

	@Test
	void runsEndToEndWithTheSimulatedDialer() {
		UUID broadcast = this.support.broadcast(this.account, 1, null, true, 20, 6000);
		List<UUID> items = enqueue(broadcast, 30);
		EngineProperties.Simulated ratios = new EngineProperties.Simulated(Duration.ZERO, 0.4, 0.2, 0.2, 0.1, 0.1,
				Map.of("1", 0.3), 2);
		EngineProperties engine = new EngineProperties(true, "simulated", Duration.ofSeconds(1), 50,
				Duration.ofMinutes(15), Duration.ofSeconds(30), 4, 8, Duration.ofSeconds(5), "simulated-test", ratios);
		SimulatedDialer simulated = new SimulatedDialer(this.outcomes, engine);
		CallDispatcher dispatcher = new CallDispatcher(this.progress, this.broadcasts, this.buckets, simulated,
				new CallingWindow(this.clock), this.outcomes, engine, this.transactionManager);
		try {
			await().atMost(Duration.ofSeconds(60)).until(() -> {
				dispatcher.dispatch(broadcast);
				return "completed".equals(this.support.broadcastStatus(broadcast));
			});
		}
		finally {
			dispatcher.stop();
			simulated.stop();
		}
		for (UUID item : items) {
			CallsTestSupport.Item row = this.support.item(item);
			assertThat(row.status()).isIn("completed", "failed");
			assertThat(row.attempts()).isEqualTo(1);
			assertThat(this.support.attempts(item)).singleElement()
				.satisfies(a -> assertThat(a).containsEntry("provider", "simulated"));
		}
		var outcomes = this.broadcasts.get(this.account, broadcast).outcomes();
		assertThat(outcomes.answered() + outcomes.voicemail() + outcomes.noAnswer() + outcomes.busy()
				+ outcomes.failed()).isEqualTo(30);
	}

}
