package com.dialsmart.ghlbroadcast.calls;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import com.dialsmart.ghlbroadcast.broadcast.BroadcastQueueProgress;
import com.dialsmart.ghlbroadcast.broadcast.BroadcastQueueProgress.ClaimSlot;
import com.dialsmart.ghlbroadcast.broadcast.BroadcastQueueProgress.ClaimedItem;
import com.dialsmart.ghlbroadcast.broadcast.BroadcastService;
import com.dialsmart.ghlbroadcast.shared.InstanceNames;
import com.dialsmart.ghlbroadcast.shared.JdbcTransactional;
import com.dialsmart.ghlbroadcast.shared.PostgresBuckets;
import io.github.bucket4j.BucketConfiguration;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The voice engine's dispatcher: claims due items of active broadcasts and hands them to the {@link Dialer}. Any
 * number of instances may run it on one database: a claim is one short transaction ({@code FOR UPDATE SKIP LOCKED},
 * a lease on the database clock) that also holds the broadcast's counter row, so together the instances never have
 * more than {@code max_concurrent_calls} calls of a broadcast under way; {@code calls_per_minute} is a token bucket
 * in PostgreSQL shared by all of them. No transaction is open while a call is placed.
 */
@Service
class CallDispatcher {

	private static final Logger log = LoggerFactory.getLogger(CallDispatcher.class);

	/** A dial that failed for a passing reason (network, provider 5xx) is tried again after this. */
	static final Duration TRANSIENT_FAILURE_DELAY = Duration.ofMinutes(1);

	private static final int MAX_BROADCASTS_PER_PASS = 500;

	private final BroadcastQueueProgress progress;

	private final BroadcastService broadcasts;

	private final PostgresBuckets buckets;

	private final Dialer dialer;

	private final CallingWindow window;

	private final CallOutcomeService outcomes;

	private final EngineProperties properties;

	private final TransactionTemplate transactions;

	private final ThreadPoolExecutor dials;

	private final String instanceId;

	CallDispatcher(BroadcastQueueProgress progress, BroadcastService broadcasts, PostgresBuckets buckets,
			Dialer dialer, CallingWindow window, CallOutcomeService outcomes, EngineProperties properties,
			@Qualifier(JdbcTransactional.MANAGER) PlatformTransactionManager transactionManager) {
		this.progress = progress;
		this.broadcasts = broadcasts;
		this.buckets = buckets;
		this.dialer = dialer;
		this.window = window;
		this.outcomes = outcomes;
		this.properties = properties;
		this.transactions = new TransactionTemplate(transactionManager);
		int threads = Math.max(1, properties.dialThreads());
		// a full queue makes the dispatcher place the call itself: claims never run far ahead of dials
		this.dials = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
				new ArrayBlockingQueue<>(threads * 4), runnable -> {
					Thread thread = new Thread(runnable, "dialer");
					thread.setDaemon(true);
					return thread;
				}, new ThreadPoolExecutor.CallerRunsPolicy());
		this.instanceId = InstanceNames.orGenerated(properties.instanceId());
	}

	String instanceId() {
		return this.instanceId;
	}

	/**
	 * One pass over the active broadcasts with waiting items: claims what each may dial now, then hands the claimed
	 * items to the dialer taking one of each broadcast in turn. Calls of one broadcast placed back to back would end
	 * together too, and their reports would queue for that broadcast's counter row one after the other; taken in
	 * turn, concurrent reports mostly touch different broadcasts (and no broadcast holds the dial threads for a pass).
	 * @return how many calls were handed to the dialer
	 */
	int dispatchOnce() {
		List<Batch> batches = new ArrayList<>();
		for (UUID broadcastId : this.progress.activeBroadcastsWithWaitingItems(MAX_BROADCASTS_PER_PASS)) {
			try {
				Batch batch = claim(broadcastId);
				if (batch != null) {
					batches.add(batch);
				}
			}
			catch (RuntimeException ex) {
				log.warn("Could not dispatch broadcast {}: {}", broadcastId, ex.getMessage());
			}
		}
		return handOut(batches);
	}

	/** Hands the batches' items to the dial threads, one of each batch in turn. */
	private int handOut(List<Batch> batches) {
		int longest = batches.stream().mapToInt(batch -> batch.toDial().size()).max().orElse(0);
		int dialled = 0;
		for (int i = 0; i < longest; i++) {
			for (Batch batch : batches) {
				if (i < batch.toDial().size()) {
					ClaimedItem item = batch.toDial().get(i);
					this.dials.execute(() -> dial(batch.slot(), item));
					dialled++;
				}
			}
		}
		return dialled;
	}

	/** Takes back the items of crashed instances (expired leases). */
	int rescueExpired() {
		int rescued = 0;
		for (UUID broadcastId : this.progress.broadcastsWithExpiredClaims(MAX_BROADCASTS_PER_PASS)) {
			rescued += this.progress.rescueExpired(broadcastId);
		}
		if (rescued > 0) {
			log.info("Took back {} calling item(s) whose lease expired", rescued);
		}
		return rescued;
	}

	private record Batch(ClaimSlot slot, List<ClaimedItem> toDial) {
	}

	/** Claims and dials what one broadcast may dial now. */
	int dispatch(UUID broadcastId) {
		Batch batch = claim(broadcastId);
		return batch == null ? 0 : handOut(List.of(batch));
	}

	/** Claims what one broadcast may dial now: null when nothing is to be dialled. */
	private Batch claim(UUID broadcastId) {
		BroadcastQueueProgress.Claim claim = this.progress.claim(broadcastId, this.instanceId,
				this.properties.lease(), this.properties.batchSize());
		if (claim.items().isEmpty()) {
			return null;
		}
		try {
			Batch batch = screen(claim);
			if (batch == null) {
				return null;
			}
			List<ClaimedItem> toDial = withinCallsPerMinute(broadcastId, batch);
			return toDial.isEmpty() ? null : new Batch(batch.slot(), toDial);
		}
		catch (RuntimeException ex) {
			// not dialled: give the claim back now rather than after the lease (those already moved are skipped)
			this.progress.unclaim(claim.items().stream().map(ClaimedItem::id).toList(), null);
			throw ex;
		}
	}

	/**
	 * After the claim has committed: items on the DNC list become {@code dnc}, items outside their calling window go
	 * back, due at its next opening.
	 */
	private Batch screen(BroadcastQueueProgress.Claim claim) {
		ClaimSlot slot = claim.slot();
		List<ClaimedItem> candidates = new ArrayList<>(claim.items().size());
		List<UUID> blocked = new ArrayList<>();
		Map<Instant, List<UUID>> deferred = new HashMap<>();
		ZoneId defaultZone = zone(slot.defaultTimeZone());
		for (ClaimedItem item : claim.items()) {
			if (item.onDncList()) {
				blocked.add(item.id());
				continue;
			}
			CallingWindow.Decision decision = this.window.check(item.phone(), slot.windowStart(), slot.windowEnd(),
					defaultZone);
			if (decision.open()) {
				candidates.add(item);
			}
			else {
				deferred.computeIfAbsent(decision.nextOpening(), at -> new ArrayList<>()).add(item.id());
			}
		}
		if (!blocked.isEmpty()) {
			this.transactions.executeWithoutResult(status -> {
				this.progress.markClaimedDnc(blocked);
				this.broadcasts.completeIfFinished(slot.broadcastId());
			});
		}
		deferred.forEach((at, ids) -> this.progress.unclaim(ids, at));
		return candidates.isEmpty() ? null : new Batch(slot, candidates);
	}

	/**
	 * Calls per minute, shared by every instance (a token bucket in PostgreSQL), taken after the claim has committed:
	 * the claimed items over the budget go back, due about when the bucket has a token for them.
	 */
	private List<ClaimedItem> withinCallsPerMinute(UUID broadcastId, Batch batch) {
		List<ClaimedItem> candidates = batch.toDial();
		int perMinute = batch.slot().callsPerMinute();
		int tokens = (int) this.buckets.consumeUpTo("engine-cpm:" + broadcastId + ":" + perMinute, candidates.size(),
				() -> BucketConfiguration.builder()
					.addLimit(limit -> limit.capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)))
					.build());
		if (tokens < candidates.size()) {
			this.progress.unclaimFor(candidates.subList(tokens, candidates.size()).stream().map(ClaimedItem::id)
				.toList(), Duration.ofMillis(Math.max(1000, 60_000 / perMinute)));
		}
		return candidates.subList(0, tokens);
	}

	private void dial(ClaimSlot slot, ClaimedItem item) {
		Dialer.DialRequest request = new Dialer.DialRequest(item.id(), item.accountId(), item.broadcastId(),
				item.phone(), item.name(), item.attempt(), slot.message());
		try {
			this.dialer.dial(request);
		}
		catch (Dialer.DialException ex) {
			if (ex.transientFailure()) {
				log.warn("Could not place the call for item {} ({}); trying again in {}", item.id(), ex.getMessage(),
						TRANSIENT_FAILURE_DELAY);
				this.progress.unclaimFor(List.of(item.id()), TRANSIENT_FAILURE_DELAY);
			}
			else {
				log.warn("The call for item {} was refused: {}", item.id(), ex.getMessage());
				this.outcomes.report(new CallReport(item.id(), this.dialer.provider(),
						"dial-failed:" + item.id() + ":" + item.attempt(), CallStatus.FAILED, null, 0, null, null,
						null, null, null));
			}
		}
		catch (RuntimeException ex) {
			log.warn("Dialling item {} failed unexpectedly; its lease brings it back: {}", item.id(), ex.toString());
		}
	}

	private static ZoneId zone(String id) {
		try {
			return ZoneId.of(id);
		}
		catch (RuntimeException ex) {
			return ZoneId.of("America/New_York");
		}
	}

	@PreDestroy
	void stop() {
		this.dials.shutdown();
		try {
			this.dials.awaitTermination(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
