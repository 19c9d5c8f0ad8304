package com.dialsmart.ghlbroadcast.ghlsync;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.dialsmart.ghlbroadcast.ghlsync.PendingUpdateStore.Claimed;
import com.dialsmart.ghlbroadcast.ghlsync.PendingUpdateStore.DueAccount;
import com.dialsmart.ghlbroadcast.ghlsync.PendingUpdateStore.Step;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Drains {@code ghl_pending_updates} to GHL (docs/api.md, Sync to GHL).
 * <p>
 * A <em>run</em> (one sweep, or one {@code ghl-batch-callback} request) starts workers for every account with due
 * updates, a few per account, on one bounded pool. A worker claims a small batch of its account's updates with
 * {@code FOR UPDATE SKIP LOCKED} and a lease, sends each update's steps in order with no transaction open, records each
 * step in its own fenced statement before the next, then goes to the back of the pool's queue for its next batch: a
 * slow or paused location only ever holds its own workers. Requests are paced per location by {@link LocationPacer},
 * across all instances.
 */
@Service
class GhlSyncService {

	private static final Logger log = LoggerFactory.getLogger(GhlSyncService.class);

	private static final int MAX_ACCOUNTS_PER_RUN = 10_000;

	private final PendingUpdateStore store;

	private final GhlCredentialsStore credentials;

	private final SessionFactory sessions;

	private final GhlClient client;

	private final GhlSyncProperties properties;

	private final String instanceId;

	private final ThreadPoolExecutor workers;

	/** Brings workers of paused locations back when the pause is over. */
	private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
		Thread thread = new Thread(r, "ghl-sync-timer");
		thread.setDaemon(true);
		return thread;
	});

	private final AtomicLong claims = new AtomicLong();

	/** Sweep workers per account on this instance: overlapping sweeps do not pile up workers. */
	private final Map<UUID, AtomicInteger> sweepWorkers = new ConcurrentHashMap<>();

	private volatile boolean stopping;

	GhlSyncService(PendingUpdateStore store, GhlCredentialsStore credentials, SessionFactory sessions, GhlClient client,
			GhlSyncProperties properties, SyncInstance instance) {
		this.store = store;
		this.credentials = credentials;
		this.sessions = sessions;
		this.client = client;
		this.properties = properties;
		this.instanceId = instance.id();
		int threads = Math.max(1, properties.sync().threads());
		AtomicInteger names = new AtomicInteger();
		this.workers = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
			Thread thread = new Thread(r, "ghl-sync-" + names.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
		this.workers.allowCoreThreadTimeOut(true);
	}

	/** What a run did: updates finished as {@code sent} or {@code failed}, or tried and rescheduled. */
	record RunResult(int processed, int sent, int failed, long remaining) {
	}

	/** Syncs one broadcast's due updates for up to {@code budget}, then answers (the sweep does the rest). */
	RunResult processBroadcast(UUID accountId, UUID broadcastId, Duration budget) {
		return start(accountId, broadcastId, budget, false).await();
	}

	/** Syncs the due updates of one account, or of all accounts when {@code accountId} is null, for up to {@code budget}. */
	RunResult processPending(UUID accountId, Duration budget) {
		return start(accountId, null, budget, false).await();
	}

	/** Starts syncing in the background and returns at once: the scheduled sweep and completed broadcasts. */
	void startInBackground(UUID accountId, UUID broadcastId) {
		try {
			this.workers.execute(() -> start(accountId, broadcastId, this.properties.sync().sweepBudget(), true));
		}
		catch (RejectedExecutionException ex) {
			log.debug("GHL sync is stopping; background run not started");
		}
	}

	private Run start(UUID accountId, UUID broadcastId, Duration budget, boolean sweep) {
		Run run = new Run(budget);
		if (this.stopping) {
			run.close();
			return run.finishStarting(accountId, broadcastId);
		}
		List<DueAccount> due = this.store.dueAccounts(accountId, broadcastId, MAX_ACCOUNTS_PER_RUN);
		for (DueAccount account : due) {
			for (int i = 0; i < Math.max(1, this.properties.sync().workersPerLocation()); i++) {
				if (sweep) {
					AtomicInteger active = this.sweepWorkers.computeIfAbsent(account.accountId(), id -> new AtomicInteger());
					if (active.incrementAndGet() > this.properties.sync().workersPerLocation()) {
						active.decrementAndGet();
						break;
					}
				}
				run.submit(new Worker(run, account.accountId(), broadcastId, sweep));
			}
		}
		return run.finishStarting(accountId, broadcastId);
	}

	/** One run's workers and tallies. */
	private final class Run {

		private final long deadline;

		private final AtomicInteger processed = new AtomicInteger();

		private final AtomicInteger sent = new AtomicInteger();

		private final AtomicInteger failed = new AtomicInteger();

		private int outstanding;

		private boolean started;

		private UUID accountId;

		private UUID broadcastId;

		Run(Duration budget) {
			this.deadline = System.nanoTime() + budget.toNanos();
		}

		boolean expired() {
			return System.nanoTime() - this.deadline > 0;
		}

		/** Nanoseconds left of the budget. */
		long left() {
			return this.deadline - System.nanoTime();
		}

		synchronized void submit(Worker worker) {
			this.outstanding++;
			if (!resubmit(worker)) {
				this.outstanding--;
			}
		}

		boolean resubmit(Worker worker) {
			try {
				GhlSyncService.this.workers.execute(worker);
				return true;
			}
			catch (RejectedExecutionException ex) {
				return false;
			}
		}

		synchronized void done() {
			this.outstanding--;
			notifyAll();
		}

		synchronized void close() {
			this.outstanding = 0;
		}

		synchronized Run finishStarting(UUID accountId, UUID broadcastId) {
			this.started = true;
			this.accountId = accountId;
			this.broadcastId = broadcastId;
			return this;
		}

		void count(Outcome outcome) {
			switch (outcome) {
				case SENT -> {
					this.processed.incrementAndGet();
					this.sent.incrementAndGet();
				}
				case FAILED -> {
					this.processed.incrementAndGet();
					this.failed.incrementAndGet();
				}
				case RETRY -> this.processed.incrementAndGet();
				default -> {
				}
			}
		}

		/** Waits for the workers, at most until the budget is spent (in-flight updates then finish on their own). */
		RunResult await() {
			synchronized (this) {
				while (this.started && this.outstanding > 0) {
					long left = this.deadline - System.nanoTime();
					if (left <= 0) {
						break;
					}
					try {
						TimeUnit.NANOSECONDS.timedWait(this, left);
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
						break;
					}
				}
			}
			return new RunResult(this.processed.get(), this.sent.get(), this.failed.get(),
					GhlSyncService.this.store.remaining(this.accountId, this.broadcastId));
		}

	}

	enum Outcome {

		/** All steps done. */
		SENT,
		/** Given up: {@code failed}. */
		FAILED,
		/** A failed try, rescheduled with backoff. */
		RETRY,
		/** Given back untouched; the worker stops (location paused, credentials refused, stopping). */
		STOP,
		/** The claim was lost to another worker; nothing was written. */
		LEASE_LOST

	}

	/** What a worker does after a batch. */
	private enum Next {

		/** Queue up for the next batch. */
		AGAIN,
		/** Come back when the location's pause is over. */
		LATER,
		/** Nothing more for now (no due updates, credentials refused, budget spent). */
		DONE

	}

	/** One worker of one account: claims a batch, processes it, then queues itself again for the next batch. */
	private final class Worker implements Runnable {

		private final Run run;

		private final UUID accountId;

		private final UUID broadcastId;

		private final boolean sweep;

		private LocationSession session;

		Worker(Run run, UUID accountId, UUID broadcastId, boolean sweep) {
			this.run = run;
			this.accountId = accountId;
			this.broadcastId = broadcastId;
			this.sweep = sweep;
		}

		@Override
		public void run() {
			Next next = Next.DONE;
			try {
				next = batch();
			}
			catch (RuntimeException ex) {
				log.warn("GHL sync worker for account {} stopped: {}", this.accountId, ex.toString());
			}
			if (next == Next.LATER) {
				Duration wait = this.session.lastStopDelay();
				if (wait.toNanos() < this.run.left() && schedule(wait)) {
					return;
				}
				next = Next.DONE;
			}
			if (next == Next.DONE || !this.run.resubmit(this)) {
				finish();
			}
		}

		/** Comes back after the location's pause, unless the service stops meanwhile. */
		private boolean schedule(Duration wait) {
			try {
				GhlSyncService.this.timer.schedule(() -> {
					if (GhlSyncService.this.stopping || !this.run.resubmit(this)) {
						finish();
					}
				}, Math.max(1, wait.toMillis()), TimeUnit.MILLISECONDS);
				return true;
			}
			catch (RejectedExecutionException ex) {
				return false;
			}
		}

		private void finish() {
			if (this.sweep) {
				AtomicInteger active = GhlSyncService.this.sweepWorkers.get(this.accountId);
				if (active != null) {
					active.decrementAndGet();
				}
			}
			this.run.done();
		}

		private Next batch() {
			if (GhlSyncService.this.stopping || this.run.expired()) {
				return Next.DONE;
			}
			Optional<GhlCredentials> current = GhlSyncService.this.credentials.find(this.accountId)
				.filter(GhlCredentials::usable);
			if (current.isEmpty()) {
				return Next.DONE;
			}
			if (this.session != null && this.session.resumable()) {
				this.session.stopped(Duration.ZERO, false);
			}
			if (this.session == null) {
				this.session = GhlSyncService.this.sessions.open(current.get());
			}
			else {
				this.session.renew(current.get());
			}
			String claim = GhlSyncService.this.instanceId + "#" + GhlSyncService.this.claims.incrementAndGet();
			// the worker's own view of the lease, with a quarter as margin against clock and database delays
			long leaseExpires = System.nanoTime() + GhlSyncService.this.properties.sync().lease().toNanos() * 3 / 4;
			List<Claimed> batch = GhlSyncService.this.store.claim(this.accountId, this.broadcastId,
					GhlSyncService.this.properties.sync().batchSize(), claim, GhlSyncService.this.properties.sync().lease());
			if (batch.isEmpty()) {
				return Next.DONE;
			}
			for (int i = 0; i < batch.size(); i++) {
				if (GhlSyncService.this.stopping || this.run.expired()) {
					GhlSyncService.this.store.release(batch.subList(i, batch.size()), Duration.ZERO);
					return Next.DONE;
				}
				Claimed update = batch.get(i);
				Outcome outcome;
				try {
					outcome = process(update, this.session, leaseExpires);
				}
				catch (RuntimeException ex) {
					// never leave a claimed row to its lease because of a bug or a database hiccup
					log.warn("GHL sync of update {} failed unexpectedly", update.id(), ex);
					outcome = retry(update, null, "Unexpected error: " + ex, false);
				}
				this.run.count(outcome);
				if (outcome == Outcome.STOP) {
					GhlSyncService.this.store.release(batch.subList(i + 1, batch.size()), stopDelay());
					return this.session.resumable() ? Next.LATER : Next.DONE;
				}
			}
			return Next.AGAIN;
		}

		private Duration stopDelay() {
			return this.session == null ? Duration.ZERO : this.session.lastStopDelay();
		}

	}

	/**
	 * Sends one update's remaining steps, recording each; nothing is sent once the claim's lease may have run out
	 * ({@code leaseExpires}, a {@link System#nanoTime()} value).
	 */
	Outcome process(Claimed update, LocationSession session, long leaseExpires) {
		int maxTries = this.properties.maxRetries() + 1;
		if (update.attempt() > maxTries) {
			return this.store.failed(update, "Gave up after " + maxTries + " tries; the last one did not finish "
					+ "(its worker stopped or stalled past its lease)", null, false) ? Outcome.FAILED : Outcome.LEASE_LOST;
		}
		Lease lease = new Lease(leaseExpires);
		boolean notePosting = false;
		try {
			if (!update.tagsDone()) {
				lease.check();
				session.call(a -> {
					this.client.addTags(a, session, update.contactId(), SyncValues.tags(update.outcome()));
					return null;
				});
				if (!this.store.stepDone(update, Step.TAGS)) {
					return lostLease(update);
				}
			}
			if (!update.fieldsDone()) {
				Map<String, String> ids = session.fieldIds();
				List<String> missing = SyncValues.FIELDS.keySet().stream().filter(key -> !ids.containsKey(key)).toList();
				if (!missing.isEmpty()) {
					return this.store.failed(update, "GHL custom field" + (missing.size() > 1 ? "s " : " ")
							+ String.join(", ", missing) + (missing.size() > 1 ? " do" : " does") + " not exist in location "
							+ session.locationId() + ": run setup (POST /api/ghl/custom-fields/setup, \"Setup Broadcast "
							+ "Fields\"), then retry the failed updates", null, false) ? Outcome.FAILED : lostLease(update);
				}
				Map<String, String> values = new java.util.LinkedHashMap<>();
				SyncValues.fieldValues(update, this.properties.dateZone()).forEach((key, value) -> values.put(ids.get(key), value));
				lease.check();
				try {
					session.call(a -> {
						this.client.updateCustomFields(a, session, update.contactId(), values);
						return null;
					});
				}
				catch (GhlCallException ex) {
					if (ex.kind() == GhlCallException.Kind.PERMANENT) {
						// the cached ids may be stale (a field deleted and re-created): look them up afresh next time
						session.forgetFieldIds();
					}
					throw ex;
				}
				if (!this.store.stepDone(update, Step.FIELDS)) {
					return lostLease(update);
				}
			}
			if (!update.noteDone()) {
				if (update.noteUncertain()) {
					lease.check();
					List<String> bodies = session.call(a -> this.client.noteBodies(a, session, update.contactId()));
					String reference = SyncValues.reference(update);
					if (bodies.stream().anyMatch(body -> body.contains(reference))) {
						log.info("Update {}: its note was already written by an earlier try whose answer was lost",
								update.id());
						return this.store.sent(update) ? Outcome.SENT : lostLease(update);
					}
				}
				lease.check();
				notePosting = true;
				session.call(a -> {
					this.client.createNote(a, session, update.contactId(), SyncValues.note(update));
					return null;
				});
				notePosting = false;
			}
			return this.store.sent(update) ? Outcome.SENT : lostLease(update);
		}
		catch (GhlCallException ex) {
			return onFailure(update, session, ex, notePosting);
		}
		catch (LocationPacer.LocationBusy ex) {
			session.stopped(ex.waitTime(), true);
			this.store.release(List.of(update), ex.waitTime());
			return Outcome.STOP;
		}
		catch (GhlTokenRefresher.CredentialsRefused ex) {
			session.needsCredentials(ex.getMessage());
			session.stopped(Duration.ZERO, false);
			this.store.release(List.of(update), Duration.ZERO);
			return Outcome.STOP;
		}
		catch (SyncInterrupted ex) {
			session.stopped(Duration.ZERO, false);
			this.store.release(List.of(update), Duration.ZERO);
			return Outcome.STOP;
		}
		catch (LeaseExpired ex) {
			return lostLease(update);
		}
	}

	private Outcome onFailure(Claimed update, LocationSession session, GhlCallException ex, boolean notePosting) {
		switch (ex.kind()) {
			case RATE_LIMITED -> {
				Duration wait = ex.retryAfter() != null ? ex.retryAfter()
						: ex.rate().intervalMillis() != null ? Duration.ofMillis(ex.rate().intervalMillis()) : null;
				Duration paused = session.pause(wait);
				log.info("GHL rate limit reached for location {}: paused for {} ms", session.locationId(), paused.toMillis());
				session.stopped(paused, true);
				// not a failed try: the update goes back as it was
				this.store.release(List.of(update), paused);
				return Outcome.STOP;
			}
			case AUTH, FORBIDDEN -> {
				String message = ex.kind() == GhlCallException.Kind.AUTH
						? (session.credentials().oauth() ? "GHL refused the OAuth access token even after a refresh ("
								+ ex.getMessage() + "); reconnect the app and save the new tokens"
								: "GHL refused the private integration token (" + ex.getMessage()
										+ "); save a valid token in the GHL settings")
						: "GHL refused access (" + ex.getMessage() + "): the token has no access to location "
								+ session.locationId() + " or lacks a scope (contacts.write, "
								+ "locations/customFields.readonly); save credentials that have them";
				log.warn("GHL sync of account {} needs new credentials: {}", update.accountId(), message);
				session.needsCredentials(message);
				session.stopped(Duration.ZERO, false);
				this.store.release(List.of(update), Duration.ZERO);
				return Outcome.STOP;
			}
			case PERMANENT -> {
				return this.store.failed(update, ex.getMessage(), ex.status(), false) ? Outcome.FAILED : lostLease(update);
			}
			default -> {
				return retry(update, ex.status() == 0 ? null : ex.status(), ex.getMessage(),
						notePosting && ex.maybeApplied());
			}
		}
	}

	private Outcome retry(Claimed update, Integer status, String message, boolean noteUncertain) {
		int maxTries = this.properties.maxRetries() + 1;
		if (update.attempt() >= maxTries) {
			return this.store.failed(update, message + " (gave up after " + maxTries + " tries)", status, noteUncertain)
					? Outcome.FAILED : lostLease(update);
		}
		return this.store.retryLater(update, backoff(update.attempt()), message, status, noteUncertain) ? Outcome.RETRY
				: lostLease(update);
	}

	/** Delay before the next try after {@code attempt} failed tries: exponential, capped, with jitter. */
	Duration backoff(int attempt) {
		GhlSyncProperties.Backoff backoff = this.properties.backoff();
		double exponential = backoff.firstDelay().toMillis() * Math.pow(2, Math.max(0, attempt - 1));
		double capped = Math.min(exponential, backoff.maxDelay().toMillis());
		double jitter = Math.min(1, Math.max(0, backoff.jitter()));
		double factor = 1 - jitter * ThreadLocalRandom.current().nextDouble();
		return Duration.ofMillis(Math.max(1, Math.round(capped * factor)));
	}

	private Outcome lostLease(Claimed update) {
		log.warn("Update {}: the claim {} was lost (lease expired and another worker took it over); "
				+ "leaving the row to that worker", update.id(), update.claim());
		return Outcome.LEASE_LOST;
	}

	/** The worker's view of its claim's lease: it sends nothing once the lease may have run out. */
	private record Lease(long expires) {

		void check() {
			if (System.nanoTime() - this.expires > 0) {
				throw new LeaseExpired();
			}
		}

	}

	private static final class LeaseExpired extends RuntimeException {

		LeaseExpired() {
			super("lease expired", null, false, false);
		}

	}

	@PreDestroy
	void stop() throws InterruptedException {
		this.stopping = true;
		this.timer.shutdownNow();
		this.workers.shutdown();
		if (!this.workers.awaitTermination(10, TimeUnit.SECONDS)) {
			this.workers.shutdownNow();
			this.workers.awaitTermination(5, TimeUnit.SECONDS);
		}
	}

	/** Test hook: the instance name used in claims. */
	String instanceId() {
		return this.instanceId;
	}

	/** Active sweep workers per account (for tests). */
	int activeSweepWorkers(UUID accountId) {
		AtomicInteger active = this.sweepWorkers.get(accountId);
		return active == null ? 0 : active.get();
	}

}
