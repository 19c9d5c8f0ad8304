package com.dialsmart.ghlbroadcast.calls;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import com.dialsmart.ghlbroadcast.broadcast.BroadcastQueueProgress;
import com.dialsmart.ghlbroadcast.broadcast.BroadcastQueueProgress.CallResult;
import com.dialsmart.ghlbroadcast.broadcast.BroadcastQueueProgress.ItemForResult;
import com.dialsmart.ghlbroadcast.broadcast.BroadcastService;
import com.dialsmart.ghlbroadcast.broadcast.BroadcastStatus;
import com.dialsmart.ghlbroadcast.broadcast.CallOutcome;
import com.dialsmart.ghlbroadcast.broadcast.CallbackStatus;
import com.dialsmart.ghlbroadcast.broadcast.QueueItemStatus;
import com.dialsmart.ghlbroadcast.dnc.DncService;
import com.dialsmart.ghlbroadcast.ghlsync.OutcomeToSync;
import com.dialsmart.ghlbroadcast.ghlsync.PendingUpdateService;
import com.dialsmart.ghlbroadcast.shared.ConflictException;
import com.dialsmart.ghlbroadcast.shared.JdbcTransactional;
import com.dialsmart.ghlbroadcast.shared.NotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Records call reports: the one path for the JSON webhook, Twilio's callbacks and the simulated dialer. Each report
 * is one transaction that locks the queue item, so reports of one item apply one at a time: the attempt row (one per
 * provider call id), the item's move (only forward: a final status never changes), DTMF actions, and for a final
 * outcome the GHL outbox row, all commit or roll back together.
 */
@Service
class CallOutcomeService {

	private static final Logger log = LoggerFactory.getLogger(CallOutcomeService.class);

	private static final int MAX_TRIES = 3;

	/** What a report did. */
	enum Effect {

		/** The call ended and its outcome landed on the item (final, or a retry was scheduled). */
		RECORDED,
		/** The call is still going: its progress was kept. */
		IN_PROGRESS,
		/** The call's outcome was recorded before: nothing changed. */
		DUPLICATE,
		/**
		 * The call was recorded, but its item had already ended (or its broadcast was cancelled): the item, the
		 * outbox and the counts did not change.
		 */
		RECORDED_ONLY

	}

	/** The answer to a report. */
	record ReportResult(Effect effect, UUID queueItemId, String callId, String outcome, String itemStatus,
			int attempts, Instant nextAttemptAt) {
	}

	private final BroadcastQueueProgress progress;

	private final BroadcastService broadcasts;

	private final CallAttempts attempts;

	private final DncService dnc;

	private final PendingUpdateService pendingUpdates;

	private final TransactionTemplate transactions;

	private final JsonMapper json;

	private final Clock clock;

	private final CallMetrics metrics;

	private final Semaphore reporting;

	private final Duration reportWait;

	CallOutcomeService(BroadcastQueueProgress progress, BroadcastService broadcasts,
			CallAttempts attempts, DncService dnc, PendingUpdateService pendingUpdates,
			@Qualifier(JdbcTransactional.MANAGER) PlatformTransactionManager transactionManager, JsonMapper json,
			Clock clock, CallMetrics metrics, EngineProperties engine) {
		this.progress = progress;
		this.broadcasts = broadcasts;
		this.attempts = attempts;
		this.dnc = dnc;
		this.pendingUpdates = pendingUpdates;
		this.transactions = new TransactionTemplate(transactionManager);
		this.json = json;
		this.clock = clock;
		this.metrics = metrics;
		this.reporting = new Semaphore(Math.max(1, engine.concurrentReports()));
		this.reportWait = engine.reportWait();
	}

	/**
	 * Records one report.
	 * @throws NotFoundException when the queue item does not exist
	 * @throws ConflictException when the call id was already reported for another queue item
	 * @throws ReportsBusyException when no turn came free within {@code app.engine.report-wait}: nothing recorded
	 */
	ReportResult report(CallReport report) {
		// the reports of one broadcast queue on its counter row: they wait here, where waiting is cheap, and not
		// inside PostgreSQL, where every commit wakes all of them (docs/BENCHMARKS.md, Calls); but only for a
		// while: with a slow database, waiting threads would pile up without end (issue 13)
		if (!acquireTurn()) {
			throw new ReportsBusyException("No turn to record the report of call " + report.callId() + " within "
					+ this.reportWait.toMillis() + " ms: the database is slow; report it again later",
					retryAfterSeconds());
		}
		try {
			return reportInTurn(report);
		}
		finally {
			this.reporting.release();
		}
	}

	private boolean acquireTurn() {
		try {
			return this.reporting.tryAcquire(this.reportWait.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			// a request thread interrupted on shutdown: nothing recorded, the sender tries again
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/** What the webhooks send as {@code Retry-After}: the wait, in whole seconds, at least 1. */
	long retryAfterSeconds() {
		return Math.max(1, (this.reportWait.toMillis() + 999) / 1000);
	}

	private ReportResult reportInTurn(CallReport report) {
		for (int attempt = 1;; attempt++) {
			try {
				ReportResult result = this.transactions.execute(status -> apply(report));
				if (result.effect() == Effect.RECORDED) {
					this.metrics.recorded(result.outcome());
				}
				return result;
			}
			catch (PessimisticLockingFailureException ex) {
				// a deadlock with an opt-out touching the same broadcasts: the whole report is retried
				if (attempt >= MAX_TRIES) {
					throw ex;
				}
				log.debug("Retrying report of call {} after a lock conflict: {}", report.callId(), ex.getMessage());
			}
		}
	}

	private ReportResult apply(CallReport report) {
		ItemForResult item = this.progress.lockForResult(report.queueItemId())
			.orElseThrow(() -> new NotFoundException("Queue item " + report.queueItemId() + " not found"));
		Instant now = this.clock.instant();
		CallAttempts.Attempt attempt = this.attempts.lockOrCreate(report, item.broadcastId(), item.accountId(), now);
		if (!attempt.queueItemId().equals(item.id())) {
			throw new ConflictException("call_id " + report.callId() + " was reported for another queue item");
		}
		if (attempt.hasOutcome()) {
			return result(Effect.DUPLICATE, item, report, attempt.outcome(), item.status(), item.attempts(), null);
		}
		String answeredBy = report.answeredBy() != null ? report.answeredBy() : attempt.answeredBy();
		String dtmf = report.dtmf() != null ? report.dtmf() : attempt.dtmf();
		Integer duration = report.durationSeconds() != null ? report.durationSeconds() : attempt.durationSeconds();
		if (!report.status().isFinal()) {
			// a late or repeated progress event never moves the call back
			CallStatus furthest = report.status().isAfter(attempt.status()) ? report.status() : attempt.status();
			this.attempts.progress(attempt.id(), furthest, report.answeredBy(), report.durationSeconds(),
					report.dtmf(), report.rawEvent());
			return result(Effect.IN_PROGRESS, item, report, null, item.status(), item.attempts(), null);
		}
		CallOutcome outcome = report.status().outcome(answeredBy);
		Instant endedAt = report.timestamp() != null ? report.timestamp() : now;
		String action = dtmf == null ? null : dtmfActions(item).get(dtmf);
		if ("opt_out".equals(action)) {
			// honoured whatever became of the item: an opt-out is a legal requirement, not a campaign result
			optOut(item, dtmf);
		}
		if (item.isFinal() || item.broadcastStatus() == BroadcastStatus.CANCELLED) {
			this.attempts.finish(attempt.id(), report.status(), outcome.value(), null, answeredBy, duration, dtmf,
					endedAt, report.rawEvent());
			// the broadcast was cancelled while this call was under way: the item ends cancelled
			QueueItemStatus itemStatus = item.isFinal() ? item.status() : this.progress.recordCancelled(item);
			return result(Effect.RECORDED_ONLY, item, report, outcome.value(), itemStatus, item.attempts(), null);
		}
		// an engine that reports without our dispatcher's claim dials on its own: its call is a new attempt
		int attemptNumber = item.status() == QueueItemStatus.CALLING ? item.attempts() : item.attempts() + 1;
		boolean callbackRequested = Boolean.TRUE.equals(report.callbackRequested())
				|| "callback_requested".equals(action);
		Instant callbackTime = null;
		if (callbackRequested) {
			callbackTime = report.callbackTime() != null ? report.callbackTime()
					: now.plus(Duration.ofMinutes(item.callbackDelayMinutes()));
		}
		// the life cycle (module broadcast) says whether this call ends the item; a final outcome goes to GHL once
		boolean finalOutcome = item.statusAfter(outcome, attemptNumber).isFinal();
		CallbackStatus callbackStatus = null;
		if (finalOutcome && item.ghlCallbackStatus() == CallbackStatus.PENDING) {
			// the outbox row and the item's change below commit together, or neither does
			boolean queued = this.pendingUpdates.enqueue(new OutcomeToSync(item.id(), item.accountId(),
					item.broadcastId(), item.broadcastName(), item.ghlContactId(), outcome.value(), duration, endedAt,
					dtmf, callbackRequested, callbackTime));
			callbackStatus = queued ? CallbackStatus.QUEUED : CallbackStatus.SKIPPED;
		}
		this.attempts.finish(attempt.id(), report.status(), outcome.value(), attemptNumber, answeredBy, duration,
				dtmf, endedAt, report.rawEvent());
		// last: the item's change holds the broadcast's counter row until commit, so nothing follows it
		BroadcastQueueProgress.Recorded recorded = this.progress.recordResult(item,
				new CallResult(attemptNumber, outcome, dtmf, callbackRequested, callbackTime, callbackStatus));
		if (finalOutcome && item.autoComplete()) {
			this.broadcasts.completeIfFinished(item.broadcastId());
		}
		return result(Effect.RECORDED, item, report, outcome.value(), recorded.status(), attemptNumber,
				recorded.nextAttemptAt());
	}

	private void optOut(ItemForResult item, String dtmf) {
		this.dnc.addNormalized(item.accountId(), item.phone(), DncService.Source.DTMF_OPT_OUT,
				"Pressed " + dtmf + " during broadcast '" + item.broadcastName() + "'");
		Set<UUID> touched = this.progress.markWaitingItemsDnc(item.accountId(), item.phone());
		for (UUID broadcastId : touched) {
			if (!broadcastId.equals(item.broadcastId())) {
				this.broadcasts.completeIfFinished(broadcastId);
			}
		}
	}

	private Map<String, String> dtmfActions(ItemForResult item) {
		return this.json.readValue(item.dtmfActionsJson(), new TypeReference<Map<String, String>>() {
		});
	}

	private static ReportResult result(Effect effect, ItemForResult item, CallReport report, String outcome,
			QueueItemStatus itemStatus, int attempts, Instant nextAttemptAt) {
		return new ReportResult(effect, item.id(), report.callId(), outcome, itemStatus.value(), attempts,
				nextAttemptAt);
	}

}
