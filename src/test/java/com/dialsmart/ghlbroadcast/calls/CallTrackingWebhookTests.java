package com.dialsmart.ghlbroadcast.calls;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.dialsmart.ghlbroadcast.broadcast.BroadcastCompleted;
import com.dialsmart.ghlbroadcast.broadcast.BroadcastQueueService;
import com.dialsmart.ghlbroadcast.broadcast.BroadcastQueueService.EnqueueStatus;
import com.dialsmart.ghlbroadcast.broadcast.BroadcastQueueService.NewContact;
import com.dialsmart.ghlbroadcast.broadcast.BroadcastService;
import com.dialsmart.ghlbroadcast.broadcast.BroadcastService.Transition;
import com.dialsmart.ghlbroadcast.support.Fixtures;
import com.dialsmart.ghlbroadcast.support.PrometheusScrape;
import com.dialsmart.ghlbroadcast.support.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

@RecordApplicationEvents
class CallTrackingWebhookTests extends IntegrationTest {

	private static final String URL = "/functions/v1/call-tracking-webhook";

	@Autowired
	MockMvcTester mvc;

	@Autowired
	Fixtures fixtures;

	@Autowired
	CallsTestSupport support;

	@Autowired
	BroadcastService broadcasts;

	@Autowired
	BroadcastQueueService queue;

	@Autowired
	ApplicationEvents events;

	Fixtures.Tenant tenant;

	String serviceToken;

	@BeforeEach
	void setUp() {
		this.tenant = this.fixtures.tenant();
		this.serviceToken = this.fixtures.serviceToken();
	}

	private MvcTestResult post(String json) {
		return this.mvc.post().uri(URL).header("Authorization", "Bearer " + this.serviceToken)
			.contentType(MediaType.APPLICATION_JSON).content(json).exchange();
	}

	private MvcTestResult report(UUID itemId, String callId, String status, String extra) {
		return post("""
				{"queue_item_id":"%s","call_id":"%s","status":"%s","timestamp":"2026-02-04T15:30:00Z"%s}"""
			.formatted(itemId, callId, status, extra == null ? "" : "," + extra));
	}

	private static String callId() {
		return "CA" + UUID.randomUUID().toString().replace("-", "");
	}

	private UUID syncedItem(UUID broadcastId) {
		this.support.enableSync(this.tenant.accountId());
		return this.support.enqueue(this.tenant.accountId(), broadcastId, Fixtures.uniquePhone(),
				"ghl-" + UUID.randomUUID());
	}

	@Test
	void countsRecordedCallsByOutcomeOnceEach() {
		UUID item = this.support.enqueue(this.tenant.accountId(), this.tenant.broadcastId(), Fixtures.uniquePhone(),
				null);
		String callId = callId();
		PrometheusScrape before = scrape();

		report(item, callId, "completed", "\"answered_by\":\"machine\"");
		report(item, callId, "completed", "\"answered_by\":\"machine\"");

		assertThat(scrape().value("broadcast_calls_total", "outcome=voicemail")
				- before.value("broadcast_calls_total", "outcome=voicemail")).isEqualTo(1);
	}

	private PrometheusScrape scrape() {
		MvcTestResult result = this.mvc.get().uri("/actuator/prometheus")
			.header("Authorization", "Bearer " + this.serviceToken)
			.exchange();
		return new PrometheusScrape(new String(result.getResponse().getContentAsByteArray(),
				java.nio.charset.StandardCharsets.UTF_8));
	}

	@Test
	void recordsAHumanAnswerAsAnsweredAndQueuesTheGhlUpdate() {
		UUID item = syncedItem(this.tenant.broadcastId());
		MvcTestResult result = report(item, callId(), "completed", "\"answered_by\":\"human\",\"duration_seconds\":42");
		assertThat(result).hasStatusOk();
		assertThat(result).bodyJson().extractingPath("$.status").isEqualTo("recorded");
		assertThat(result).bodyJson().extractingPath("$.outcome").isEqualTo("answered");
		CallsTestSupport.Item row = this.support.item(item);
		assertThat(row.status()).isEqualTo("completed");
		assertThat(row.lastOutcome()).isEqualTo("answered");
		assertThat(row.attempts()).isEqualTo(1);
		assertThat(row.ghlCallbackStatus()).isEqualTo("queued");
		List<Map<String, Object>> updates = this.support.pendingUpdates(item);
		assertThat(updates).hasSize(1);
		assertThat(updates.get(0)).containsEntry("call_outcome", "answered").containsEntry("call_duration_seconds", 42)
			.containsEntry("status", "pending");
		List<Map<String, Object>> attempts = this.support.attempts(item);
		assertThat(attempts).hasSize(1);
		assertThat(attempts.get(0)).containsEntry("outcome", "answered").containsEntry("duration_seconds", 42)
			.containsEntry("answered_by", "human").containsEntry("attempt_number", 1);
	}

	@Test
	void countsACompletedCallWithoutDetectionAsAnswered() {
		UUID item = syncedItem(this.tenant.broadcastId());
		assertThat(report(item, callId(), "completed", null)).bodyJson().extractingPath("$.outcome")
			.isEqualTo("answered");
		assertThat(this.support.item(item).status()).isEqualTo("completed");
	}

	@Test
	void recordsAMachineAnswerAsVoicemail() {
		UUID item = syncedItem(this.tenant.broadcastId());
		assertThat(report(item, callId(), "completed", "\"answered_by\":\"machine\",\"duration_seconds\":31"))
			.bodyJson().extractingPath("$.outcome").isEqualTo("voicemail");
		CallsTestSupport.Item row = this.support.item(item);
		assertThat(row.status()).isEqualTo("completed");
		assertThat(row.lastOutcome()).isEqualTo("voicemail");
		assertThat(this.support.pendingUpdates(item)).singleElement()
			.satisfies(update -> assertThat(update).containsEntry("call_outcome", "voicemail"));
	}

	@Test
	void recordsAFailedCallAsFinal() {
		UUID item = syncedItem(this.tenant.broadcastId());
		assertThat(report(item, callId(), "failed", null)).bodyJson().extractingPath("$.outcome").isEqualTo("failed");
		CallsTestSupport.Item row = this.support.item(item);
		assertThat(row.status()).isEqualTo("failed");
		assertThat(row.ghlCallbackStatus()).isEqualTo("queued");
		assertThat(this.support.pendingUpdates(item)).hasSize(1);
	}

	@Test
	void retriesNoAnswerBusyAndCanceledUntilMaxAttemptsAfterTheRetryDelay() {
		UUID broadcast = this.support.broadcast(this.tenant.accountId(), 3, 45, null, null, null);
		UUID item = syncedItem(broadcast);
		String[] statuses = { "no_answer", "busy", "canceled" };
		String[] outcomes = { "no_answer", "busy", "no_answer" };
		for (int attempt = 1; attempt <= 2; attempt++) {
			Instant before = this.support.databaseNow();
			MvcTestResult result = report(item, callId(), statuses[attempt - 1], null);
			Instant after = this.support.databaseNow();
			assertThat(result).bodyJson().extractingPath("$.item_status").isEqualTo("retry");
			CallsTestSupport.Item row = this.support.item(item);
			assertThat(row.status()).isEqualTo("retry");
			assertThat(row.attempts()).isEqualTo(attempt);
			assertThat(row.lastOutcome()).isEqualTo(outcomes[attempt - 1]);
			assertThat(row.nextAttemptAt()).isBetween(before.plus(Duration.ofMinutes(45)),
					after.plus(Duration.ofMinutes(45)));
			assertThat(row.ghlCallbackStatus()).isEqualTo("pending");
			assertThat(this.support.pendingUpdates(item)).isEmpty();
		}
		MvcTestResult last = report(item, callId(), "canceled", null);
		assertThat(last).bodyJson().extractingPath("$.outcome").isEqualTo("no_answer");
		CallsTestSupport.Item row = this.support.item(item);
		assertThat(row.status()).isEqualTo("failed");
		assertThat(row.attempts()).isEqualTo(3);
		assertThat(row.lastOutcome()).isEqualTo("no_answer");
		assertThat(row.ghlCallbackStatus()).isEqualTo("queued");
		assertThat(this.support.pendingUpdates(item)).singleElement()
			.satisfies(update -> assertThat(update).containsEntry("call_outcome", "no_answer"));
		assertThat(this.support.attempts(item)).hasSize(3)
			.extracting(a -> a.get("attempt_number")).containsExactly(1, 2, 3);
	}

	@Test
	void endsBusyAtTheLastAttempt() {
		UUID broadcast = this.support.broadcast(this.tenant.accountId(), 1, null, null, null, null);
		UUID item = syncedItem(broadcast);
		assertThat(report(item, callId(), "busy", null)).bodyJson().extractingPath("$.item_status").isEqualTo("failed");
		assertThat(this.support.item(item).lastOutcome()).isEqualTo("busy");
		assertThat(this.support.pendingUpdates(item)).singleElement()
			.satisfies(update -> assertThat(update).containsEntry("call_outcome", "busy"));
	}

	@Test
	void skipsTheGhlUpdateWithoutAContactIdOrWithSyncOff() {
		UUID withoutContact = this.support.enqueue(this.tenant.accountId(), this.tenant.broadcastId(),
				Fixtures.uniquePhone(), null);
		report(withoutContact, callId(), "completed", null);
		assertThat(this.support.item(withoutContact).ghlCallbackStatus()).isEqualTo("skipped");
		assertThat(this.support.pendingUpdates(withoutContact)).isEmpty();
		// sync is off for this account
		UUID syncOff = this.support.enqueue(this.tenant.accountId(), this.tenant.broadcastId(), Fixtures.uniquePhone(),
				"ghl-contact");
		report(syncOff, callId(), "completed", null);
		assertThat(this.support.item(syncOff).ghlCallbackStatus()).isEqualTo("skipped");
		assertThat(this.support.pendingUpdates(syncOff)).isEmpty();
	}

	@Test
	void requestsACallbackOnKeyOne() {
		UUID item = syncedItem(this.tenant.broadcastId());
		Instant before = Instant.now();
		report(item, callId(), "completed", "\"answered_by\":\"human\",\"dtmf_pressed\":\"1\"");
		CallsTestSupport.Item row = this.support.item(item);
		assertThat(row.dtmf()).isEqualTo("1");
		assertThat(row.callbackRequested()).isTrue();
		// the broadcast's default callback delay is 60 minutes
		assertThat(row.callbackTime()).isCloseTo(before.plus(Duration.ofMinutes(60)), within(Duration.ofSeconds(30)));
		assertThat(this.support.pendingUpdates(item)).singleElement().satisfies(update -> assertThat(update)
			.containsEntry("dtmf_pressed", "1").containsEntry("callback_requested", true));
	}

	@Test
	void keepsTheCallbackTimeTheEngineGives() {
		UUID item = syncedItem(this.tenant.broadcastId());
		report(item, callId(), "completed",
				"\"callback_requested\":true,\"callback_time\":\"2026-03-01T10:00:00Z\"");
		CallsTestSupport.Item row = this.support.item(item);
		assertThat(row.callbackRequested()).isTrue();
		assertThat(row.callbackTime()).isEqualTo(Instant.parse("2026-03-01T10:00:00Z"));
	}

	@Test
	void optsOutOnKeyNineAndStopsThePhonesOtherWaitingItems() {
		String phone = Fixtures.uniquePhone();
		UUID item = this.support.enqueue(this.tenant.accountId(), this.tenant.broadcastId(), phone, null);
		UUID otherBroadcast = this.support.broadcast(this.tenant.accountId(), null, null, null, null, null);
		UUID sameAccountItem = this.support.enqueue(this.tenant.accountId(), otherBroadcast, phone, null);
		Fixtures.Tenant otherTenant = this.fixtures.tenant();
		UUID otherAccountItem = this.support.enqueue(otherTenant.accountId(), otherTenant.broadcastId(), phone, null);

		report(item, callId(), "completed", "\"answered_by\":\"human\",\"dtmf_pressed\":\"9\"");

		assertThat(this.support.item(item).status()).isEqualTo("completed");
		assertThat(this.support.item(item).lastOutcome()).isEqualTo("answered");
		assertThat(this.support.item(sameAccountItem).status()).isEqualTo("dnc");
		assertThat(this.support.item(otherAccountItem).status()).isEqualTo("pending");
		assertThat(this.support.jdbc().sql("select source from dnc_list where user_id = ? and phone = ?")
			.param(this.tenant.accountId()).param(phone).query(String.class).list()).containsExactly("dtmf_opt_out");
		assertThat(this.support.jdbc().sql("select count(*) from dnc_list where user_id = ? and phone = ?")
			.param(otherTenant.accountId()).param(phone).query(Long.class).single()).isZero();
		// the phone cannot be queued again in this account
		assertThat(this.queue.enqueue(this.tenant.accountId(), this.support.broadcast(this.tenant.accountId(), null,
				null, null, null, null), new NewContact(phone, null, null, null)).status())
			.isEqualTo(EnqueueStatus.SKIPPED_DNC);
	}

	@Test
	void recordsOneAttemptOneOutcomeAndOneUpdateFromFiftyParallelDeliveries() throws Exception {
		UUID item = syncedItem(this.tenant.broadcastId());
		String callId = callId();
		int deliveries = 50;
		ExecutorService pool = Executors.newFixedThreadPool(16);
		CountDownLatch start = new CountDownLatch(1);
		List<Future<String>> results = new ArrayList<>();
		for (int i = 0; i < deliveries; i++) {
			Callable<String> delivery = () -> {
				start.await();
				MvcTestResult result = report(item, callId, "completed", "\"answered_by\":\"human\"");
				assertThat(result).hasStatusOk();
				return result.getResponse().getContentAsString();
			};
			results.add(pool.submit(delivery));
		}
		start.countDown();
		int recorded = 0;
		int duplicates = 0;
		for (Future<String> result : results) {
			String body = result.get();
			if (body.contains("\"status\":\"recorded\"")) {
				recorded++;
			}
			else if (body.contains("\"status\":\"duplicate\"")) {
				duplicates++;
			}
		}
		pool.shutdown();
		assertThat(recorded).isEqualTo(1);
		assertThat(duplicates).isEqualTo(deliveries - 1);
		assertThat(this.support.attempts(item)).hasSize(1);
		assertThat(this.support.pendingUpdates(item)).hasSize(1);
		CallsTestSupport.Item row = this.support.item(item);
		assertThat(row.attempts()).isEqualTo(1);
		assertThat(row.status()).isEqualTo("completed");
		assertThat(this.broadcasts.get(this.tenant.accountId(), this.tenant.broadcastId()).outcomes().answered())
			.isEqualTo(1);
	}

	@Test
	void keepsTheFinalStateWhenEventsArriveOutOfOrder() {
		UUID item = syncedItem(this.tenant.broadcastId());
		String callId = callId();
		assertThat(report(item, callId, "ringing", null)).bodyJson().extractingPath("$.status")
			.isEqualTo("in_progress");
		assertThat(this.support.item(item).status()).isEqualTo("pending");
		report(item, callId, "completed", "\"answered_by\":\"machine\"");
		assertThat(report(item, callId, "ringing", null)).bodyJson().extractingPath("$.status").isEqualTo("duplicate");
		assertThat(report(item, callId, "in_progress", null)).bodyJson().extractingPath("$.status")
			.isEqualTo("duplicate");
		assertThat(report(item, callId, "no_answer", null)).bodyJson().extractingPath("$.status")
			.isEqualTo("duplicate");
		CallsTestSupport.Item row = this.support.item(item);
		assertThat(row.status()).isEqualTo("completed");
		assertThat(row.lastOutcome()).isEqualTo("voicemail");
		assertThat(row.attempts()).isEqualTo(1);
		assertThat(this.support.attempts(item)).singleElement().satisfies(attempt -> assertThat(attempt)
			.containsEntry("status", "completed").containsEntry("outcome", "voicemail"));
		assertThat(this.support.pendingUpdates(item)).hasSize(1);
	}

	@Test
	void neverMovesAFinalItemBackWithAnotherCall() {
		UUID item = syncedItem(this.tenant.broadcastId());
		report(item, callId(), "completed", null);
		MvcTestResult late = report(item, callId(), "no_answer", null);
		assertThat(late).bodyJson().extractingPath("$.status").isEqualTo("recorded_only");
		CallsTestSupport.Item row = this.support.item(item);
		assertThat(row.status()).isEqualTo("completed");
		assertThat(row.lastOutcome()).isEqualTo("answered");
		assertThat(row.attempts()).isEqualTo(1);
		assertThat(this.support.attempts(item)).hasSize(2);
		assertThat(this.support.pendingUpdates(item)).singleElement()
			.satisfies(update -> assertThat(update).containsEntry("call_outcome", "answered"));
	}

	@Test
	void recordsACallOfACancelledBroadcastButChangesNothingElse() {
		UUID item = syncedItem(this.tenant.broadcastId());
		this.broadcasts.transition(this.tenant.accountId(), this.tenant.broadcastId(), Transition.CANCEL);
		assertThat(this.support.item(item).status()).isEqualTo("cancelled");
		MvcTestResult result = report(item, callId(), "completed", "\"answered_by\":\"human\"");
		assertThat(result).hasStatusOk();
		assertThat(result).bodyJson().extractingPath("$.status").isEqualTo("recorded_only");
		CallsTestSupport.Item row = this.support.item(item);
		assertThat(row.status()).isEqualTo("cancelled");
		assertThat(row.attempts()).isZero();
		assertThat(row.lastOutcome()).isNull();
		assertThat(row.ghlCallbackStatus()).isEqualTo("pending");
		assertThat(this.support.attempts(item)).hasSize(1);
		assertThat(this.support.pendingUpdates(item)).isEmpty();
	}

	@Test
	void answersNotFoundForAnUnknownQueueItem() {
		MvcTestResult result = report(UUID.randomUUID(), callId(), "completed", null);
		assertThat(result).hasStatus(404);
		assertThat(result).bodyJson().extractingPath("$.error").isEqualTo("queue_item_not_found");
	}

	@Test
	void acceptsAVoiceEngineTokenMintedWithTheServiceRole() {
		UUID item = syncedItem(this.tenant.broadcastId());
		MvcTestResult minted = this.mvc.post().uri("/api/accounts/voice-engine-token")
			.header("Authorization", "Bearer " + this.serviceToken).exchange();
		assertThat(minted).hasStatus(201);
		String engineToken = com.dialsmart.ghlbroadcast.support.Responses.path(minted, "$.token");

		MvcTestResult result = this.mvc.post().uri(URL).header("Authorization", "Bearer " + engineToken)
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"queue_item_id\":\"%s\",\"call_id\":\"%s\",\"status\":\"completed\"}"
				.formatted(item, callId()))
			.exchange();

		assertThat(result).hasStatusOk();
		assertThat(result).bodyJson().extractingPath("$.status").isEqualTo("recorded");
		assertThat(this.support.item(item).status()).isEqualTo("completed");
	}

	@Test
	void rejectsAnOperatorTokenAndBadInput() {
		UUID item = syncedItem(this.tenant.broadcastId());
		assertThat(this.mvc.post().uri(URL).header("Authorization", "Bearer " + this.tenant.token())
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"queue_item_id\":\"%s\",\"call_id\":\"x\",\"status\":\"completed\"}".formatted(item))
			.exchange()).hasStatus(403);
		assertThat(this.mvc.post().uri(URL).contentType(MediaType.APPLICATION_JSON).content("{}").exchange())
			.hasStatus(401);
		assertThat(post("{not json")).hasStatus(400).bodyJson().extractingPath("$.error").isEqualTo("invalid_json");
		assertThat(post("{\"queue_item_id\":\"nope\",\"call_id\":\"x\",\"status\":\"completed\"}")).hasStatus(400)
			.bodyJson().extractingPath("$.message").asString().contains("queue_item_id");
		assertThat(report(item, callId(), "exploded", null)).hasStatus(400).bodyJson().extractingPath("$.message")
			.asString().contains("status");
		assertThat(report(item, callId(), "completed", "\"dtmf_pressed\":\"12\"")).hasStatus(400);
		assertThat(report(item, callId(), "completed", "\"duration_seconds\":-3")).hasStatus(400);
		assertThat(this.support.attempts(item)).isEmpty();
		assertThat(this.support.item(item).status()).isEqualTo("pending");
	}

	@Test
	void rejectsACallIdAlreadyReportedForAnotherItem() {
		UUID first = syncedItem(this.tenant.broadcastId());
		UUID second = syncedItem(this.tenant.broadcastId());
		String callId = callId();
		report(first, callId, "completed", null);
		assertThat(report(second, callId, "completed", null)).hasStatus(409);
		assertThat(this.support.item(second).status()).isEqualTo("pending");
	}

	@Test
	void completesAnAutoCompleteBroadcastWhenNothingIsLeftAndPublishesTheEvent() {
		UUID broadcast = this.support.broadcast(this.tenant.accountId(), 1, null, true, null, null);
		UUID first = syncedItem(broadcast);
		UUID second = syncedItem(broadcast);
		report(first, callId(), "completed", null);
		assertThat(this.support.broadcastStatus(broadcast)).isEqualTo("active");
		assertThat(this.events.stream(BroadcastCompleted.class)).isEmpty();
		report(second, callId(), "busy", null);
		assertThat(this.support.broadcastStatus(broadcast)).isEqualTo("completed");
		assertThat(this.events.stream(BroadcastCompleted.class))
			.containsExactly(new BroadcastCompleted(broadcast, this.tenant.accountId()));
		// a completed broadcast takes no new contacts
		assertThat(this.queue.enqueue(this.tenant.accountId(), broadcast,
				new NewContact(Fixtures.uniquePhone(), null, null, null)).status()).isEqualTo(EnqueueStatus.CLOSED);
	}

	@Test
	void leavesABroadcastWithoutAutoCompleteActive() {
		UUID broadcast = this.support.broadcast(this.tenant.accountId(), 1, null, false, null, null);
		UUID item = syncedItem(broadcast);
		report(item, callId(), "completed", null);
		assertThat(this.support.broadcastStatus(broadcast)).isEqualTo("active");
		assertThat(this.events.stream(BroadcastCompleted.class)).isEmpty();
	}

}
