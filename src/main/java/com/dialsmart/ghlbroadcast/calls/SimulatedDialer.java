package com.dialsmart.ghlbroadcast.calls;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * The default dialer: no telephony account needed. Each call ends after the configured delay with an outcome drawn
 * from the configured ratios (an answered call may press a key), reported through the same
 * {@link CallOutcomeService#report} as the webhooks, so a fresh install runs end to end.
 */
@Component
@ConditionalOnProperty(name = "app.engine.dialer", havingValue = "simulated", matchIfMissing = true)
class SimulatedDialer implements Dialer {

	private static final Logger log = LoggerFactory.getLogger(SimulatedDialer.class);

	private final CallOutcomeService outcomes;

	private final EngineProperties.Simulated settings;

	private final ScheduledExecutorService executor;

	/** Calls dialled whose outcome is not reported yet, by call id. */
	private final Map<String, DialRequest> ringing = new ConcurrentHashMap<>();

	SimulatedDialer(CallOutcomeService outcomes, EngineProperties properties) {
		this.outcomes = outcomes;
		this.settings = properties.simulated();
		this.executor = Executors.newScheduledThreadPool(Math.max(1, this.settings.threads()), runnable -> {
			Thread thread = new Thread(runnable, "simulated-dialer");
			thread.setDaemon(true);
			return thread;
		});
	}

	@Override
	public String provider() {
		return "simulated";
	}

	@Override
	public String dial(DialRequest request) {
		String callId = "SIM" + UUID.randomUUID().toString().replace("-", "");
		this.ringing.put(callId, request);
		this.executor.schedule(() -> finish(request, callId), this.settings.delay().toMillis(), TimeUnit.MILLISECONDS);
		return callId;
	}

	private void finish(DialRequest request, String callId) {
		finish(request, callId, simulate(request, callId));
	}

	private void finish(DialRequest request, String callId, CallReport report) {
		if (this.ringing.remove(callId) == null) {
			return;
		}
		try {
			this.outcomes.report(report);
		}
		catch (ReportsBusyException ex) {
			retryLater(request, callId, report, ex.retryAfterSeconds());
		}
		catch (RuntimeException ex) {
			// the item stays calling; the lease brings it back
			log.warn("Simulated call {} for item {} could not be recorded: {}", callId, request.queueItemId(),
					ex.getMessage());
		}
	}

	private void retryLater(DialRequest request, String callId, CallReport report, long afterSeconds) {
		log.info("Simulated call {} for item {}: no turn to record it, retrying in {} s", callId,
				request.queueItemId(), afterSeconds);
		this.ringing.put(callId, request);
		try {
			this.executor.schedule(() -> finish(request, callId, report), afterSeconds, TimeUnit.SECONDS);
		}
		catch (RejectedExecutionException ex) {
			// stopping: stop() reports what is still ringing once more; the lease takes back what stays unrecorded
			log.warn("Simulated call {} for item {} could not be recorded before shutdown; its lease takes it back",
					callId, request.queueItemId());
		}
	}

	CallReport simulate(DialRequest request, String callId) {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		EngineProperties.Simulated s = this.settings;
		double draw = random.nextDouble() * (s.answered() + s.voicemail() + s.noAnswer() + s.busy() + s.failed());
		CallStatus status;
		String answeredBy = null;
		Integer duration = 0;
		String dtmf = null;
		if ((draw -= s.answered()) < 0) {
			status = CallStatus.COMPLETED;
			answeredBy = "human";
			duration = 10 + random.nextInt(50);
			dtmf = pressedKey(random);
		}
		else if ((draw -= s.voicemail()) < 0) {
			status = CallStatus.COMPLETED;
			answeredBy = "machine_end_beep";
			duration = 20 + random.nextInt(20);
		}
		else if ((draw -= s.noAnswer()) < 0) {
			status = CallStatus.NO_ANSWER;
		}
		else if ((draw -= s.busy()) < 0) {
			status = CallStatus.BUSY;
		}
		else {
			status = CallStatus.FAILED;
		}
		return new CallReport(request.queueItemId(), provider(), callId, status, answeredBy, duration, dtmf, null, null,
				null, "{\"simulated\":true,\"status\":\"" + status.value() + "\"}");
	}

	private String pressedKey(ThreadLocalRandom random) {
		for (Map.Entry<String, Double> key : this.settings.dtmf().entrySet()) {
			if (random.nextDouble() < key.getValue()) {
				return key.getKey();
			}
		}
		return null;
	}

	/**
	 * Calls still "ringing" end now, with their drawn outcome, rather than staying {@code calling} until their lease
	 * runs out on a stopped instance. Runs before the database pool closes, since this bean depends on it.
	 */
	@PreDestroy
	void stop() {
		this.executor.shutdownNow();
		this.ringing.forEach((callId, request) -> finish(request, callId));
		try {
			this.executor.awaitTermination(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
