package com.dialsmart.ghlbroadcast.ghlsync;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.dialsmart.ghlbroadcast.ghlsync.GhlSettingsService.SettingsUpdate;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

class GhlSyncFailureTests extends GhlSyncTestSupport {

	@Autowired
	GhlCredentialsStore credentials;

	@Autowired
	PendingUpdateStore store;

	/** The first {@code times} requests matching get {@code response}; later ones fall through to the fake. */
	private void failFirst(java.util.function.Supplier<com.github.tomakehurst.wiremock.client.MappingBuilder> request,
			com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder response, int times) {
		String scenario = UUID.randomUUID().toString();
		for (int i = 0; i < times; i++) {
			String state = i == 0 ? Scenario.STARTED : "failed-" + i;
			ghl.wireMock().stubFor(request.get().atPriority(1)
				.inScenario(scenario)
				.whenScenarioStateIs(state)
				.willReturn(response)
				.willSetStateTo("failed-" + (i + 1)));
		}
	}

	@Test
	void resumesAfterTheFieldsStepFailsTwiceWithoutRepeatingTheTagOrTheNote() {
		Account account = account(true);
		String contact = "c-" + UUID.randomUUID();
		UUID update = outcome(account, contact, "answered", "1", true);
		failFirst(() -> put(urlPathEqualTo("/contacts/" + contact)),
				aResponse().withStatus(500).withBody("{\"statusCode\":500,\"message\":\"Internal server error\"}"), 2);

		syncAccount(account);
		Row afterFirst = row(update);
		assertThat(afterFirst.status()).isEqualTo("pending");
		assertThat(afterFirst.tagsDone()).isTrue();
		assertThat(afterFirst.fieldsDone()).isFalse();
		assertThat(afterFirst.lastHttpStatus()).isEqualTo(500);
		assertThat(afterFirst.errorMessage()).contains("GHL answered 500 on PUT /contacts/" + contact, "Internal server error");
		assertThat(afterFirst.nextAttemptAt()).isAfter(Instant.now().minusSeconds(1));
		drain(account, Duration.ofSeconds(20));

		Row row = row(update);
		assertThat(row.status()).isEqualTo("sent");
		assertThat(row.retryCount()).isEqualTo(3);
		assertThat(row.callbackStatus()).isEqualTo("sent");
		assertThat(ghl.count("POST", "/contacts/" + contact + "/tags")).isEqualTo(1);
		assertThat(ghl.count("PUT", "/contacts/" + contact)).isEqualTo(3);
		assertThat(ghl.count("POST", "/contacts/" + contact + "/notes")).isEqualTo(1);
		assertThat(ghl.contact(contact).notes).hasSize(1);
		assertThat(ghl.contact(contact).fields).hasSize(6);
	}

	@ParameterizedTest
	@ValueSource(strings = { "500", "503", "timeout", "CONNECTION_RESET_BY_PEER", "EMPTY_RESPONSE" })
	void retriesTransientFailuresWithBackoffThenSendsTheNoteOnce(String failure) {
		Account account = account(true);
		String contact = "c-" + UUID.randomUUID();
		UUID update = outcome(account, contact, "voicemail", null, false);
		var response = switch (failure) {
			case "500", "503" -> aResponse().withStatus(Integer.parseInt(failure)).withBody("{\"message\":\"unavailable\"}");
			// GHL wrote the note, but its answer came after the read timeout
			case "timeout" -> aResponse().withFixedDelay(2500).withTransformers(GhlFake.TRANSFORMER);
			default -> aResponse().withFault(Fault.valueOf(failure));
		};
		failFirst(() -> post(urlPathEqualTo("/contacts/" + contact + "/notes")), response, 1);

		syncAccount(account);
		Row retrying = row(update);
		// with the tests' 50 ms backoff a slow machine may already have made the second try in the same run
		if (!retrying.status().equals("sent")) {
			assertThat(retrying.status()).isEqualTo("pending");
			assertThat(retrying.retryCount()).isEqualTo(1);
			assertThat(retrying.noteDone()).isFalse();
			assertThat(retrying.errorMessage()).contains("/contacts/" + contact + "/notes");
		}
		drain(account, Duration.ofSeconds(20));

		Row row = row(update);
		assertThat(row.status()).isEqualTo("sent");
		assertThat(row.retryCount()).isEqualTo(2);
		assertThat(ghl.contact(contact).notes).as(ghl.journal()).hasSize(1);
		assertThat(ghl.count("POST", "/contacts/" + contact + "/tags")).isEqualTo(1);
		assertThat(ghl.count("PUT", "/contacts/" + contact)).isEqualTo(1);
	}

	@Test
	void failsAfterTheLastRetry() {
		Account account = account(true);
		String contact = "c-" + UUID.randomUUID();
		UUID update = outcome(account, contact, "busy", null, false);
		ghl.wireMock().stubFor(post(urlPathEqualTo("/contacts/" + contact + "/tags")).atPriority(1)
			.willReturn(aResponse().withStatus(502).withBody("bad gateway")));

		drain(account, Duration.ofSeconds(30));

		Row row = row(update);
		assertThat(row.status()).isEqualTo("failed");
		assertThat(row.retryCount()).isEqualTo(9);
		assertThat(row.lastHttpStatus()).isEqualTo(502);
		assertThat(row.errorMessage()).contains("bad gateway", "gave up after 9 tries");
		assertThat(row.callbackStatus()).isEqualTo("failed");
		assertThat(ghl.count("POST", "/contacts/" + contact + "/tags")).isEqualTo(9);
	}

	@ParameterizedTest
	@ValueSource(ints = { 400, 404, 422 })
	void failsAtOnceOnAPermanentErrorKeepingGhlsMessage(int status) {
		Account account = account(true);
		String contact = "c-" + UUID.randomUUID();
		UUID update = outcome(account, contact, "answered", null, false);
		String body = status == 422
				? "{\"statusCode\":422,\"message\":[\"property gender should not exist\"],\"error\":\"Unprocessable Entity\"}"
				: "{\"statusCode\":" + status + ",\"message\":\"Contact not found\"}";
		ghl.wireMock().stubFor(put(urlPathEqualTo("/contacts/" + contact)).atPriority(1)
			.willReturn(aResponse().withStatus(status).withBody(body)));

		GhlSyncService.RunResult result = syncAccount(account);

		assertThat(result.failed()).isEqualTo(1);
		Row row = row(update);
		assertThat(row.status()).isEqualTo("failed");
		assertThat(row.retryCount()).isEqualTo(1);
		assertThat(row.lastHttpStatus()).isEqualTo(status);
		assertThat(row.errorMessage()).contains(status == 422 ? "property gender should not exist" : "Contact not found");
		assertThat(row.callbackStatus()).isEqualTo("failed");
		assertThat(ghl.count("POST", "/contacts/" + contact + "/notes")).isZero();
	}

	@Test
	void pausesTheLocationOnA429WithRateLimitHeadersWithoutCountingATry() {
		Account limited = account(true);
		Account other = account(true);
		String contact = "c-" + UUID.randomUUID();
		UUID update = outcome(limited, contact, "answered", null, false);
		String otherContact = "c-" + UUID.randomUUID();
		UUID otherUpdate = outcome(other, otherContact, "answered", null, false);
		failFirst(() -> post(urlPathEqualTo("/contacts/" + contact + "/tags")), aResponse().withStatus(429)
			.withHeader("X-RateLimit-Remaining", "0")
			.withHeader("X-RateLimit-Max", "100")
			.withHeader("X-RateLimit-Interval-Milliseconds", "1500")
			.withBody("Too Many Requests"), 1);

		Instant before = Instant.now();
		// a budget shorter than the pause: the run answers before the location is back
		GhlSyncService.RunResult first = this.sync.processPending(null, Duration.ofSeconds(1));

		Row paused = row(update);
		assertThat(paused.status()).isEqualTo("pending");
		assertThat(paused.retryCount()).as("a 429 is not a failed try").isZero();
		assertThat(paused.nextAttemptAt()).isAfter(before.plusMillis(1400));
		assertThat(row(otherUpdate).status()).as("other locations go on").isEqualTo("sent");
		assertThat(first.sent()).isGreaterThanOrEqualTo(1);
		syncAccount(limited);
		assertThat(ghl.count("POST", "/contacts/" + contact + "/tags")).as("nothing is sent while paused").isEqualTo(1);

		drain(limited, Duration.ofSeconds(10));
		assertThat(row(update).status()).isEqualTo("sent");
		assertThat(row(update).retryCount()).isEqualTo(1);
		List<Long> arrivals = List.copyOf(ghl.locationState(limited.location()).arrivals);
		assertThat(arrivals.get(1) - arrivals.get(0)).as("the location rested for the interval").isGreaterThanOrEqualTo(1400);
	}

	@Test
	void pausesTheLocationForAWindowOnA429WithoutHeaders() {
		Account account = account(true);
		String contact = "c-" + UUID.randomUUID();
		UUID update = outcome(account, contact, "no_answer", null, false);
		failFirst(() -> post(urlPathEqualTo("/contacts/" + contact + "/tags")),
				aResponse().withStatus(429).withBody("<html>Too Many Requests</html>"), 1);

		Instant before = Instant.now();
		this.sync.processPending(account.id(), Duration.ofMillis(500));

		Row paused = row(update);
		assertThat(paused.status()).isEqualTo("pending");
		assertThat(paused.retryCount()).isZero();
		// no header: a whole configured window (1 s in these tests)
		assertThat(paused.nextAttemptAt()).isAfter(before.plusMillis(900));
		drain(account, Duration.ofSeconds(10));
		assertThat(row(update).status()).isEqualTo("sent");
		List<Long> arrivals = List.copyOf(ghl.locationState(account.location()).arrivals);
		assertThat(arrivals.get(1) - arrivals.get(0)).isGreaterThanOrEqualTo(900);
	}

	@Test
	void waitsOutAPauseWithinTheSameRun() {
		Account account = account(true);
		String contact = "c-" + UUID.randomUUID();
		UUID update = outcome(account, contact, "answered", null, false);
		failFirst(() -> post(urlPathEqualTo("/contacts/" + contact + "/tags")), aResponse().withStatus(429)
			.withHeader("Retry-After", "1"), 1);

		GhlSyncService.RunResult result = syncAccount(account);

		assertThat(result.sent()).isEqualTo(1);
		assertThat(row(update).status()).isEqualTo("sent");
		assertThat(row(update).retryCount()).isEqualTo(1);
		List<Long> arrivals = List.copyOf(ghl.locationState(account.location()).arrivals);
		assertThat(arrivals.get(1) - arrivals.get(0)).as("Retry-After was obeyed").isGreaterThanOrEqualTo(990);
	}

	@Test
	void holdsTheAccountsUpdatesWhenGhlRefusesThePrivateToken() {
		Account account = account(true);
		String contact = "c-" + UUID.randomUUID();
		UUID update = outcome(account, contact, "answered", null, false);
		ghl.revoke(account.token());

		syncAccount(account);

		Row held = row(update);
		assertThat(held.status()).isEqualTo("pending");
		assertThat(held.retryCount()).isZero();
		GhlCredentials credentials = this.credentials.find(account.id()).orElseThrow();
		assertThat(credentials.syncStatus()).isEqualTo("needs_credentials");
		assertThat(this.settings.get(account.id()).syncStatusMessage()).contains("private integration token", "401");
		int calls = ghl.wireMock().getAllServeEvents().size();
		syncAccount(account);
		assertThat(ghl.wireMock().getAllServeEvents()).as("held until new credentials are saved").hasSize(calls);

		String newToken = "pit-" + UUID.randomUUID();
		ghl.location(account.location(), newToken);
		this.settings.update(account.id(), new SettingsUpdate(null, null, newToken, null, null, null));
		assertThat(this.settings.get(account.id()).syncStatus()).isEqualTo("ok");
		syncAccount(account);
		assertThat(row(update).status()).isEqualTo("sent");
	}

	@Test
	void refreshesAnOauthTokenOnceOn401AndSavesBothNewTokens() {
		Account account = account(true);
		ghl.revoke(account.token());
		ghl.refreshToken("rt-first", account.location());
		this.settings.update(account.id(), new SettingsUpdate(null, "oauth", "at-expired", "rt-first", null, true));
		long generation = this.credentials.find(account.id()).orElseThrow().generation();
		String contact = "c-" + UUID.randomUUID();
		UUID update = outcome(account, contact, "answered", null, false);

		syncAccount(account);

		assertThat(row(update).status()).isEqualTo("sent");
		assertThat(ghl.count("POST", "/oauth/token")).isEqualTo(1);
		GhlCredentials refreshed = this.credentials.find(account.id()).orElseThrow();
		assertThat(refreshed.generation()).isEqualTo(generation + 1);
		assertThat(refreshed.accessToken()).startsWith("at-").isNotEqualTo("at-expired");
		assertThat(refreshed.refreshToken()).startsWith("rt-").isNotEqualTo("rt-first");
		assertThat(refreshed.expiresAt()).isAfter(Instant.now().plus(Duration.ofHours(23)));
		// the refresh token GHL issued works for the next refresh
		ghl.revoke(refreshed.accessToken());
		outcome(account, "c-" + UUID.randomUUID(), "busy", null, false);
		syncAccount(account);
		assertThat(ghl.count("POST", "/oauth/token")).isEqualTo(2);
		assertThat(this.store.remaining(account.id(), null)).isZero();
	}

	@Test
	void marksOauthNeedsCredentialsWhenGhlRefusesTheRefreshToken() {
		Account account = account(true);
		ghl.revoke(account.token());
		this.settings.update(account.id(), new SettingsUpdate(null, "oauth", "at-expired", "rt-unknown", null, true));
		UUID update = outcome(account, "c-" + UUID.randomUUID(), "answered", null, false);

		syncAccount(account);

		assertThat(row(update).status()).isEqualTo("pending");
		assertThat(row(update).retryCount()).isZero();
		assertThat(this.settings.get(account.id()).syncStatus()).isEqualTo("needs_credentials");
		assertThat(this.settings.get(account.id()).syncStatusMessage()).contains("Invalid grant", "reconnect");
	}

	@Test
	void failsAnUpdateNamingTheMissingFieldsUntilSetupCreatesThem() {
		Account account = account(false);
		ghl.locationState(account.location()).addField("Broadcast Outcome", "TEXT");
		String contact = "c-" + UUID.randomUUID();
		UUID update = outcome(account, contact, "answered", null, false);

		syncAccount(account);

		Row failed = row(update);
		assertThat(failed.status()).isEqualTo("failed");
		assertThat(failed.tagsDone()).isTrue();
		assertThat(failed.errorMessage()).contains("last_broadcast_date", "broadcast_callback_time", "run setup")
			.doesNotContain("broadcast_outcome,");
		assertThat(ghl.count("PUT", "/contacts/" + contact)).isZero();
	}

	@Test
	void doesNotLetAWorkerWhoseLeaseExpiredOverwriteTheNewerResult() {
		Account account = account(true);
		String contact = "c-" + UUID.randomUUID();
		UUID update = outcome(account, contact, "answered", null, false);
		List<PendingUpdateStore.Claimed> stale = this.store.claim(account.id(), null, 10, "stale-worker#1",
				Duration.ofMinutes(1));
		assertThat(stale).extracting(PendingUpdateStore.Claimed::id).containsExactly(update);
		// the stale worker stalls past its lease
		this.jdbc.sql("update ghl_pending_updates set locked_until = now() - interval '1 second' where id = ?")
			.param(update)
			.update();

		syncAccount(account);
		Row taken = row(update);
		assertThat(taken.status()).isEqualTo("sent");
		assertThat(taken.retryCount()).isEqualTo(2);

		PendingUpdateStore.Claimed staleClaim = stale.get(0);
		assertThat(this.store.stepDone(staleClaim, PendingUpdateStore.Step.TAGS)).isFalse();
		assertThat(this.store.failed(staleClaim, "stale", 500, false)).isFalse();
		assertThat(this.store.retryLater(staleClaim, Duration.ZERO, "stale", 500, false)).isFalse();
		assertThat(this.store.release(stale, Duration.ZERO)).isZero();
		assertThat(this.store.sent(staleClaim)).isFalse();
		Row after = row(update);
		assertThat(after.status()).isEqualTo("sent");
		assertThat(after.retryCount()).isEqualTo(2);
		assertThat(after.errorMessage()).isNull();
		assertThat(after.callbackStatus()).isEqualTo("sent");
	}

	@Test
	void takesOverAnExpiredLeaseAndChecksForTheNoteBeforeWritingIt() {
		Account account = account(true);
		String contact = "c-" + UUID.randomUUID();
		UUID update = outcome(account, contact, "answered", null, false);
		this.store.claim(account.id(), null, 10, "crashed-worker#1", Duration.ofMinutes(1));
		// the crashed worker had done tags and fields and may have posted the note
		this.jdbc.sql("""
				update ghl_pending_updates set tags_done = true, fields_done = true,
				       locked_until = now() - interval '1 second' where id = ?""")
			.param(update)
			.update();

		syncAccount(account);

		assertThat(row(update).status()).isEqualTo("sent");
		assertThat(ghl.count("GET", "/contacts/" + contact + "/notes")).isEqualTo(1);
		assertThat(ghl.count("POST", "/contacts/" + contact + "/notes")).isEqualTo(1);
		assertThat(ghl.count("POST", "/contacts/" + contact + "/tags")).isZero();
	}

	@Test
	void backsOffExponentiallyWithJitterUpToTheMaximum() {
		GhlSyncService service = this.sync;
		for (int attempt = 1; attempt <= 6; attempt++) {
			long expected = Math.min(50L << (attempt - 1), 200);
			for (int i = 0; i < 20; i++) {
				long delay = service.backoff(attempt).toMillis();
				assertThat(delay).isBetween((long) (expected * 0.75) - 1, expected);
			}
		}
	}

	@Test
	void ignoresUpdatesOfAccountsWithSyncTurnedOff() {
		Account account = account(true);
		UUID update = outcome(account, "c-" + UUID.randomUUID(), "answered", null, false);
		this.settings.update(account.id(), new SettingsUpdate(null, null, null, null, null, false));

		syncAccount(account);

		assertThat(row(update).status()).isEqualTo("pending");
		assertThat(ghl.wireMock().getAllServeEvents()).isEmpty();
	}

}
