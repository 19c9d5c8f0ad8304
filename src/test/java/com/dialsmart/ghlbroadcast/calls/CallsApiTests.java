package com.dialsmart.ghlbroadcast.calls;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.dialsmart.ghlbroadcast.support.Fixtures;
import com.dialsmart.ghlbroadcast.support.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.event.RecordApplicationEvents;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;

@RecordApplicationEvents
class CallsApiTests extends IntegrationTest {

	@Autowired
	MockMvcTester mvc;

	@Autowired
	Fixtures fixtures;

	@Autowired
	CallsTestSupport support;

	@Autowired
	CallOutcomeService outcomes;

	Fixtures.Tenant tenant;

	@BeforeEach
	void setUp() {
		this.tenant = this.fixtures.tenant();
	}

	private void report(UUID item, CallStatus status, String answeredBy, Integer duration, String dtmf) {
		this.outcomes.report(new CallReport(item, "external", "CA" + UUID.randomUUID(), status, answeredBy, duration,
				dtmf, null, null, null, "{}"));
	}

	private MvcTestResult get(String uri) {
		return this.mvc.get().uri(uri).header("Authorization", "Bearer " + this.tenant.token()).exchange();
	}

	private MvcTestResult post(String uri) {
		return this.mvc.post().uri(uri).header("Authorization", "Bearer " + this.tenant.token()).exchange();
	}

	@Test
	void listsTheBroadcastsCallsWithOutcomeDurationAndKey() {
		UUID broadcast = this.support.broadcast(this.tenant.accountId(), 2, null, null, null, null);
		UUID answered = this.support.enqueue(this.tenant.accountId(), broadcast, Fixtures.uniquePhone(), null);
		UUID busy = this.support.enqueue(this.tenant.accountId(), broadcast, Fixtures.uniquePhone(), null);
		report(answered, CallStatus.COMPLETED, "human", 33, "1");
		report(busy, CallStatus.BUSY, null, 0, null);

		MvcTestResult calls = get("/api/broadcasts/" + broadcast + "/calls?page=0&size=1");
		assertThat(calls).hasStatusOk();
		assertThat(calls).bodyJson().extractingPath("$.total").isEqualTo(2);
		assertThat(calls).bodyJson().extractingPath("$.items.length()").isEqualTo(1);
		MvcTestResult all = get("/api/broadcasts/" + broadcast + "/calls");
		assertThat(all).bodyJson().extractingPath("$.items[?(@.outcome == 'answered')].duration_seconds")
			.asArray().containsExactly(33);
		assertThat(all).bodyJson().extractingPath("$.items[?(@.outcome == 'answered')].dtmf")
			.asArray().containsExactly("1");
		assertThat(all).bodyJson().extractingPath("$.items[?(@.outcome == 'busy')].queue_item_id")
			.asArray().containsExactly(busy.toString());
	}

	@Test
	void countsFinalOutcomesInTheBroadcast() {
		UUID broadcast = this.support.broadcast(this.tenant.accountId(), 1, null, null, null, null);
		report(this.support.enqueue(this.tenant.accountId(), broadcast, Fixtures.uniquePhone(), null),
				CallStatus.COMPLETED, "human", 10, null);
		report(this.support.enqueue(this.tenant.accountId(), broadcast, Fixtures.uniquePhone(), null),
				CallStatus.COMPLETED, "human", 10, null);
		report(this.support.enqueue(this.tenant.accountId(), broadcast, Fixtures.uniquePhone(), null),
				CallStatus.COMPLETED, "machine_end_beep", 10, null);
		report(this.support.enqueue(this.tenant.accountId(), broadcast, Fixtures.uniquePhone(), null),
				CallStatus.NO_ANSWER, null, 0, null);
		report(this.support.enqueue(this.tenant.accountId(), broadcast, Fixtures.uniquePhone(), null),
				CallStatus.FAILED, null, 0, null);
		MvcTestResult view = get("/api/broadcasts/" + broadcast);
		assertThat(view).hasStatusOk();
		assertThat(view).bodyJson().extractingPath("$.outcomes.answered").isEqualTo(2);
		assertThat(view).bodyJson().extractingPath("$.outcomes.voicemail").isEqualTo(1);
		assertThat(view).bodyJson().extractingPath("$.outcomes.no_answer").isEqualTo(1);
		assertThat(view).bodyJson().extractingPath("$.outcomes.busy").isEqualTo(0);
		assertThat(view).bodyJson().extractingPath("$.outcomes.failed").isEqualTo(1);
		assertThat(view).bodyJson().extractingPath("$.queue.completed").isEqualTo(3);
		assertThat(view).bodyJson().extractingPath("$.queue.failed").isEqualTo(2);
	}

	@Test
	void putsAFailedItemBackInTheQueue() {
		UUID broadcast = this.support.broadcast(this.tenant.accountId(), 1, null, null, null, null);
		UUID item = this.support.enqueue(this.tenant.accountId(), broadcast, Fixtures.uniquePhone(), null);
		report(item, CallStatus.NO_ANSWER, null, 0, null);
		assertThat(this.support.item(item).status()).isEqualTo("failed");

		MvcTestResult retried = post("/api/broadcasts/" + broadcast + "/queue/" + item + "/retry");
		assertThat(retried).hasStatusOk();
		assertThat(retried).bodyJson().extractingPath("$.status").isEqualTo("retry");
		CallsTestSupport.Item row = this.support.item(item);
		assertThat(row.status()).isEqualTo("retry");
		assertThat(row.attempts()).isZero();
		assertThat(row.nextAttemptAt()).isBeforeOrEqualTo(this.support.databaseNow());
		assertThat(get("/api/broadcasts/" + broadcast)).bodyJson().extractingPath("$.outcomes.no_answer").isEqualTo(0);

		// dialled again: its new outcome counts
		report(item, CallStatus.COMPLETED, "human", 12, null);
		assertThat(this.support.item(item).status()).isEqualTo("completed");
		assertThat(this.support.item(item).attempts()).isEqualTo(1);
	}

	@Test
	void aRetriedItemsNewOutcomeReplacesItsEarlierGhlUpdate() {
		this.support.enableSync(this.tenant.accountId());
		UUID broadcast = this.support.broadcast(this.tenant.accountId(), 1, null, null, null, null);
		UUID item = this.support.enqueue(this.tenant.accountId(), broadcast, Fixtures.uniquePhone(), "contact-retried");
		report(item, CallStatus.BUSY, null, 0, null);
		Map<String, Object> first = this.support.pendingUpdates(item).get(0);
		assertThat(first.get("call_outcome")).isEqualTo("busy");
		// the busy outcome already reached GHL
		this.support.markUpdateSent(item);

		assertThat(post("/api/broadcasts/" + broadcast + "/queue/" + item + "/retry")).hasStatusOk();
		report(item, CallStatus.COMPLETED, "human", 12, "1");

		List<Map<String, Object>> updates = this.support.pendingUpdates(item);
		assertThat(updates).hasSize(1);
		Map<String, Object> replaced = updates.get(0);
		assertThat(replaced.get("call_outcome")).isEqualTo("answered");
		assertThat(replaced.get("dtmf_pressed")).isEqualTo("1");
		assertThat(replaced.get("status")).isEqualTo("pending");
		assertThat(replaced).containsEntry("tags_done", false).containsEntry("fields_done", false)
			.containsEntry("note_done", false).containsEntry("retry_count", 0);
		// a new id: a new sync reference in the note, and the old claim can no longer write to the row
		assertThat(replaced.get("id")).isNotEqualTo(first.get("id"));
		assertThat(this.support.item(item).ghlCallbackStatus()).isEqualTo("queued");
	}

	@Test
	void refusesToRetryAnItemThatDidNotFail() {
		UUID item = this.support.enqueue(this.tenant.accountId(), this.tenant.broadcastId(), Fixtures.uniquePhone(),
				null);
		assertThat(post("/api/broadcasts/" + this.tenant.broadcastId() + "/queue/" + item + "/retry")).hasStatus(409)
			.hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
		report(item, CallStatus.COMPLETED, "human", 5, null);
		assertThat(post("/api/broadcasts/" + this.tenant.broadcastId() + "/queue/" + item + "/retry")).hasStatus(409)
			.bodyJson().extractingPath("$.detail").asString().contains("completed");
	}

	@Test
	void hidesAnotherAccountsBroadcastAndItems() {
		Fixtures.Tenant other = this.fixtures.tenant();
		UUID item = this.support.enqueue(other.accountId(), other.broadcastId(), Fixtures.uniquePhone(), null);
		report(item, CallStatus.FAILED, null, 0, null);
		assertThat(get("/api/broadcasts/" + other.broadcastId() + "/calls")).hasStatus(404);
		assertThat(post("/api/broadcasts/" + other.broadcastId() + "/queue/" + item + "/retry")).hasStatus(404);
		assertThat(post("/api/broadcasts/" + this.tenant.broadcastId() + "/queue/" + item + "/retry")).hasStatus(404);
		assertThat(this.support.item(item).status()).isEqualTo("failed");
	}

	@Test
	void changesTheEngineSettingsOfABroadcast() {
		MvcTestResult changed = this.mvc.patch().uri("/api/broadcasts/" + this.tenant.broadcastId())
			.header("Authorization", "Bearer " + this.tenant.token()).contentType(MediaType.APPLICATION_JSON)
			.content("""
					{"max_concurrent_calls":7,"calls_per_minute":90,"callback_delay_minutes":15,
					 "dtmf_actions":{"2":"callback_requested","8":"opt_out"}}""")
			.exchange();
		assertThat(changed).hasStatusOk();
		assertThat(changed).bodyJson().extractingPath("$.max_concurrent_calls").isEqualTo(7);
		assertThat(changed).bodyJson().extractingPath("$.calls_per_minute").isEqualTo(90);
		assertThat(changed).bodyJson().extractingPath("$.callback_delay_minutes").isEqualTo(15);
		assertThat(changed).bodyJson().extractingPath("$.dtmf_actions.8").isEqualTo("opt_out");

		// the new keys act on the next calls
		String phone = Fixtures.uniquePhone();
		UUID item = this.support.enqueue(this.tenant.accountId(), this.tenant.broadcastId(), phone, null);
		report(item, CallStatus.COMPLETED, "human", 5, "8");
		assertThat(this.support.jdbc().sql("select count(*) from dnc_list where user_id = ? and phone = ?")
			.param(this.tenant.accountId()).param(phone).query(Long.class).single()).isEqualTo(1);
		assertThat(this.mvc.patch().uri("/api/broadcasts/" + this.tenant.broadcastId())
			.header("Authorization", "Bearer " + this.tenant.token()).contentType(MediaType.APPLICATION_JSON)
			.content("{\"max_concurrent_calls\":0}").exchange()).hasStatus(400);
	}

}
