package com.dialsmart.ghlbroadcast.trigger;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import com.dialsmart.ghlbroadcast.account.AccountService;
import com.dialsmart.ghlbroadcast.account.WebhookKeyService;
import com.dialsmart.ghlbroadcast.broadcast.BroadcastService.Transition;
import com.dialsmart.ghlbroadcast.dnc.DncService;
import com.dialsmart.ghlbroadcast.support.Fixtures;
import com.dialsmart.ghlbroadcast.support.Fixtures.Tenant;
import com.dialsmart.ghlbroadcast.support.IntegrationTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static com.dialsmart.ghlbroadcast.trigger.TriggerTestSupport.add;
import static com.dialsmart.ghlbroadcast.trigger.TriggerTestSupport.body;
import static com.dialsmart.ghlbroadcast.trigger.TriggerTestSupport.json;
import static com.dialsmart.ghlbroadcast.trigger.TriggerTestSupport.queueRow;
import static com.dialsmart.ghlbroadcast.trigger.TriggerTestSupport.queueRows;
import static com.dialsmart.ghlbroadcast.trigger.TriggerTestSupport.uniqueIp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** The trigger contract (docs/api.md) through HTTP: every result row, every error code, the check order and the activity log. */
class GhlWebhookTriggerContractTests extends IntegrationTest {

	private static final String[] ADD_FIELDS = { "success", "status", "queue_item_id", "position", "broadcast_name",
			"broadcast_status", "message" };

	@Autowired
	MockMvcTester mvc;

	@Autowired
	Fixtures fixtures;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	AccountService accounts;

	@Autowired
	DncService dnc;

	@Autowired
	WebhookKeyService webhookKeys;

	private final String ip = uniqueIp();

	private MvcTestResult post(String json) {
		return TriggerTestSupport.post(this.mvc, this.ip, json);
	}

	private String broadcastName(UUID broadcastId) {
		return this.jdbc.sql("select name from voice_broadcasts where id = ?").param(broadcastId).query(String.class)
			.single();
	}

	private static void assertError(MvcTestResult result, HttpStatus status, String code) {
		assertThat(result).hasStatus(status);
		assertThat(result).hasContentTypeCompatibleWith(MediaType.APPLICATION_JSON);
		Map<String, Object> body = json(result);
		assertThat(body).containsOnlyKeys("success", "error", "message");
		assertThat(body).containsEntry("success", false).containsEntry("error", code);
		assertThat((String) body.get("message")).isNotBlank();
	}

	// --- results ---

	@Test
	void queuesANewContactWithTheDocumentedBody() {
		Tenant tenant = this.fixtures.tenant();
		String phone = Fixtures.uniquePhone();

		MvcTestResult result = post(add(tenant.webhookKey(), tenant.broadcastId(), phone, "name", "Jane Roe",
				"email", "jane@example.com", "ghl_contact_id", "ocQHyuzHvysMo5N5VsXc"));

		assertThat(result).hasStatusOk();
		assertThat(result).hasContentTypeCompatibleWith(MediaType.APPLICATION_JSON);
		Map<String, Object> body = json(result);
		assertThat(body).containsOnlyKeys(ADD_FIELDS);
		Map<String, Object> row = queueRow(this.jdbc, tenant.broadcastId(), phone);
		assertThat(body).containsEntry("success", true)
			.containsEntry("status", "queued")
			.containsEntry("queue_item_id", row.get("id"))
			.containsEntry("position", 1)
			.containsEntry("broadcast_name", broadcastName(tenant.broadcastId()))
			.containsEntry("broadcast_status", "active")
			.containsEntry("message", "Contact added to broadcast queue");
		assertThat(row).containsEntry("user_id", tenant.accountId().toString())
			.containsEntry("name", "Jane Roe")
			.containsEntry("email", "jane@example.com")
			.containsEntry("ghl_contact_id", "ocQHyuzHvysMo5N5VsXc")
			.containsEntry("status", "pending");
	}

	@Test
	void numbersNewContactsOneTwoThreeAndAnswersADuplicateWithItsOwnPosition() {
		Tenant tenant = this.fixtures.tenant();
		List<String> phones = List.of(Fixtures.uniquePhone(), Fixtures.uniquePhone(), Fixtures.uniquePhone());
		List<Object> ids = new ArrayList<>();
		for (int i = 0; i < phones.size(); i++) {
			Map<String, Object> body = json(post(add(tenant.webhookKey(), tenant.broadcastId(), phones.get(i),
					"name", "Contact " + i)));
			assertThat(body).containsEntry("status", "queued").containsEntry("position", i + 1);
			ids.add(body.get("queue_item_id"));
		}

		MvcTestResult again = post(add(tenant.webhookKey(), tenant.broadcastId(), phones.get(1), "name",
				"Someone Else", "email", "else@example.com"));

		assertThat(again).hasStatusOk();
		Map<String, Object> body = json(again);
		assertThat(body).containsOnlyKeys(ADD_FIELDS);
		assertThat(body).containsEntry("success", true)
			.containsEntry("status", "duplicate")
			.containsEntry("queue_item_id", ids.get(1))
			.containsEntry("position", 2)
			.containsEntry("broadcast_name", broadcastName(tenant.broadcastId()))
			.containsEntry("broadcast_status", "active");
		assertThat((String) body.get("message")).isNotBlank();
		assertThat(queueRows(this.jdbc, tenant.accountId())).isEqualTo(3);
		assertThat(queueRow(this.jdbc, tenant.broadcastId(), phones.get(1))).containsEntry("name", "Contact 1")
			.containsEntry("email", null);
	}

	@Test
	void matchesADuplicateByItsE164FormWhateverTheSpelling() {
		Tenant tenant = this.fixtures.tenant();
		String phone = Fixtures.uniquePhone();
		Object id = json(post(add(tenant.webhookKey(), tenant.broadcastId(), phone))).get("queue_item_id");
		String national = "(" + phone.substring(2, 5) + ") " + phone.substring(5, 8) + "-" + phone.substring(8);

		Map<String, Object> body = json(post(add(tenant.webhookKey(), tenant.broadcastId(), national)));

		assertThat(body).containsEntry("status", "duplicate").containsEntry("queue_item_id", id);
		assertThat(queueRows(this.jdbc, tenant.accountId())).isEqualTo(1);
	}

	@Test
	void skipsAContactOnTheDncListAndQueuesNothing() {
		Tenant tenant = this.fixtures.tenant();
		String phone = Fixtures.uniquePhone();
		this.dnc.add(tenant.accountId(), phone, DncService.Source.MANUAL, "asked not to be called");

		MvcTestResult result = post(add(tenant.webhookKey(), tenant.broadcastId(), phone));

		assertThat(result).hasStatusOk();
		Map<String, Object> body = json(result);
		assertThat(body).containsKey("queue_item_id");
		assertThat(body).containsEntry("success", true)
			.containsEntry("status", "skipped_dnc")
			.containsEntry("queue_item_id", null);
		assertThat((String) body.get("message")).containsIgnoringCase("Do-Not-Call");
		assertThat(queueRows(this.jdbc, tenant.accountId())).isZero();
	}

	@Test
	void checksTheDncListBeforeAnsweringDuplicate() {
		Tenant tenant = this.fixtures.tenant();
		String phone = Fixtures.uniquePhone();
		assertThat(json(post(add(tenant.webhookKey(), tenant.broadcastId(), phone)))).containsEntry("status", "queued");
		this.dnc.add(tenant.accountId(), phone, DncService.Source.MANUAL, null);

		Map<String, Object> body = json(post(add(tenant.webhookKey(), tenant.broadcastId(), phone)));

		assertThat(body).containsEntry("status", "skipped_dnc").containsEntry("queue_item_id", null);
	}

	@Test
	void acceptsContactsForDraftAndPausedBroadcasts() {
		Tenant tenant = this.fixtures.tenant();
		UUID draft = this.fixtures.broadcast(tenant.accountId());
		UUID paused = this.fixtures.broadcast(tenant.accountId(), Transition.ACTIVATE, Transition.PAUSE);

		Map<String, Object> draftBody = json(post(add(tenant.webhookKey(), draft, Fixtures.uniquePhone())));
		Map<String, Object> pausedBody = json(post(add(tenant.webhookKey(), paused, Fixtures.uniquePhone())));

		assertThat(draftBody).containsEntry("status", "queued").containsEntry("broadcast_status", "draft");
		assertThat(pausedBody).containsEntry("status", "queued").containsEntry("broadcast_status", "paused");
	}

	@Test
	void answersBroadcastNotFoundForAnUnknownBroadcast() {
		Tenant tenant = this.fixtures.tenant();

		MvcTestResult result = post(add(tenant.webhookKey(), UUID.randomUUID(), Fixtures.uniquePhone()));

		assertError(result, HttpStatus.NOT_FOUND, "broadcast_not_found");
		assertThat(queueRows(this.jdbc, tenant.accountId())).isZero();
	}

	@Test
	void answersBroadcastNotFoundForAnotherAccountsBroadcast() {
		Tenant tenant = this.fixtures.tenant();
		Tenant other = this.fixtures.tenant();

		MvcTestResult result = post(add(tenant.webhookKey(), other.broadcastId(), Fixtures.uniquePhone()));

		assertError(result, HttpStatus.NOT_FOUND, "broadcast_not_found");
		assertThat(queueRows(this.jdbc, other.accountId())).isZero();
		assertThat(queueRows(this.jdbc, tenant.accountId())).isZero();
	}

	@Test
	void answersBroadcastClosedNamingTheStatusForCompletedAndCancelledBroadcasts() {
		Tenant tenant = this.fixtures.tenant();
		UUID completed = this.fixtures.broadcast(tenant.accountId(), Transition.ACTIVATE, Transition.COMPLETE);
		UUID cancelled = this.fixtures.broadcast(tenant.accountId(), Transition.CANCEL);

		MvcTestResult toCompleted = post(add(tenant.webhookKey(), completed, Fixtures.uniquePhone()));
		MvcTestResult toCancelled = post(add(tenant.webhookKey(), cancelled, Fixtures.uniquePhone()));

		assertError(toCompleted, HttpStatus.NOT_FOUND, "broadcast_closed");
		assertThat((String) json(toCompleted).get("message")).contains("completed");
		assertError(toCancelled, HttpStatus.NOT_FOUND, "broadcast_closed");
		assertThat((String) json(toCancelled).get("message")).contains("cancelled");
		assertThat(queueRows(this.jdbc, tenant.accountId())).isZero();
	}

	@Test
	void answersTestWithTheAccountName() {
		Tenant tenant = this.fixtures.tenant();
		String name = this.accounts.find(tenant.accountId()).orElseThrow().name();

		MvcTestResult result = post(body("action", "test", "webhook_key", tenant.webhookKey()));

		assertThat(result).hasStatusOk();
		assertThat(json(result)).containsExactlyInAnyOrderEntriesOf(
				Map.of("success", true, "message", "Webhook key is valid", "account", name));
	}

	@Test
	@SuppressWarnings("unchecked")
	void listsOnlyTheKeysAccountsBroadcastsWithQueuedAndCompletedCounts() {
		Tenant tenant = this.fixtures.tenant();
		Tenant other = this.fixtures.tenant();
		UUID second = this.fixtures.broadcast(tenant.accountId());
		List<String> phones = List.of(Fixtures.uniquePhone(), Fixtures.uniquePhone(), Fixtures.uniquePhone(),
				Fixtures.uniquePhone());
		phones.forEach(phone -> assertThat(post(add(tenant.webhookKey(), second, phone))).hasStatusOk());
		// the dialler's outcomes, written as the engine would: one completed, one failed, one retry, one waiting
		setStatus(second, phones.get(0), "completed");
		setStatus(second, phones.get(1), "failed");
		setStatus(second, phones.get(2), "retry");

		MvcTestResult result = post(body("action", "list_broadcasts", "webhook_key", tenant.webhookKey()));

		assertThat(result).hasStatusOk();
		Map<String, Object> body = json(result);
		assertThat(body).containsOnlyKeys("success", "broadcasts").containsEntry("success", true);
		List<Map<String, Object>> listed = (List<Map<String, Object>>) body.get("broadcasts");
		assertThat(listed).extracting(b -> b.get("id"))
			.containsExactlyInAnyOrder(tenant.broadcastId().toString(), second.toString())
			.doesNotContain(other.broadcastId().toString());
		Map<String, Object> secondListed = listed.stream().filter(b -> b.get("id").equals(second.toString()))
			.findFirst().orElseThrow();
		assertThat(secondListed).containsOnlyKeys("id", "name", "status", "queued", "completed")
			.containsEntry("name", broadcastName(second))
			.containsEntry("status", "draft")
			.containsEntry("queued", 2)
			.containsEntry("completed", 2);
		Map<String, Object> firstListed = listed.stream()
			.filter(b -> b.get("id").equals(tenant.broadcastId().toString())).findFirst().orElseThrow();
		assertThat(firstListed).containsEntry("status", "active").containsEntry("queued", 0)
			.containsEntry("completed", 0);
	}

	private void setStatus(UUID broadcastId, String phone, String status) {
		this.jdbc.sql("update broadcast_queue set status = ? where broadcast_id = ? and phone = ?")
			.param(status)
			.param(broadcastId)
			.param(phone)
			.update();
	}

	// --- the key ---

	@Test
	void acceptsTheKeyInTheHeaderInsteadOfTheBody() {
		Tenant tenant = this.fixtures.tenant();
		String phone = Fixtures.uniquePhone();

		MvcTestResult result = this.mvc.post().uri(TriggerTestSupport.URI).contentType(MediaType.APPLICATION_JSON)
			.header("X-Webhook-Key", tenant.webhookKey())
			.content(body("action", "add_to_broadcast", "broadcast_id", tenant.broadcastId().toString(), "phone", phone))
			.with(request -> {
				request.setRemoteAddr(this.ip);
				return request;
			})
			.exchange();

		assertThat(result).hasStatusOk();
		assertThat(json(result)).containsEntry("status", "queued");
		assertThat(queueRow(this.jdbc, tenant.broadcastId(), phone)).containsEntry("user_id",
				tenant.accountId().toString());
	}

	@Test
	void acceptsTheKeyInTheBody() {
		Tenant tenant = this.fixtures.tenant();

		MvcTestResult result = post(body("action", "test", "webhook_key", tenant.webhookKey()));

		assertThat(result).hasStatusOk();
		assertThat(result).headers().hasValue("X-RateLimit-Limit", "100").hasValue("X-RateLimit-Remaining", "99");
	}

	@Test
	void rejectsAMissingKey() {
		Tenant tenant = this.fixtures.tenant();

		MvcTestResult result = post(add(null, tenant.broadcastId(), Fixtures.uniquePhone()));

		assertError(result, HttpStatus.UNAUTHORIZED, "invalid_webhook_key");
		assertThat((String) json(result).get("message")).contains("webhook_key", "X-Webhook-Key");
		assertThat(queueRows(this.jdbc, tenant.accountId())).isZero();
	}

	@Test
	void rejectsAWrongKey() {
		Tenant tenant = this.fixtures.tenant();

		MvcTestResult result = post(add("wh_" + "A".repeat(43), tenant.broadcastId(), Fixtures.uniquePhone()));

		assertError(result, HttpStatus.UNAUTHORIZED, "invalid_webhook_key");
		assertThat(queueRows(this.jdbc, tenant.accountId())).isZero();
	}

	@Test
	void rejectsAKeyOnceItWasRotatedTwice() {
		Tenant tenant = this.fixtures.tenant();
		String previous = this.webhookKeys.rotate(tenant.accountId()).webhookKey();
		String fresh = this.webhookKeys.rotate(tenant.accountId()).webhookKey();

		MvcTestResult withOld = post(body("action", "test", "webhook_key", tenant.webhookKey()));
		MvcTestResult withPrevious = post(body("action", "test", "webhook_key", previous));
		MvcTestResult withNew = post(body("action", "test", "webhook_key", fresh));

		// one rotation keeps the replaced key for app.trigger.key-rotation-overlap; the next one ends it
		assertError(withOld, HttpStatus.UNAUTHORIZED, "invalid_webhook_key");
		assertThat(withPrevious).hasStatusOk();
		assertThat(withNew).hasStatusOk();
	}

	// --- rate limit ---

	@Test
	void answersRateLimitedAfterOneHundredRequestsOfAKeyInAMinute() {
		Tenant tenant = this.fixtures.tenant();
		for (int i = 0; i < 100; i++) {
			MvcTestResult result = post(body("action", i % 2 == 0 ? "test" : "list_broadcasts", "webhook_key",
					tenant.webhookKey()));
			assertThat(result).hasStatusOk();
			assertThat(result).headers().hasValue("X-RateLimit-Remaining", Integer.toString(99 - i));
		}

		long activityBefore = activityRows(tenant);

		MvcTestResult limited = post(add(tenant.webhookKey(), tenant.broadcastId(), Fixtures.uniquePhone()));

		assertError(limited, HttpStatus.TOO_MANY_REQUESTS, "rate_limited");
		assertThat(limited).headers().hasValue("X-RateLimit-Limit", "100").hasValue("X-RateLimit-Remaining", "0");
		long retryAfter = Long.parseLong(limited.getResponse().getHeader("Retry-After"));
		assertThat(retryAfter).isBetween(1L, 60L);
		assertThat(queueRows(this.jdbc, tenant.accountId())).isZero();
		// a flood of rate-limited requests must not fill the activity table
		assertThat(activityRows(tenant)).isEqualTo(activityBefore).isEqualTo(100);
	}

	private long activityRows(Tenant tenant) {
		return this.jdbc.sql("select count(*) from webhook_activity where user_id = ?").param(tenant.accountId())
			.query(Long.class).single();
	}

	// --- errors of the body and the action ---

	@Test
	void rejectsABodyThatIsNotJson() {
		MvcTestResult result = post("{\"action\": \"test\", ");

		assertError(result, HttpStatus.BAD_REQUEST, "invalid_json");
	}

	@Test
	void rejectsABodyThatIsNotSentAsJson() {
		Tenant tenant = this.fixtures.tenant();

		MvcTestResult result = this.mvc.post().uri(TriggerTestSupport.URI).contentType(MediaType.TEXT_PLAIN)
			.content(body("action", "test", "webhook_key", tenant.webhookKey()))
			.exchange();

		assertError(result, HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type");
	}

	@Test
	void rejectsABodyOverSixtyFourKibibytes() {
		Tenant tenant = this.fixtures.tenant();
		String json = add(tenant.webhookKey(), tenant.broadcastId(), Fixtures.uniquePhone(), "name", "x".repeat(65536));

		MvcTestResult result = post(json);

		assertError(result, HttpStatus.PAYLOAD_TOO_LARGE, "payload_too_large");
		assertThat(queueRows(this.jdbc, tenant.accountId())).isZero();
	}

	@Test
	void acceptsABodyOfExactlySixtyFourKibibytes() {
		Tenant tenant = this.fixtures.tenant();
		String start = add(tenant.webhookKey(), tenant.broadcastId(), Fixtures.uniquePhone(), "name", "");
		String json = start.replace("\"name\":\"\"", "\"name\":\"" + "x".repeat(65536 - start.length()) + "\"");
		assertThat(json.length()).isEqualTo(65536);

		assertThat(post(json)).hasStatusOk();
	}

	@Test
	void rejectsAMissingAction() {
		Tenant tenant = this.fixtures.tenant();

		assertError(post(body("webhook_key", tenant.webhookKey())), HttpStatus.BAD_REQUEST, "missing_action");
	}

	@Test
	void rejectsAnUnknownAction() {
		Tenant tenant = this.fixtures.tenant();

		MvcTestResult result = post(body("action", "delete_everything", "webhook_key", tenant.webhookKey()));

		assertError(result, HttpStatus.BAD_REQUEST, "unknown_action");
		assertThat((String) json(result).get("message")).contains("add_to_broadcast", "test", "list_broadcasts");
	}

	@Test
	void rejectsAMissingOrMalformedBroadcastId() {
		Tenant tenant = this.fixtures.tenant();
		String phone = Fixtures.uniquePhone();

		assertError(post(add(tenant.webhookKey(), null, phone)), HttpStatus.BAD_REQUEST, "invalid_broadcast_id");
		for (String id : List.of("", "not-a-uuid", "1-1-1-1-1", tenant.broadcastId() + "x", "{{broadcast.id}}")) {
			MvcTestResult result = post(body("action", "add_to_broadcast", "webhook_key", tenant.webhookKey(),
					"broadcast_id", id, "phone", phone));
			assertError(result, HttpStatus.BAD_REQUEST, "invalid_broadcast_id");
		}
		assertThat(queueRows(this.jdbc, tenant.accountId())).isZero();
	}

	@Test
	void rejectsTheSeedsExamplePhoneSayingWhy() {
		Tenant tenant = this.fixtures.tenant();

		MvcTestResult result = post(add(tenant.webhookKey(), tenant.broadcastId(), "+15551234567"));

		assertError(result, HttpStatus.BAD_REQUEST, "invalid_phone");
		assertThat((String) json(result).get("message")).contains("+15551234567", "not a valid");
		assertThat(queueRows(this.jdbc, tenant.accountId())).isZero();
	}

	@Test
	void rejectsAMissingPhone() {
		Tenant tenant = this.fixtures.tenant();

		MvcTestResult result = post(add(tenant.webhookKey(), tenant.broadcastId(), null));

		assertError(result, HttpStatus.BAD_REQUEST, "invalid_phone");
		assertThat((String) json(result).get("message")).contains("phone is required");
	}

	@Test
	void rejectsAGhlContactIdOfTheWrongShape() {
		Tenant tenant = this.fixtures.tenant();

		MvcTestResult result = post(add(tenant.webhookKey(), tenant.broadcastId(), Fixtures.uniquePhone(),
				"ghl_contact_id", "../../locations/x"));

		assertError(result, HttpStatus.BAD_REQUEST, "invalid_ghl_contact_id");
		assertThat(queueRows(this.jdbc, tenant.accountId())).isZero();
	}

	// --- the order of the checks ---

	@Test
	void checksTheBodyBeforeTheKey() {
		assertError(post("[\"wh_nonsense\"]"), HttpStatus.BAD_REQUEST, "invalid_json");
	}

	@Test
	void checksTheKeyBeforeTheAction() {
		assertError(post(body("action", "nonsense", "webhook_key", "wh_wrong")), HttpStatus.UNAUTHORIZED,
				"invalid_webhook_key");
	}

	@Test
	void checksTheBroadcastIdBeforeThePhoneAndThePhoneBeforeTheContactId() {
		Tenant tenant = this.fixtures.tenant();

		MvcTestResult bothBad = post(body("action", "add_to_broadcast", "webhook_key", tenant.webhookKey(),
				"broadcast_id", "nope", "phone", "555", "ghl_contact_id", "a/b"));
		MvcTestResult phoneAndContactBad = post(add(tenant.webhookKey(), tenant.broadcastId(), "555",
				"ghl_contact_id", "a/b"));

		assertError(bothBad, HttpStatus.BAD_REQUEST, "invalid_broadcast_id");
		assertError(phoneAndContactBad, HttpStatus.BAD_REQUEST, "invalid_phone");
	}

	@Test
	void checksThePhoneAndContactIdBeforeLookingUpTheBroadcast() {
		Tenant tenant = this.fixtures.tenant();

		assertError(post(add(tenant.webhookKey(), UUID.randomUUID(), "555")), HttpStatus.BAD_REQUEST, "invalid_phone");
		assertError(post(add(tenant.webhookKey(), UUID.randomUUID(), Fixtures.uniquePhone(), "ghl_contact_id", "a b")),
				HttpStatus.BAD_REQUEST, "invalid_ghl_contact_id");
	}

	@Test
	void checksTheBroadcastsStatusBeforeTheDncList() {
		Tenant tenant = this.fixtures.tenant();
		UUID cancelled = this.fixtures.broadcast(tenant.accountId(), Transition.CANCEL);
		String phone = Fixtures.uniquePhone();
		this.dnc.add(tenant.accountId(), phone, DncService.Source.MANUAL, null);

		assertError(post(add(tenant.webhookKey(), cancelled, phone)), HttpStatus.NOT_FOUND, "broadcast_closed");
	}

	// --- mass assignment ---

	@Test
	void ignoresUnknownFieldsThatWouldChangeWhatTheCallerMayNot() {
		Tenant tenant = this.fixtures.tenant();
		Tenant victim = this.fixtures.tenant();
		String phone = Fixtures.uniquePhone();
		UUID chosenId = UUID.randomUUID();

		MvcTestResult result = post(add(tenant.webhookKey(), tenant.broadcastId(), phone, "user_id",
				victim.accountId().toString(), "status", "completed", "attempts", 99, "id", chosenId.toString(),
				"ghl_callback_status", "sent", "last_outcome", "answered", "position", 0, "seq", -1));

		assertThat(result).hasStatusOk();
		assertThat(json(result)).containsEntry("status", "queued").containsEntry("position", 1);
		assertThat(queueRow(this.jdbc, tenant.broadcastId(), phone))
			.containsEntry("user_id", tenant.accountId().toString())
			.containsEntry("status", "pending")
			.containsEntry("attempts", 0)
			.containsEntry("ghl_callback_status", "pending")
			.containsEntry("last_outcome", null)
			.doesNotContainEntry("id", chosenId.toString());
		assertThat(queueRows(this.jdbc, victim.accountId())).isZero();
	}

	// --- the activity log ---

	@Test
	void writesAnActivityRowForEveryRequestOfAKnownAccountWithoutTheKey() {
		Tenant tenant = this.fixtures.tenant();
		String phone = Fixtures.uniquePhone();
		UUID unknown = UUID.randomUUID();
		post(add(tenant.webhookKey(), tenant.broadcastId(), phone));
		post(add(tenant.webhookKey(), tenant.broadcastId(), phone));
		post(add(tenant.webhookKey(), unknown, Fixtures.uniquePhone()));
		post(add(tenant.webhookKey(), tenant.broadcastId(), "555"));
		post(body("action", "test", "webhook_key", tenant.webhookKey()));
		post(body("action", "bogus", "webhook_key", tenant.webhookKey()));
		// no account is known for these, so there is nowhere to write them
		post(body("action", "test", "webhook_key", "wh_wrong"));
		post("{");

		List<Map<String, Object>> rows = this.jdbc.sql("""
				select action, http_status, result, phone, broadcast_id::text as broadcast_id, message
				  from webhook_activity where user_id = ? order by id""")
			.param(tenant.accountId())
			.query()
			.listOfRows();

		assertThat(rows).extracting(r -> r.get("action"), r -> r.get("http_status"), r -> r.get("result"))
			.containsExactly(tuple("add_to_broadcast", 200, "queued"),
					tuple("add_to_broadcast", 200, "duplicate"),
					tuple("add_to_broadcast", 404, "broadcast_not_found"),
					tuple("add_to_broadcast", 400, "invalid_phone"),
					tuple("test", 200, "ok"),
					tuple("bogus", 400, "unknown_action"));
		assertThat(rows.get(0)).containsEntry("phone", phone).containsEntry("broadcast_id",
				tenant.broadcastId().toString());
		assertThat(rows.get(2)).containsEntry("broadcast_id", unknown.toString());
		String everything = rows.toString();
		assertThat(everything).doesNotContain(tenant.webhookKey()).doesNotContain(tenant.webhookKey().substring(3));
	}

	/** A database that cannot give a connection: nothing is stored, and GHL is told to retry. */
	@Nested
	@TestPropertySource(properties = { "spring.datasource.hikari.maximum-pool-size=2",
			"spring.datasource.hikari.minimum-idle=0", "spring.datasource.hikari.connection-timeout=250" })
	@DirtiesContext
	class WhenTheDatabaseIsUnavailable {

		@Autowired
		MockMvcTester mvc;

		@Autowired
		Fixtures fixtures;

		@Autowired
		DataSource dataSource;

		@Autowired
		JdbcClient jdbc;

		@Test
		void answersServiceUnavailableWithRetryAfter() throws Exception {
			Tenant tenant = this.fixtures.tenant();
			MvcTestResult result;
			try (Connection first = this.dataSource.getConnection(); Connection second = this.dataSource.getConnection()) {
				result = TriggerTestSupport.post(this.mvc, uniqueIp(),
						add(tenant.webhookKey(), tenant.broadcastId(), Fixtures.uniquePhone()));
			}

			assertError(result, HttpStatus.SERVICE_UNAVAILABLE, "service_unavailable");
			assertThat(Long.parseLong(result.getResponse().getHeader("Retry-After"))).isPositive();
			assertThat(queueRows(this.jdbc, tenant.accountId())).isZero();
		}

	}

}
