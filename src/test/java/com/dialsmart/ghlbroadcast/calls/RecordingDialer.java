package com.dialsmart.ghlbroadcast.calls;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A {@link Dialer} for tests: records every dial, and either holds the call (nothing reported until the test says)
 * or ends it after a short random delay with the outcome {@code answer} picks, reporting through
 * {@link CallOutcomeService} like a provider. Counts the calls of each broadcast under way (from the dial until
 * just before its report) and the most ever seen at once.
 */
class RecordingDialer implements Dialer {

	record Dial(UUID queueItemId, UUID broadcastId, int attempt, String phone, String callId, String instance) {
	}

	/** Shared by the dialers of several application contexts in one JVM. */
	static final class Recorder {

		final ConcurrentLinkedQueue<Dial> dials = new ConcurrentLinkedQueue<>();

		final Map<UUID, AtomicInteger> underWay = new ConcurrentHashMap<>();

		final Map<UUID, AtomicInteger> mostAtOnce = new ConcurrentHashMap<>();

		List<Dial> dialsOf(UUID broadcastId) {
			return this.dials.stream().filter(d -> d.broadcastId().equals(broadcastId)).toList();
		}

		int mostAtOnce(UUID broadcastId) {
			return this.mostAtOnce.getOrDefault(broadcastId, new AtomicInteger()).get();
		}

		void started(UUID broadcastId) {
			int now = this.underWay.computeIfAbsent(broadcastId, b -> new AtomicInteger()).incrementAndGet();
			this.mostAtOnce.computeIfAbsent(broadcastId, b -> new AtomicInteger()).accumulateAndGet(now, Math::max);
		}

		void ended(UUID broadcastId) {
			this.underWay.get(broadcastId).decrementAndGet();
		}

	}

	private final Recorder recorder;

	private final String instance;

	private final CallOutcomeService outcomes;

	private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(4);

	/** {@code null}: hold every call. */
	volatile Function<DialRequest, CallStatus> answer;

	volatile Duration maxDelay = Duration.ofMillis(5);

	final Map<UUID, Dial> held = new ConcurrentHashMap<>();

	RecordingDialer(Recorder recorder, String instance, CallOutcomeService outcomes) {
		this.recorder = recorder;
		this.instance = instance;
		this.outcomes = outcomes;
	}

	@Override
	public String provider() {
		return "recording";
	}

	@Override
	public String dial(DialRequest request) {
		String callId = "REC" + UUID.randomUUID();
		Dial dial = new Dial(request.queueItemId(), request.broadcastId(), request.attempt(), request.phone(), callId,
				this.instance);
		this.recorder.dials.add(dial);
		this.recorder.started(request.broadcastId());
		Function<DialRequest, CallStatus> answer = this.answer;
		if (answer == null) {
			this.held.put(request.queueItemId(), dial);
			return callId;
		}
		long delay = ThreadLocalRandom.current().nextLong(this.maxDelay.toMillis() + 1);
		this.executor.schedule(() -> end(dial, answer.apply(request)), delay, TimeUnit.MILLISECONDS);
		return callId;
	}

	List<Dial> dialsOf(UUID broadcastId) {
		return this.recorder.dialsOf(broadcastId);
	}

	/** Every dial so far, in the order the dialer received them. */
	List<Dial> dials() {
		return List.copyOf(this.recorder.dials);
	}

	/** Ends a held call. */
	void release(UUID queueItemId, CallStatus status) {
		Dial dial = this.held.remove(queueItemId);
		end(dial, status);
	}

	private void end(Dial dial, CallStatus status) {
		this.recorder.ended(dial.broadcastId());
		this.outcomes.report(new CallReport(dial.queueItemId(), provider(), dial.callId(), status,
				status == CallStatus.COMPLETED ? "human" : null, 10, null, null, null, null, "{}"));
	}

	void stop() {
		this.executor.shutdownNow();
	}

}
