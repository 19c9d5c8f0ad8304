package com.dialsmart.ghlbroadcast.broadcast;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import com.dialsmart.ghlbroadcast.broadcast.BroadcastQueueService.EnqueueStatus;
import com.dialsmart.ghlbroadcast.broadcast.BroadcastQueueService.NewContact;
import com.dialsmart.ghlbroadcast.broadcast.BroadcastService.Transition;
import com.dialsmart.ghlbroadcast.support.Fixtures;
import com.dialsmart.ghlbroadcast.support.IntegrationTest;
import com.dialsmart.ghlbroadcast.support.Responses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

@RecordApplicationEvents
class BroadcastApiTests extends IntegrationTest {

	@Autowired
	MockMvcTester mvc;

	@Autowired
	Fixtures fixtures;

	@Autowired
	BroadcastQueueService queue;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	ApplicationEvents events;

	@Test
	void createsADraftWithTheDefaults() {
		Fixtures.Tenant tenant = this.fixtures.tenant();

		MvcTestResult result = post(tenant, "/api/broadcasts", """
				{"name":"Spring promo"}""");

		assertThat(result).hasStatus(HttpStatus.CREATED);
		String id = Responses.path(result, "$.id");
		assertThat(result).headers().hasValue(HttpHeaders.LOCATION, "/api/broadcasts/" + id);
		assertThat(result).bodyJson().isLenientlyEqualTo("""
				{"name":"Spring promo","status":"draft","message":null,"max_attempts":3,"retry_delay_minutes":30,
				 "calling_window_start":"09:00","calling_window_end":"20:00","auto_complete":false,
				 "max_concurrent_calls":5,"calls_per_minute":60,"callback_delay_minutes":60,
				 "dtmf_actions":{"1":"callback_requested","9":"opt_out"},
				 "queue":{"total":0,"pending":0,"calling":0,"retry":0,"completed":0,"failed":0,"dnc":0,"cancelled":0},
				 "completed_at":null}""");
		assertThat(Instant.parse(Responses.path(result, "$.created_at"))).isCloseTo(Instant.now(),
				within(Duration.ofMinutes(1)));
		assertThat(get(tenant, "/api/broadcasts/" + id)).bodyJson().extractingPath("$.status").isEqualTo("draft");
	}

	@Test
	void createsABroadcastWithEveryField() {
		Fixtures.Tenant tenant = this.fixtures.tenant();

		MvcTestResult result = post(tenant, "/api/broadcasts", """
				{"name":"Renewals","message":"Your policy renews soon. Press 1 to talk to us.","max_attempts":5,
				 "retry_delay_minutes":120,"calling_window_start":"10:30","calling_window_end":"18:15",
				 "auto_complete":true,"max_concurrent_calls":20,"calls_per_minute":300,"callback_delay_minutes":0,
				 "dtmf_actions":{"1":"callback_requested","2":"none","#":"opt_out"}}""");

		assertThat(result).hasStatus(HttpStatus.CREATED);
		String id = Responses.path(result, "$.id");
		String expected = """
				{"name":"Renewals","status":"draft","message":"Your policy renews soon. Press 1 to talk to us.",
				 "max_attempts":5,"retry_delay_minutes":120,"calling_window_start":"10:30",
				 "calling_window_end":"18:15","auto_complete":true,"max_concurrent_calls":20,"calls_per_minute":300,
				 "callback_delay_minutes":0,"dtmf_actions":{"1":"callback_requested","2":"none","#":"opt_out"}}""";
		assertThat(result).bodyJson().isLenientlyEqualTo(expected);
		assertThat(get(tenant, "/api/broadcasts/" + id)).bodyJson().isLenientlyEqualTo(expected);
	}

	@Test
	void ignoresFieldsTheOperatorDoesNotSet() {
		Fixtures.Tenant tenant = this.fixtures.tenant();
		UUID foreignId = UUID.randomUUID();

		MvcTestResult result = post(tenant, "/api/broadcasts", """
				{"name":"Sneaky","id":"%s","status":"active","user_id":"%s","completed_at":"2020-01-01T00:00:00Z"}"""
			.formatted(foreignId, UUID.randomUUID()));

		assertThat(result).hasStatus(HttpStatus.CREATED);
		assertThat(result).bodyJson().extractingPath("$.status").isEqualTo("draft");
		assertThat(result).bodyJson().extractingPath("$.completed_at").isNull();
		assertThat(result).bodyJson().extractingPath("$.id").isNotEqualTo(foreignId.toString());
	}

	static Stream<Arguments> unreadableBodies() {
		return Stream.of(
				Arguments.of("{\"name\":\"n\",\"max_attempts\":\"many\"}", "max_attempts: has the wrong type; expected a whole number"),
				Arguments.of("{\"name\":\"n\",\"auto_complete\":\"sometimes\"}", "auto_complete: has the wrong type; expected true or false"),
				Arguments.of("{\"name\":\"n\",\"dtmf_actions\":\"1=opt_out\"}", "dtmf_actions: has the wrong type; expected a JSON object"),
				Arguments.of("{\"name\":\"n\",", "not valid JSON"),
				Arguments.of("", "missing"));
	}

	@ParameterizedTest
	@MethodSource("unreadableBodies")
	void rejectsAnUnreadableBodySayingWhatToFix(String json, String detail) {
		Fixtures.Tenant tenant = this.fixtures.tenant();

		MvcTestResult result = this.mvc.post().uri("/api/broadcasts")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + tenant.token())
			.contentType(MediaType.APPLICATION_JSON).content(json).exchange();

		assertProblem(result, HttpStatus.BAD_REQUEST, detail);
	}

	static Stream<Arguments> invalidBroadcasts() {
		return Stream.of(
				Arguments.of("{}", "name"),
				Arguments.of("{\"name\":\"  \"}", "name"),
				Arguments.of("{\"name\":\"" + "x".repeat(201) + "\"}", "name"),
				Arguments.of("{\"name\":\"n\",\"max_attempts\":0}", "max_attempts"),
				Arguments.of("{\"name\":\"n\",\"max_attempts\":11}", "max_attempts"),
				Arguments.of("{\"name\":\"n\",\"retry_delay_minutes\":0}", "retry_delay_minutes"),
				Arguments.of("{\"name\":\"n\",\"max_concurrent_calls\":501}", "max_concurrent_calls"),
				Arguments.of("{\"name\":\"n\",\"calls_per_minute\":0}", "calls_per_minute"),
				Arguments.of("{\"name\":\"n\",\"callback_delay_minutes\":-1}", "callback_delay_minutes"),
				Arguments.of("{\"name\":\"n\",\"calling_window_start\":\"9am\"}", "calling_window_start"),
				Arguments.of("{\"name\":\"n\",\"calling_window_end\":\"25:00\"}", "calling_window_end"),
				Arguments.of("{\"name\":\"n\",\"calling_window_start\":\"20:00\"}", "calling_window_start"),
				Arguments.of("{\"name\":\"n\",\"calling_window_start\":\"12:00\",\"calling_window_end\":\"11:59\"}",
						"calling_window_end"),
				Arguments.of("{\"name\":\"n\",\"dtmf_actions\":{\"A\":\"opt_out\"}}", "dtmf_actions"),
				Arguments.of("{\"name\":\"n\",\"dtmf_actions\":{\"1\":\"transfer\"}}", "dtmf_actions.1"));
	}

	@ParameterizedTest
	@MethodSource("invalidBroadcasts")
	void rejectsAnInvalidBroadcastNamingTheField(String json, String field) {
		Fixtures.Tenant tenant = this.fixtures.tenant();

		MvcTestResult result = post(tenant, "/api/broadcasts", json);

		assertProblem(result, HttpStatus.BAD_REQUEST, field);
		assertThat(list(tenant, 0, 50)).bodyJson().extractingPath("$.total").isEqualTo(1);
	}

	@Test
	void listsBroadcastsNewestFirstInPages() {
		Fixtures.Tenant tenant = this.fixtures.tenant();
		UUID second = this.fixtures.broadcast(tenant.accountId());
		UUID third = this.fixtures.broadcast(tenant.accountId());

		MvcTestResult first = list(tenant, 0, 2);
		MvcTestResult last = list(tenant, 1, 2);

		assertThat(first).hasStatusOk();
		assertThat(first).bodyJson().extractingPath("$.items[*].id")
			.isEqualTo(List.of(third.toString(), second.toString()));
		assertThat(first).bodyJson().extractingPath("$.page").isEqualTo(0);
		assertThat(first).bodyJson().extractingPath("$.size").isEqualTo(2);
		assertThat(first).bodyJson().extractingPath("$.total").isEqualTo(3);
		assertThat(last).bodyJson().extractingPath("$.items[*].id").isEqualTo(List.of(tenant.broadcastId().toString()));
		assertThat(last).bodyJson().extractingPath("$.total").isEqualTo(3);
		assertThat(list(tenant, 2, 2)).bodyJson().extractingPath("$.items").asArray().isEmpty();
	}

	@Test
	void rejectsBadPagingParameters() {
		Fixtures.Tenant tenant = this.fixtures.tenant();

		assertProblem(list(tenant, 0, 0), HttpStatus.BAD_REQUEST, "size");
		assertProblem(list(tenant, 0, 201), HttpStatus.BAD_REQUEST, "size");
		assertProblem(list(tenant, -1, 10), HttpStatus.BAD_REQUEST, "page");
		assertProblem(get(tenant, "/api/broadcasts?size=ten"), HttpStatus.BAD_REQUEST, "size");
	}

	@Test
	void showsTheQueueCountsOfABroadcast() {
		Fixtures.Tenant tenant = this.fixtures.tenant();
		List<UUID> items = enqueue(tenant.accountId(), tenant.broadcastId(), 6);
		setStatus(items.get(0), "calling");
		setStatus(items.get(1), "retry");
		setStatus(items.get(2), "completed");
		setStatus(items.get(3), "failed");

		MvcTestResult result = get(tenant, "/api/broadcasts/" + tenant.broadcastId());

		assertThat(result).hasStatusOk();
		assertThat(result).bodyJson().extractingPath("$.queue").isEqualTo(Map.of("total", 6, "pending", 2,
				"calling", 1, "retry", 1, "completed", 1, "failed", 1, "dnc", 0, "cancelled", 0));
		assertThat(list(tenant, 0, 10)).bodyJson().extractingPath("$.items[0].queue.total").isEqualTo(6);
	}

	@Test
	void answersNotFoundForAnUnknownBroadcastAndBadRequestForAMalformedId() {
		Fixtures.Tenant tenant = this.fixtures.tenant();
		UUID unknown = UUID.randomUUID();

		assertProblem(get(tenant, "/api/broadcasts/" + unknown), HttpStatus.NOT_FOUND, unknown.toString());
		assertProblem(post(tenant, "/api/broadcasts/" + unknown + "/activate", null), HttpStatus.NOT_FOUND,
				unknown.toString());
		assertProblem(get(tenant, "/api/broadcasts/not-a-uuid"), HttpStatus.BAD_REQUEST, "UUID");
	}

	@Test
	void changesOnlyTheFieldsAPatchNames() {
		Fixtures.Tenant tenant = this.fixtures.tenant();
		UUID id = this.fixtures.broadcast(tenant.accountId());
		String before = Responses.path(get(tenant, "/api/broadcasts/" + id), "$.name");

		MvcTestResult result = patch(tenant, id, """
				{"max_attempts":7,"calling_window_end":"21:30","dtmf_actions":{"5":"opt_out"}}""");

		assertThat(result).hasStatusOk();
		assertThat(result).bodyJson().isLenientlyEqualTo("""
				{"name":"%s","status":"draft","max_attempts":7,"retry_delay_minutes":30,
				 "calling_window_start":"09:00","calling_window_end":"21:30","dtmf_actions":{"5":"opt_out"}}"""
			.formatted(before));
		assertThat(get(tenant, "/api/broadcasts/" + id)).bodyJson().extractingPath("$.max_attempts").isEqualTo(7);
	}

	@Test
	void rejectsAPatchThatWouldBreakTheCallingWindow() {
		Fixtures.Tenant tenant = this.fixtures.tenant();

		MvcTestResult result = patch(tenant, tenant.broadcastId(), """
				{"calling_window_end":"08:00"}""");

		assertProblem(result, HttpStatus.BAD_REQUEST, "calling_window_end");
		assertThat(get(tenant, "/api/broadcasts/" + tenant.broadcastId())).bodyJson()
			.extractingPath("$.calling_window_end").isEqualTo("20:00");
	}

	/** Every status × every action: the allowed moves succeed, all others answer 409 naming the current status. */
	static Stream<Arguments> transitions() {
		Map<String, Transition[]> reach = Map.of("draft", new Transition[0], "active",
				new Transition[] { Transition.ACTIVATE }, "paused",
				new Transition[] { Transition.ACTIVATE, Transition.PAUSE }, "completed",
				new Transition[] { Transition.COMPLETE }, "cancelled", new Transition[] { Transition.CANCEL });
		Map<String, Map<String, String>> allowed = Map.of(
				"draft", Map.of("activate", "active", "complete", "completed", "cancel", "cancelled"),
				"active", Map.of("pause", "paused", "complete", "completed", "cancel", "cancelled"),
				"paused", Map.of("resume", "active", "complete", "completed", "cancel", "cancelled"),
				"completed", Map.of(),
				"cancelled", Map.of());
		List<Arguments> cases = new ArrayList<>();
		for (String from : List.of("draft", "active", "paused", "completed", "cancelled")) {
			for (String action : List.of("activate", "pause", "resume", "complete", "cancel")) {
				cases.add(Arguments.of(from, reach.get(from), action, allowed.get(from).get(action)));
			}
		}
		return cases.stream();
	}

	@ParameterizedTest(name = "{2} a {0} broadcast -> {3}")
	@MethodSource("transitions")
	void movesThroughTheLifeCycleOrAnswersConflict(String from, Transition[] reach, String action, String to) {
		Fixtures.Tenant tenant = this.fixtures.tenant();
		UUID id = this.fixtures.broadcast(tenant.accountId(), reach);

		MvcTestResult result = post(tenant, "/api/broadcasts/" + id + "/" + action, null);

		if (to != null) {
			assertThat(result).hasStatusOk();
			assertThat(result).bodyJson().extractingPath("$.status").isEqualTo(to);
			if (Set.of("completed", "cancelled").contains(to)) {
				assertThat(result).bodyJson().extractingPath("$.completed_at").isNotNull();
			}
			else {
				assertThat(result).bodyJson().extractingPath("$.completed_at").isNull();
			}
		}
		else {
			assertProblem(result, HttpStatus.CONFLICT, "'" + from + "'");
			assertThat(result).bodyJson().extractingPath("$.detail").asString().contains(action);
		}
		assertThat(get(tenant, "/api/broadcasts/" + id)).bodyJson().extractingPath("$.status")
			.isEqualTo(to != null ? to : from);
	}

	@Test
	void cancellingMarksOnlyWaitingItemsCancelled() {
		Fixtures.Tenant tenant = this.fixtures.tenant();
		List<UUID> items = enqueue(tenant.accountId(), tenant.broadcastId(), 4);
		setStatus(items.get(1), "retry");
		setStatus(items.get(2), "calling");
		setStatus(items.get(3), "completed");

		MvcTestResult result = post(tenant, "/api/broadcasts/" + tenant.broadcastId() + "/cancel", null);

		assertThat(result).hasStatusOk();
		assertThat(result).bodyJson().extractingPath("$.queue").isEqualTo(Map.of("total", 4, "pending", 0,
				"calling", 1, "retry", 0, "completed", 1, "failed", 0, "dnc", 0, "cancelled", 2));
		assertThat(statuses(items)).containsExactly("cancelled", "cancelled", "calling", "completed");
	}

	@Test
	void pausingKeepsTheQueueAsItIs() {
		Fixtures.Tenant tenant = this.fixtures.tenant();
		List<UUID> items = enqueue(tenant.accountId(), tenant.broadcastId(), 2);

		assertThat(post(tenant, "/api/broadcasts/" + tenant.broadcastId() + "/pause", null)).hasStatusOk();

		assertThat(statuses(items)).containsExactly("pending", "pending");
	}

	@Test
	void listsQueueItemsByStatusInDiallingOrder() {
		Fixtures.Tenant tenant = this.fixtures.tenant();
		List<UUID> items = enqueue(tenant.accountId(), tenant.broadcastId(), 5);
		setStatus(items.get(1), "completed");
		setStatus(items.get(3), "completed");
		String queueUri = "/api/broadcasts/" + tenant.broadcastId() + "/queue";

		MvcTestResult pending = get(tenant, queueUri + "?status=pending&size=2");
		MvcTestResult pendingPage2 = get(tenant, queueUri + "?status=pending&size=2&page=1");
		MvcTestResult completed = get(tenant, queueUri + "?status=COMPLETED");
		MvcTestResult all = get(tenant, queueUri);

		assertThat(pending).hasStatusOk();
		assertThat(pending).bodyJson().extractingPath("$.items[*].id").isEqualTo(ids(items.get(0), items.get(2)));
		assertThat(pending).bodyJson().extractingPath("$.total").isEqualTo(3);
		assertThat(pendingPage2).bodyJson().extractingPath("$.items[*].id").isEqualTo(ids(items.get(4)));
		assertThat(pendingPage2).bodyJson().extractingPath("$.total").isEqualTo(3);
		assertThat(completed).bodyJson().extractingPath("$.items[*].id").isEqualTo(ids(items.get(1), items.get(3)));
		assertThat(completed).bodyJson().extractingPath("$.total").isEqualTo(2);
		assertThat(all).bodyJson().extractingPath("$.items[*].id").isEqualTo(ids(items.toArray(UUID[]::new)));
		assertThat(all).bodyJson().extractingPath("$.total").isEqualTo(5);
	}

	@Test
	void showsTheFieldsOfAQueueItem() {
		Fixtures.Tenant tenant = this.fixtures.tenant();
		String phone = Fixtures.uniquePhone();
		UUID id = this.queue.enqueue(tenant.accountId(), tenant.broadcastId(),
				new NewContact(phone, "Jane Doe", "jane@example.com", "ghl-contact-1")).queueItemId();

		MvcTestResult result = get(tenant, "/api/broadcasts/" + tenant.broadcastId() + "/queue");

		assertThat(result).hasStatusOk();
		assertThat(result).bodyJson().extractingPath("$.items[0]").convertTo(Map.class).satisfies(item -> {
			assertThat(item).containsEntry("id", id.toString())
				.containsEntry("phone", phone)
				.containsEntry("name", "Jane Doe")
				.containsEntry("email", "jane@example.com")
				.containsEntry("ghl_contact_id", "ghl-contact-1")
				.containsEntry("status", "pending")
				.containsEntry("attempts", 0)
				.containsEntry("last_outcome", null)
				.containsEntry("ghl_callback_status", "pending")
				.containsKeys("next_attempt_at", "created_at");
		});
	}

	@Test
	void rejectsAnUnknownQueueStatusOrPageSize() {
		Fixtures.Tenant tenant = this.fixtures.tenant();
		String queueUri = "/api/broadcasts/" + tenant.broadcastId() + "/queue";

		assertProblem(get(tenant, queueUri + "?status=done"), HttpStatus.BAD_REQUEST, "status");
		assertProblem(get(tenant, queueUri + "?size=500"), HttpStatus.BAD_REQUEST, "size");
	}

	@Test
	void completedOrCancelledBroadcastsRefuseNewContactsFromTheTrigger() {
		Fixtures.Tenant tenant = this.fixtures.tenant();
		UUID completed = this.fixtures.broadcast(tenant.accountId(), Transition.ACTIVATE, Transition.COMPLETE);
		UUID cancelled = this.fixtures.broadcast(tenant.accountId(), Transition.CANCEL);

		for (var closed : Map.of(completed, "completed", cancelled, "cancelled").entrySet()) {
			MvcTestResult result = trigger(tenant, closed.getKey(), Fixtures.uniquePhone());

			assertThat(result).hasStatus(HttpStatus.NOT_FOUND);
			assertThat(result).bodyJson().extractingPath("$.success").isEqualTo(false);
			assertThat(result).bodyJson().extractingPath("$.error").isEqualTo("broadcast_closed");
			assertThat(result).bodyJson().extractingPath("$.message").asString().contains(closed.getValue());
			assertThat(get(tenant, "/api/broadcasts/" + closed.getKey())).bodyJson()
				.extractingPath("$.queue.total").isEqualTo(0);
		}
	}

	@Test
	void draftAndPausedBroadcastsStillTakeContactsFromTheTrigger() {
		Fixtures.Tenant tenant = this.fixtures.tenant();
		UUID draft = this.fixtures.broadcast(tenant.accountId());
		UUID paused = this.fixtures.broadcast(tenant.accountId(), Transition.ACTIVATE, Transition.PAUSE);

		for (UUID id : List.of(draft, paused)) {
			MvcTestResult result = trigger(tenant, id, Fixtures.uniquePhone());

			assertThat(result).hasStatusOk();
			assertThat(result).bodyJson().extractingPath("$.status").isEqualTo("queued");
		}
	}

	@Test
	void publishesBroadcastCompletedWhenCompleted() {
		Fixtures.Tenant tenant = this.fixtures.tenant();

		assertThat(post(tenant, "/api/broadcasts/" + tenant.broadcastId() + "/complete", null)).hasStatusOk();

		assertThat(this.events.stream(BroadcastCompleted.class))
			.containsExactly(new BroadcastCompleted(tenant.broadcastId(), tenant.accountId()));
	}

	@Test
	void publishesNoCompletionWhenCancelledOrRefused() {
		Fixtures.Tenant tenant = this.fixtures.tenant();
		UUID completed = this.fixtures.broadcast(tenant.accountId(), Transition.COMPLETE);
		this.events.clear();

		assertThat(post(tenant, "/api/broadcasts/" + tenant.broadcastId() + "/cancel", null)).hasStatusOk();
		assertThat(post(tenant, "/api/broadcasts/" + completed + "/complete", null)).hasStatus(HttpStatus.CONFLICT);

		assertThat(this.events.stream(BroadcastCompleted.class)).isEmpty();
	}

	private List<UUID> enqueue(UUID accountId, UUID broadcastId, int count) {
		List<UUID> ids = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			var result = this.queue.enqueue(accountId, broadcastId,
					new NewContact(Fixtures.uniquePhone(), "Contact " + i, null, null));
			assertThat(result.status()).isEqualTo(EnqueueStatus.QUEUED);
			ids.add(result.queueItemId());
		}
		return ids;
	}

	/** Stands in for the dialler, which is what moves items out of pending. */
	private void setStatus(UUID item, String status) {
		this.jdbc.sql("update broadcast_queue set status = ? where id = ?").param(status).param(item).update();
	}

	private List<String> statuses(List<UUID> items) {
		return items.stream()
			.map(id -> this.jdbc.sql("select status from broadcast_queue where id = ?").param(id).query(String.class)
				.single())
			.toList();
	}

	private static List<String> ids(UUID... ids) {
		return Stream.of(ids).map(UUID::toString).toList();
	}

	private MvcTestResult trigger(Fixtures.Tenant tenant, UUID broadcastId, String phone) {
		return this.mvc.post().uri("/functions/v1/ghl-webhook-trigger").contentType(MediaType.APPLICATION_JSON)
			.content("""
					{"action":"add_to_broadcast","webhook_key":"%s","broadcast_id":"%s","phone":"%s"}"""
				.formatted(tenant.webhookKey(), broadcastId, phone))
			.exchange();
	}

	private MvcTestResult list(Fixtures.Tenant tenant, int page, int size) {
		return get(tenant, "/api/broadcasts?page=" + page + "&size=" + size);
	}

	private MvcTestResult get(Fixtures.Tenant tenant, String uri) {
		return this.mvc.get().uri(uri).header(HttpHeaders.AUTHORIZATION, "Bearer " + tenant.token()).exchange();
	}

	private MvcTestResult post(Fixtures.Tenant tenant, String uri, String json) {
		var request = this.mvc.post().uri(uri).header(HttpHeaders.AUTHORIZATION, "Bearer " + tenant.token());
		if (json != null) {
			request.contentType(MediaType.APPLICATION_JSON).content(json);
		}
		return request.exchange();
	}

	private MvcTestResult patch(Fixtures.Tenant tenant, UUID id, String json) {
		return this.mvc.patch().uri("/api/broadcasts/" + id).header(HttpHeaders.AUTHORIZATION, "Bearer " + tenant.token())
			.contentType(MediaType.APPLICATION_JSON).content(json).exchange();
	}

	private static void assertProblem(MvcTestResult result, HttpStatus status, String detailMentions) {
		assertThat(result).hasStatus(status);
		assertThat(result).hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result).bodyJson().extractingPath("$.detail").asString().contains(detailMentions);
	}

}
