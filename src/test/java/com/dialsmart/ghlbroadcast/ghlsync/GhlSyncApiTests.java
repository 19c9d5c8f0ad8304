package com.dialsmart.ghlbroadcast.ghlsync;

import java.time.Duration;
import java.util.UUID;

import com.dialsmart.ghlbroadcast.broadcast.BroadcastService;
import com.dialsmart.ghlbroadcast.broadcast.BroadcastService.Transition;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class GhlSyncApiTests extends GhlSyncTestSupport {

	@Autowired
	MockMvcTester mvc;

	@Autowired
	BroadcastService broadcasts;

	private MvcTestResult callback(String token, String body) {
		return this.mvc.post().uri("/functions/v1/ghl-batch-callback")
			.header("Authorization", "Bearer " + token)
			.contentType(MediaType.APPLICATION_JSON)
			.content(body)
			.exchange();
	}

	@Test
	void processesTheCallersBroadcastAndSaysWhatIsLeft() {
		Account account = account(true);
		UUID first = outcome(account, "c-" + UUID.randomUUID(), "answered", "1", true);
		UUID second = outcome(account, "c-" + UUID.randomUUID(), "busy", null, false);
		UUID otherBroadcast = this.fixtures.broadcast(account.id(), Transition.ACTIVATE);
		UUID notThisOne = outcome(account, otherBroadcast, "c-" + UUID.randomUUID(), "failed", null, false);

		MvcTestResult result = callback(account.tenant().token(),
				"{\"action\":\"process_broadcast\",\"broadcast_id\":\"" + account.broadcast() + "\"}");

		assertThat(result).hasStatusOk();
		assertThat(result).bodyJson().isLenientlyEqualTo("""
				{"success":true,"processed":2,"sent":2,"failed":0,"remaining":0}""");
		assertThat(row(first).status()).isEqualTo("sent");
		assertThat(row(second).status()).isEqualTo("sent");
		assertThat(row(notThisOne).status()).isEqualTo("pending");
	}

	@Test
	void answersAsIfAnotherAccountsBroadcastDidNotExist() {
		Account account = account(true);
		UUID update = outcome(account, "c-" + UUID.randomUUID(), "answered", null, false);
		Account stranger = account(true);

		MvcTestResult result = callback(stranger.tenant().token(),
				"{\"action\":\"process_broadcast\",\"broadcast_id\":\"" + account.broadcast() + "\"}");

		assertThat(result).hasStatus(404);
		assertThat(result).bodyJson().isLenientlyEqualTo("{\"success\":false,\"error\":\"broadcast_not_found\"}");
		assertThat(callback(stranger.tenant().token(),
				"{\"action\":\"get_status\",\"broadcast_id\":\"" + account.broadcast() + "\"}")).hasStatus(404);
		assertThat(row(update).status()).isEqualTo("pending");
	}

	@Test
	void letsTheServiceRoleProcessAnyBroadcast() {
		Account account = account(true);
		UUID update = outcome(account, "c-" + UUID.randomUUID(), "answered", null, false);

		MvcTestResult result = callback(this.fixtures.serviceToken(),
				"{\"action\":\"process_broadcast\",\"broadcast_id\":\"" + account.broadcast() + "\"}");

		assertThat(result).hasStatusOk();
		assertThat(row(update).status()).isEqualTo("sent");
	}

	@Test
	void processesPendingUpdatesOfTheCallersOwnAccountOnly() {
		Account account = account(true);
		Account other = account(true);
		UUID mine = outcome(account, "c-" + UUID.randomUUID(), "answered", null, false);
		UUID theirs = outcome(other, "c-" + UUID.randomUUID(), "answered", null, false);

		MvcTestResult own = callback(account.tenant().token(), "{\"action\":\"process_pending\"}");
		MvcTestResult foreign = callback(account.tenant().token(),
				"{\"action\":\"process_pending\",\"user_id\":\"" + other.id() + "\"}");

		assertThat(own).hasStatusOk();
		assertThat(own).bodyJson().extractingPath("$.sent").isEqualTo(1);
		assertThat(foreign).hasStatus(404);
		assertThat(row(mine).status()).isEqualTo("sent");
		assertThat(row(theirs).status()).isEqualTo("pending");
	}

	@Test
	void letsTheServiceRoleProcessOneOrAllAccounts() {
		Account account = account(true);
		Account other = account(true);
		UUID first = outcome(account, "c-" + UUID.randomUUID(), "answered", null, false);
		UUID second = outcome(other, "c-" + UUID.randomUUID(), "answered", null, false);

		assertThat(callback(this.fixtures.serviceToken(),
				"{\"action\":\"process_pending\",\"user_id\":\"" + account.id() + "\"}")).hasStatusOk();
		assertThat(row(first).status()).isEqualTo("sent");
		assertThat(row(second).status()).isEqualTo("pending");

		assertThat(callback(this.fixtures.serviceToken(), "{\"action\":\"process_pending\"}")).hasStatusOk();
		assertThat(row(second).status()).isEqualTo("sent");
	}

	@Test
	void reportsTheBroadcastsSyncStatus() {
		Account account = account(true);
		String failing = "c-" + UUID.randomUUID();
		outcome(account, failing, "answered", null, false);
		outcome(account, "c-" + UUID.randomUUID(), "answered", null, false);
		outcome(account, "c-" + UUID.randomUUID(), "voicemail", null, false);
		ghl.wireMock().stubFor(put(urlPathEqualTo("/contacts/" + failing)).atPriority(1)
			.willReturn(aResponse().withStatus(422)
				.withBody("{\"statusCode\":422,\"message\":[\"customFields must be an array\"]}")));
		syncAccount(account);
		outcome(account, "c-" + UUID.randomUUID(), "busy", null, false);

		MvcTestResult result = callback(account.tenant().token(),
				"{\"action\":\"get_status\",\"broadcast_id\":\"" + account.broadcast() + "\"}");

		assertThat(result).hasStatusOk();
		assertThat(result).bodyJson().isLenientlyEqualTo("""
				{"success":true,"broadcast_id":"%s",
				 "callback_status":{"pending":0,"queued":1,"sent":2,"skipped":0,"failed":1},
				 "pending_updates":{"pending":1,"processing":0,"sent":2,"failed":1},
				 "last_error":{"http_status":422},
				 "sync_status":"ok"}""".formatted(account.broadcast()));
		assertThat(result).bodyJson().extractingPath("$.last_error.message").asString()
			.contains("customFields must be an array");
		assertThat(result).bodyJson().extractingPath("$.oldest_pending_age_seconds").isNotNull();
	}

	@Test
	void refusesUnknownActionsAndBadBodies() {
		Account account = account(true);
		assertThat(callback(account.tenant().token(), "{\"action\":\"explode\"}")).hasStatus(400)
			.bodyJson().extractingPath("$.error").isEqualTo("unknown_action");
		assertThat(callback(account.tenant().token(), "{not json")).hasStatus(400)
			.bodyJson().extractingPath("$.error").isEqualTo("invalid_json");
		assertThat(callback(account.tenant().token(), "{}")).hasStatus(400)
			.bodyJson().extractingPath("$.error").isEqualTo("missing_action");
		assertThat(callback(account.tenant().token(), "{\"action\":\"process_broadcast\",\"broadcast_id\":\"x\"}"))
			.hasStatus(400).bodyJson().extractingPath("$.error").isEqualTo("invalid_broadcast_id");
		assertThat(this.mvc.post().uri("/functions/v1/ghl-batch-callback").contentType(MediaType.APPLICATION_JSON)
			.content("{\"action\":\"process_pending\"}").exchange()).hasStatus(401);
	}

	@Test
	void answersWithinItsBudgetWhateverTheBacklog() {
		Account account = account(true);
		bulkOutcomes(account, account.broadcast(), "bulk-" + UUID.randomUUID(), 400);

		long start = System.nanoTime();
		GhlSyncService.RunResult result = this.sync.processBroadcast(account.id(), account.broadcast(),
				Duration.ofSeconds(2));
		Duration took = Duration.ofNanos(System.nanoTime() - start);

		assertThat(took).isLessThan(Duration.ofSeconds(4));
		assertThat(result.sent()).isPositive();
		assertThat(result.remaining()).isPositive();
		assertThat(result.sent() + result.remaining()).isCloseTo(400L, org.assertj.core.data.Offset.offset(2L));
	}

	@Test
	void listsPendingUpdatesWithTheirErrors() {
		Account account = account(true);
		String failing = "c-" + UUID.randomUUID();
		UUID failed = outcome(account, failing, "answered", null, false);
		outcome(account, "c-" + UUID.randomUUID(), "answered", null, false);
		ghl.wireMock().stubFor(put(urlPathEqualTo("/contacts/" + failing)).atPriority(1)
			.willReturn(aResponse().withStatus(404).withBody("{\"statusCode\":404,\"message\":\"Contact not found\"}")));
		syncAccount(account);

		MvcTestResult result = this.mvc.get().uri("/api/ghl/pending-updates?status=failed&broadcast_id={b}",
				account.broadcast()).header("Authorization", "Bearer " + account.tenant().token()).exchange();

		assertThat(result).hasStatusOk();
		assertThat(result).bodyJson().isLenientlyEqualTo("""
				{"items":[{"id":"%s","ghl_contact_id":"%s","status":"failed","retry_count":1,"last_http_status":404,
				           "tags_done":true,"fields_done":false,"note_done":false}],
				 "page":0,"total":1}""".formatted(failed, failing));
		assertThat(result).bodyJson().extractingPath("$.items[0].error_message").asString().contains("Contact not found");
		assertThat(this.mvc.get().uri("/api/ghl/pending-updates?status=lost")
			.header("Authorization", "Bearer " + account.tenant().token()).exchange()).hasStatus(400)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void putsFailedUpdatesBackAndSendsThemOnce() {
		Account account = account(true);
		String contact = "c-" + UUID.randomUUID();
		UUID update = outcome(account, contact, "answered", null, false);
		ghl.wireMock().stubFor(put(urlPathEqualTo("/contacts/" + contact)).atPriority(1)
			.willReturn(aResponse().withStatus(400).withBody("{\"statusCode\":400,\"message\":\"Bad Request\"}")));
		syncAccount(account);
		assertThat(row(update).status()).isEqualTo("failed");
		ghl.wireMock().resetMappings();
		ghl.wireMock().stubFor(com.github.tomakehurst.wiremock.client.WireMock.any(
				com.github.tomakehurst.wiremock.client.WireMock.anyUrl()).atPriority(10)
			.willReturn(aResponse().withTransformers(GhlFake.TRANSFORMER)));

		MvcTestResult retried = this.mvc.post().uri("/api/ghl/pending-updates/retry")
			.header("Authorization", "Bearer " + account.tenant().token())
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"ids\":[\"" + update + "\"]}")
			.exchange();

		assertThat(retried).hasStatusOk();
		assertThat(retried).bodyJson().extractingPath("$.retried").isEqualTo(1);
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(row(update).status()).isEqualTo("sent"));
		syncAccount(account);
		assertThat(row(update).callbackStatus()).isEqualTo("sent");
		assertThat(ghl.count("POST", "/contacts/" + contact + "/tags")).isEqualTo(1);
		assertThat(ghl.count("PUT", "/contacts/" + contact)).isEqualTo(2);
		assertThat(ghl.count("POST", "/contacts/" + contact + "/notes")).isEqualTo(1);
		assertThat(ghl.contact(contact).notes).hasSize(1);
	}

	@Test
	void setsUpTheMissingBroadcastFieldsOnce() {
		Account account = account(false);
		ghl.locationState(account.location()).addField("Broadcast Outcome", "TEXT");
		ghl.locationState(account.location()).addField("Last Broadcast Date", "DATE");

		MvcTestResult first = this.mvc.post().uri("/api/ghl/custom-fields/setup")
			.header("Authorization", "Bearer " + account.tenant().token()).exchange();
		MvcTestResult second = this.mvc.post().uri("/api/ghl/custom-fields/setup")
			.header("Authorization", "Bearer " + account.tenant().token()).exchange();

		assertThat(first).hasStatusOk();
		assertThat(first).bodyJson().isLenientlyEqualTo("""
				{"location_id":"%s",
				 "created":["broadcast_name","broadcast_dtmf_pressed","broadcast_callback_requested","broadcast_callback_time"],
				 "existing":["last_broadcast_date","broadcast_outcome"]}""".formatted(account.location()));
		assertThat(second).bodyJson().extractingPath("$.created").asArray().isEmpty();
		assertThat(second).bodyJson().extractingPath("$.existing").asArray().hasSize(6);
		assertThat(ghl.locationState(account.location()).fields).hasSize(6)
			.extracting(f -> f.path("fieldKey").asString() + ":" + f.path("dataType").asString())
			.contains("contact.broadcast_callback_time:DATE", "contact.broadcast_name:TEXT");
		assertThat(ghl.count("POST", "/locations/" + account.location() + "/customFields")).isEqualTo(4);

		// the sync uses the stored ids without listing the fields again
		String contact = "c-" + UUID.randomUUID();
		UUID update = outcome(account, contact, "answered", null, false);
		syncAccount(account);
		assertThat(row(update).status()).isEqualTo("sent");
		assertThat(ghl.count("GET", "/locations/" + account.location() + "/customFields")).isEqualTo(2);
		assertThat(ghl.contact(contact).fields).hasSize(6);
	}

	@Test
	void testsTheConnectionAndSaysWhatIsWrong() {
		Account account = account(true);
		MvcTestResult ok = this.mvc.post().uri("/api/ghl/test-connection")
			.header("Authorization", "Bearer " + account.tenant().token()).exchange();
		assertThat(ok).hasStatusOk();
		assertThat(ok).bodyJson().isLenientlyEqualTo("""
				{"ok":true,"location_id":"%s","auth_mode":"private_token","http_status":200,"fields_missing":[]}"""
			.formatted(account.location()));

		ghl.revoke(account.token());
		MvcTestResult refused = this.mvc.post().uri("/api/ghl/test-connection")
			.header("Authorization", "Bearer " + account.tenant().token()).exchange();
		assertThat(refused).bodyJson().isLenientlyEqualTo("{\"ok\":false,\"http_status\":401}");
		assertThat(refused).bodyJson().extractingPath("$.message").asString().contains("private integration token");

		Account wrongLocation = account(true);
		ghl.location("someone-elses-location", "x");
		this.settings.update(wrongLocation.id(), new GhlSettingsService.SettingsUpdate("someone-elses-location", null,
				null, null, null, null));
		MvcTestResult forbidden = this.mvc.post().uri("/api/ghl/test-connection")
			.header("Authorization", "Bearer " + wrongLocation.tenant().token()).exchange();
		assertThat(forbidden).bodyJson().isLenientlyEqualTo("{\"ok\":false,\"http_status\":403}");
		assertThat(forbidden).bodyJson().extractingPath("$.message").asString().contains("no access to location");
	}

	@Test
	void showsNeedsCredentialsInTheSettings() {
		Account account = account(true);
		outcome(account, "c-" + UUID.randomUUID(), "answered", null, false);
		ghl.revoke(account.token());
		syncAccount(account);

		MvcTestResult settings = this.mvc.get().uri("/api/ghl/settings")
			.header("Authorization", "Bearer " + account.tenant().token()).exchange();

		assertThat(settings).hasStatusOk();
		assertThat(settings).bodyJson().extractingPath("$.sync_status").isEqualTo("needs_credentials");
		assertThat(settings).bodyJson().extractingPath("$.sync_status_message").asString().contains("401");
		assertThat(callback(account.tenant().token(),
				"{\"action\":\"get_status\",\"broadcast_id\":\"" + account.broadcast() + "\"}")).bodyJson()
			.extractingPath("$.sync_status").isEqualTo("needs_credentials");
	}

	@Test
	void syncsACompletedBroadcastRightAway() {
		Account account = account(true);
		UUID update = outcome(account, "c-" + UUID.randomUUID(), "answered", null, false);

		this.broadcasts.transition(account.id(), account.broadcast(), Transition.COMPLETE);

		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(row(update).status()).isEqualTo("sent"));
	}

}
