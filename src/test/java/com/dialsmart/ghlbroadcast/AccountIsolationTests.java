package com.dialsmart.ghlbroadcast;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import com.dialsmart.ghlbroadcast.support.Fixtures;
import com.dialsmart.ghlbroadcast.support.IntegrationTest;
import com.dialsmart.ghlbroadcast.support.Responses;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Account A's token or webhook key never reads, counts, changes or learns the existence of account B's data: B's
 * things answer exactly like things that do not exist.
 */
class AccountIsolationTests extends IntegrationTest {

	@Autowired
	MockMvcTester mvc;

	@Autowired
	Fixtures fixtures;

	@Autowired
	JdbcClient jdbc;

	Fixtures.Tenant a;

	Fixtures.Tenant b;

	@BeforeEach
	void twoAccounts() {
		this.a = this.fixtures.tenant();
		this.b = this.fixtures.tenant();
	}

	@Test
	void answersNotFoundForEveryOperationOnAnotherAccountsBroadcast() {
		String phone = Fixtures.uniquePhone();
		assertThat(addToBroadcast(this.b.webhookKey(), this.b.broadcastId(), phone)).hasStatusOk();
		String before = Responses.body(call(this.b, "GET", "/api/broadcasts/" + this.b.broadcastId(), null));
		String path = "/api/broadcasts/" + this.b.broadcastId();

		List<MvcTestResult> answers = List.of(call(this.a, "GET", path, null),
				call(this.a, "PATCH", path, "{\"name\":\"Taken over\"}"),
				call(this.a, "POST", path + "/activate", null), call(this.a, "POST", path + "/pause", null),
				call(this.a, "POST", path + "/resume", null), call(this.a, "POST", path + "/complete", null),
				call(this.a, "POST", path + "/cancel", null), call(this.a, "GET", path + "/queue", null),
				call(this.a, "GET", path + "/queue?status=pending", null));

		String unknownDetail = Responses.path(call(this.a, "GET", "/api/broadcasts/" + UUID.randomUUID(), null),
				"$.detail");
		for (MvcTestResult answer : answers) {
			assertThat(answer).hasStatus(HttpStatus.NOT_FOUND);
			assertThat(answer).hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
			assertThat(Responses.<String>path(answer, "$.detail").replace(this.b.broadcastId().toString(), "ID"))
				.as("same answer as for an id that does not exist")
				.isEqualTo(unknownDetail.replaceAll("[0-9a-f-]{36}", "ID"));
		}
		assertThat(Responses.body(call(this.b, "GET", path, null))).as("B's broadcast is untouched").isEqualTo(before);
	}

	@Test
	void aServiceRoleTokenActingForOneAccountCannotReachAnothersBroadcast() {
		MvcTestResult result = this.mvc.get().uri("/api/broadcasts/{id}", this.b.broadcastId())
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + this.fixtures.serviceToken())
			.header("X-Account-Id", this.a.accountId().toString()).exchange();

		assertThat(result).hasStatus(HttpStatus.NOT_FOUND);
	}

	@Test
	void listsAndCountsOnlyTheCallersBroadcasts() {
		this.fixtures.broadcast(this.b.accountId());
		assertThat(addToBroadcast(this.b.webhookKey(), this.b.broadcastId(), Fixtures.uniquePhone())).hasStatusOk();
		assertThat(addToBroadcast(this.b.webhookKey(), this.b.broadcastId(), Fixtures.uniquePhone())).hasStatusOk();

		MvcTestResult list = call(this.a, "GET", "/api/broadcasts", null);

		assertThat(list).bodyJson().extractingPath("$.total").isEqualTo(1);
		assertThat(list).bodyJson().extractingPath("$.items[*].id").isEqualTo(List.of(this.a.broadcastId().toString()));
		assertThat(list).bodyJson().extractingPath("$.items[0].queue.total").isEqualTo(0);
		assertThat(call(this.b, "GET", "/api/broadcasts", null)).bodyJson().extractingPath("$.total").isEqualTo(2);
	}

	@Test
	void queuesTheSamePhoneInEachAccountIndependently() {
		String phone = Fixtures.uniquePhone();
		assertThat(addToBroadcast(this.b.webhookKey(), this.b.broadcastId(), phone)).bodyJson()
			.extractingPath("$.status").isEqualTo("queued");

		MvcTestResult result = addToBroadcast(this.a.webhookKey(), this.a.broadcastId(), phone);

		assertThat(result).bodyJson().extractingPath("$.status").isEqualTo("queued");
		assertThat(result).bodyJson().extractingPath("$.position").isEqualTo(1);
		assertThat(queueTotal(this.b)).isEqualTo(1);
	}

	@Test
	void anotherAccountsBroadcastIsNotFoundWithThisAccountsWebhookKey() {
		String phone = Fixtures.uniquePhone();

		MvcTestResult foreign = addToBroadcast(this.a.webhookKey(), this.b.broadcastId(), phone);
		UUID unknown = UUID.randomUUID();
		MvcTestResult missing = addToBroadcast(this.a.webhookKey(), unknown, Fixtures.uniquePhone());

		assertThat(foreign).hasStatus(HttpStatus.NOT_FOUND);
		assertThat(foreign).bodyJson().extractingPath("$.error").isEqualTo("broadcast_not_found");
		assertThat(Responses.<String>path(foreign, "$.message").replace(this.b.broadcastId().toString(), "ID"))
			.isEqualTo(Responses.<String>path(missing, "$.message").replace(unknown.toString(), "ID"));
		assertThat(queueTotal(this.b)).isZero();
		assertThat(this.jdbc.sql("select count(*) from broadcast_queue where phone = ?").param(phone)
			.query(Long.class).single()).isZero();
		assertThat(activity(this.b)).bodyJson().extractingPath("$.items").asArray().isEmpty();
		assertThat(activity(this.a)).bodyJson().extractingPath("$.items[0].result").isEqualTo("broadcast_not_found");
	}

	@Test
	void listBroadcastsShowsOnlyTheKeysAccount() {
		UUID draft = this.fixtures.broadcast(this.a.accountId());

		MvcTestResult result = this.mvc.post().uri("/functions/v1/ghl-webhook-trigger")
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"action\":\"list_broadcasts\",\"webhook_key\":\"%s\"}".formatted(this.a.webhookKey()))
			.exchange();

		assertThat(result).hasStatusOk();
		assertThat(result).bodyJson().extractingPath("$.broadcasts[*].id")
			.isEqualTo(List.of(draft.toString(), this.a.broadcastId().toString()));
	}

	@Test
	void showsOnlyTheCallersWebhookActivity() {
		String phoneOfB = Fixtures.uniquePhone();
		String phoneOfA = Fixtures.uniquePhone();
		assertThat(addToBroadcast(this.b.webhookKey(), this.b.broadcastId(), phoneOfB)).hasStatusOk();
		assertThat(addToBroadcast(this.a.webhookKey(), this.a.broadcastId(), phoneOfA)).hasStatusOk();

		MvcTestResult result = activity(this.a);

		assertThat(result).hasStatusOk();
		assertThat(result).bodyJson().extractingPath("$.items[*].phone").isEqualTo(List.of(phoneOfA));
		assertThat(result).bodyJson().extractingPath("$.items[0].broadcast_id").isEqualTo(this.a.broadcastId().toString());
		assertThat(Responses.body(result)).doesNotContain(phoneOfB).doesNotContain(this.b.broadcastId().toString());
	}

	@Test
	void keepsEachAccountsDoNotCallListApart() {
		String phone = Fixtures.uniquePhone();
		assertThat(call(this.b, "POST", "/api/dnc", "{\"phone\":\"%s\",\"reason\":\"B's customer\"}".formatted(phone)))
			.hasStatus(HttpStatus.CREATED);

		assertThat(call(this.a, "GET", "/api/dnc/" + phone, null)).hasStatus(HttpStatus.NOT_FOUND);
		assertThat(call(this.a, "DELETE", "/api/dnc/" + phone, null)).hasStatus(HttpStatus.NOT_FOUND);
		assertThat(call(this.b, "GET", "/api/dnc/" + phone, null)).hasStatusOk();
		assertThat(addToBroadcast(this.a.webhookKey(), this.a.broadcastId(), phone)).bodyJson()
			.extractingPath("$.status").isEqualTo("queued");
		assertThat(addToBroadcast(this.b.webhookKey(), this.b.broadcastId(), phone)).bodyJson()
			.extractingPath("$.status").isEqualTo("skipped_dnc");

		MvcTestResult addedByA = call(this.a, "POST", "/api/dnc", "{\"phone\":\"%s\",\"reason\":\"A's\"}".formatted(phone));

		assertThat(addedByA).as("new for A, whatever B has").hasStatus(HttpStatus.CREATED);
		assertThat(call(this.b, "GET", "/api/dnc/" + phone, null)).bodyJson().extractingPath("$.reason")
			.isEqualTo("B's customer");
		assertThat(call(this.a, "DELETE", "/api/dnc/" + phone, null)).hasStatus(HttpStatus.NO_CONTENT);
		assertThat(call(this.b, "GET", "/api/dnc/" + phone, null)).as("A's removal leaves B's entry").hasStatusOk();
	}

	@Test
	void importsIntoTheCallersListOnly() {
		String phone = Fixtures.uniquePhone();
		assertThat(call(this.b, "POST", "/api/dnc", "{\"phone\":\"%s\"}".formatted(phone))).hasStatus(HttpStatus.CREATED);

		MvcTestResult result = this.mvc.post().uri("/api/dnc/import").header(HttpHeaders.AUTHORIZATION, bearer(this.a))
			.contentType(MediaType.parseMediaType("text/csv")).content(phone + "\n").exchange();

		assertThat(result).bodyJson().isLenientlyEqualTo("{\"added\":1,\"duplicate\":0,\"invalid\":0}");
	}

	@Test
	void keepsEachAccountsGhlSettingsAndWebhookKeyApart() {
		String settingsOfB = Responses.body(call(this.b, "GET", "/api/ghl/settings", null));

		assertThat(call(this.a, "PUT", "/api/ghl/settings", "{\"location_id\":\"loc-of-a\",\"access_token\":\"tok-a\"}"))
			.hasStatusOk();
		assertThat(call(this.a, "POST", "/api/ghl/webhook-key", null)).hasStatus(HttpStatus.CREATED);

		assertThat(Responses.body(call(this.b, "GET", "/api/ghl/settings", null))).isEqualTo(settingsOfB);
		assertThat(addToBroadcast(this.b.webhookKey(), this.b.broadcastId(), Fixtures.uniquePhone())).hasStatusOk();
	}

	private long queueTotal(Fixtures.Tenant tenant) {
		return ((Number) Responses.path(call(tenant, "GET", "/api/broadcasts/" + tenant.broadcastId(), null),
				"$.queue.total")).longValue();
	}

	private MvcTestResult activity(Fixtures.Tenant tenant) {
		return call(tenant, "GET", "/api/ghl/webhook-activity?limit=50", null);
	}

	private MvcTestResult addToBroadcast(String webhookKey, UUID broadcastId, String phone) {
		return this.mvc.post().uri("/functions/v1/ghl-webhook-trigger").contentType(MediaType.APPLICATION_JSON)
			.content("""
					{"action":"add_to_broadcast","webhook_key":"%s","broadcast_id":"%s","phone":"%s"}"""
				.formatted(webhookKey, broadcastId, phone))
			.exchange();
	}

	private MvcTestResult call(Fixtures.Tenant caller, String method, String uri, String json) {
		var request = this.mvc.method(org.springframework.http.HttpMethod.valueOf(method)).uri(URI.create(uri))
			.header(HttpHeaders.AUTHORIZATION, bearer(caller));
		if (json != null) {
			request.contentType(MediaType.APPLICATION_JSON).content(json);
		}
		return request.exchange();
	}

	private static String bearer(Fixtures.Tenant tenant) {
		return "Bearer " + tenant.token();
	}

}
