package com.dialsmart.ghlbroadcast.account;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import com.dialsmart.ghlbroadcast.support.Fixtures;
import com.dialsmart.ghlbroadcast.support.IntegrationTest;
import com.dialsmart.ghlbroadcast.support.Responses;
import com.dialsmart.ghlbroadcast.support.TestJwts;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class AccountApiTests extends IntegrationTest {

	private static final String OTHER_SECRET = "not-the-service-secret-0123456789-abcdefghijklmnop";

	@Autowired
	MockMvcTester mvc;

	@Autowired
	Fixtures fixtures;

	@Autowired
	AccountService accounts;

	@Value("${app.auth.jwt-secret}")
	String secret;

	@Test
	void createsAnAccountInTheUsRegionByDefault() {
		MvcTestResult result = createAccount("""
				{"name":"  Acme Roofing  "}""");

		assertThat(result).hasStatus(HttpStatus.CREATED);
		UUID id = UUID.fromString(Responses.path(result, "$.id"));
		assertThat(result).headers().hasValue(HttpHeaders.LOCATION, "/api/accounts/" + id);
		assertThat(result).bodyJson().extractingPath("$.name").isEqualTo("Acme Roofing");
		assertThat(result).bodyJson().extractingPath("$.default_phone_region").isEqualTo("US");
		assertThat(this.accounts.find(id)).hasValueSatisfying(account -> {
			assertThat(account.name()).isEqualTo("Acme Roofing");
			assertThat(account.defaultPhoneRegion()).isEqualTo("US");
		});
	}

	@Test
	void createsAnAccountWithTheGivenRegion() {
		MvcTestResult result = createAccount("""
				{"name":"London Lettings","default_phone_region":"gb"}""");

		assertThat(result).hasStatus(HttpStatus.CREATED);
		assertThat(result).bodyJson().extractingPath("$.default_phone_region").isEqualTo("GB");
		UUID id = UUID.fromString(Responses.path(result, "$.id"));
		assertThat(this.accounts.find(id)).hasValueSatisfying(a -> assertThat(a.defaultPhoneRegion()).isEqualTo("GB"));
	}

	@Test
	void rejectsAnUnknownRegionNamingTheField() {
		MvcTestResult result = createAccount("""
				{"name":"Nowhere Inc","default_phone_region":"XX"}""");

		assertProblem(result, HttpStatus.BAD_REQUEST, "default_phone_region");
	}

	@Test
	void rejectsAMissingOrBlankOrOverlongName() {
		assertProblem(createAccount("{}"), HttpStatus.BAD_REQUEST, "name");
		assertProblem(createAccount("""
				{"name":"   "}"""), HttpStatus.BAD_REQUEST, "name");
		assertProblem(createAccount("{\"name\":\"" + "n".repeat(201) + "\"}"), HttpStatus.BAD_REQUEST, "name");
	}

	@Test
	void rejectsAnUnreadableBodyAsProblem() {
		MvcTestResult result = createAccount("{\"name\":");

		assertProblem(result, HttpStatus.BAD_REQUEST, "not valid JSON");
	}

	@Test
	void refusesAccountProvisioningToOperatorTokens() {
		Fixtures.Tenant tenant = this.fixtures.tenant();
		String name = "Sneaky " + UUID.randomUUID();

		MvcTestResult create = this.mvc.post().uri("/api/accounts").header(HttpHeaders.AUTHORIZATION, bearer(tenant.token()))
			.contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"" + name + "\"}").exchange();
		MvcTestResult mint = this.mvc.post().uri("/api/accounts/{id}/tokens", tenant.accountId())
			.header(HttpHeaders.AUTHORIZATION, bearer(tenant.token())).exchange();

		assertProblem(create, HttpStatus.FORBIDDEN, "service-role");
		assertProblem(mint, HttpStatus.FORBIDDEN, "service-role");
		assertThat(this.accounts.findFirstByName(name)).isEmpty();
	}

	@Test
	void confinesAVoiceEngineTokenToTheCallTrackingWebhook() {
		Fixtures.Tenant tenant = this.fixtures.tenant();
		String engine = voiceEngineToken();

		assertProblem(listBroadcasts(engine), HttpStatus.FORBIDDEN, "voice_engine");
		assertProblem(this.mvc.get().uri("/api/broadcasts").header(HttpHeaders.AUTHORIZATION, bearer(engine))
			.header("X-Account-Id", tenant.accountId().toString()).exchange(), HttpStatus.FORBIDDEN, "voice_engine");
		assertProblem(this.mvc.post().uri("/api/accounts/{id}/tokens", tenant.accountId())
			.header(HttpHeaders.AUTHORIZATION, bearer(engine)).exchange(), HttpStatus.FORBIDDEN, "voice_engine");
		assertProblem(this.mvc.post().uri("/api/accounts/voice-engine-token")
			.header(HttpHeaders.AUTHORIZATION, bearer(engine)).exchange(), HttpStatus.FORBIDDEN, "voice_engine");
		assertProblem(this.mvc.post().uri("/functions/v1/ghl-batch-callback")
			.header(HttpHeaders.AUTHORIZATION, bearer(engine)).contentType(MediaType.APPLICATION_JSON)
			.content("{\"action\":\"process_pending\"}").exchange(), HttpStatus.FORBIDDEN, "voice_engine");
		assertProblem(this.mvc.get().uri("/actuator/prometheus").header(HttpHeaders.AUTHORIZATION, bearer(engine))
			.exchange(), HttpStatus.FORBIDDEN, "voice_engine");
	}

	@Test
	void mintsVoiceEngineTokensForTheServiceRoleOnly() {
		Fixtures.Tenant tenant = this.fixtures.tenant();

		MvcTestResult byOperator = this.mvc.post().uri("/api/accounts/voice-engine-token")
			.header(HttpHeaders.AUTHORIZATION, bearer(tenant.token())).exchange();
		MvcTestResult byService = this.mvc.post().uri("/api/accounts/voice-engine-token")
			.header(HttpHeaders.AUTHORIZATION, bearer(this.fixtures.serviceToken())).exchange();

		assertProblem(byOperator, HttpStatus.FORBIDDEN, "service-role");
		assertThat(byService).hasStatus(HttpStatus.CREATED);
		Instant expiresAt = Instant.parse(Responses.path(byService, "$.expires_at"));
		assertThat(expiresAt).isCloseTo(Instant.now().plus(Duration.ofDays(30)), within(Duration.ofMinutes(5)));
	}

	@Test
	void refusesRequestsWithoutAToken() {
		MvcTestResult result = this.mvc.get().uri("/api/broadcasts").exchange();

		assertProblem(result, HttpStatus.UNAUTHORIZED, "bearer token");
		assertThat(result).headers().containsHeader(HttpHeaders.WWW_AUTHENTICATE);
	}

	@Test
	void refusesAnExpiredToken() {
		UUID account = this.fixtures.tenant().accountId();
		String token = TestJwts.signed(this.secret, account.toString(), "authenticated",
				Instant.now().minus(Duration.ofHours(1)));

		assertProblem(listBroadcasts(token), HttpStatus.UNAUTHORIZED, "expired");
	}

	@Test
	void refusesATokenWithoutExpiry() {
		UUID account = this.fixtures.tenant().accountId();
		String token = TestJwts.signed(this.secret, account.toString(), "authenticated", null);

		assertProblem(listBroadcasts(token), HttpStatus.UNAUTHORIZED, "exp");
	}

	@Test
	void refusesATokenSignedWithAnotherSecret() {
		UUID account = this.fixtures.tenant().accountId();
		String token = TestJwts.signed(OTHER_SECRET, account.toString(), "service_role", inAnHour());

		assertProblem(listBroadcasts(token), HttpStatus.UNAUTHORIZED, "bearer token");
	}

	@Test
	void refusesAnUnsignedToken() {
		UUID account = this.fixtures.tenant().accountId();
		String token = TestJwts.unsigned(account.toString(), "service_role", inAnHour());

		assertProblem(listBroadcasts(token), HttpStatus.UNAUTHORIZED, "bearer token");
	}

	@Test
	void refusesATokenWithAnotherOrNoRole() {
		UUID account = this.fixtures.tenant().accountId();

		assertProblem(listBroadcasts(TestJwts.signed(this.secret, account.toString(), "admin", inAnHour())),
				HttpStatus.UNAUTHORIZED, "role");
		assertProblem(listBroadcasts(TestJwts.signed(this.secret, account.toString(), null, inAnHour())),
				HttpStatus.UNAUTHORIZED, "role");
	}

	@Test
	void refusesAnOperatorTokenWhoseSubjectIsNotAnAccountId() {
		String token = TestJwts.signed(this.secret, "jane@example.com", "authenticated", inAnHour());

		assertProblem(listBroadcasts(token), HttpStatus.UNAUTHORIZED, "sub");
	}

	@Test
	void refusesAnOperatorTokenOfAnAccountThatDoesNotExist() {
		String token = TestJwts.signed(this.secret, UUID.randomUUID().toString(), "authenticated", inAnHour());

		MvcTestResult result = listBroadcasts(token);

		assertThat(result).hasStatus(HttpStatus.UNAUTHORIZED);
		assertThat(result).hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void acceptsAnOperatorTokenMintedOutsideTheServiceWithTheSameSecret() {
		Fixtures.Tenant tenant = this.fixtures.tenant();
		String token = TestJwts.signed(this.secret, tenant.accountId().toString(), "authenticated", inAnHour());

		MvcTestResult result = listBroadcasts(token);

		assertThat(result).hasStatusOk();
		assertThat(result).bodyJson().extractingPath("$.items[0].id").isEqualTo(tenant.broadcastId().toString());
	}

	@Test
	void mintsAnOperatorTokenThatActsForTheAccount() {
		Fixtures.Tenant tenant = this.fixtures.tenant();

		MvcTestResult minted = this.mvc.post().uri("/api/accounts/{id}/tokens", tenant.accountId())
			.header(HttpHeaders.AUTHORIZATION, bearer(this.fixtures.serviceToken())).exchange();

		assertThat(minted).hasStatus(HttpStatus.CREATED);
		Instant expiresAt = Instant.parse(Responses.path(minted, "$.expires_at"));
		assertThat(expiresAt).isCloseTo(Instant.now().plus(Duration.ofDays(30)), within(Duration.ofMinutes(5)));
		MvcTestResult list = listBroadcasts(Responses.path(minted, "$.token"));
		assertThat(list).hasStatusOk();
		assertThat(list).bodyJson().extractingPath("$.total").isEqualTo(1);
		assertThat(list).bodyJson().extractingPath("$.items[0].id").isEqualTo(tenant.broadcastId().toString());
	}

	@Test
	void answersNotFoundWhenMintingForAnUnknownAccount() {
		UUID unknown = UUID.randomUUID();

		MvcTestResult result = this.mvc.post().uri("/api/accounts/{id}/tokens", unknown)
			.header(HttpHeaders.AUTHORIZATION, bearer(this.fixtures.serviceToken())).exchange();

		assertProblem(result, HttpStatus.NOT_FOUND, unknown.toString());
	}

	@Test
	void letsAServiceRoleTokenActForTheNamedAccount() {
		Fixtures.Tenant tenant = this.fixtures.tenant();

		MvcTestResult result = this.mvc.get().uri("/api/broadcasts")
			.header(HttpHeaders.AUTHORIZATION, bearer(this.fixtures.serviceToken()))
			.header("X-Account-Id", tenant.accountId().toString()).exchange();

		assertThat(result).hasStatusOk();
		assertThat(result).bodyJson().extractingPath("$.total").isEqualTo(1);
		assertThat(result).bodyJson().extractingPath("$.items[0].id").isEqualTo(tenant.broadcastId().toString());
	}

	@Test
	void asksAServiceRoleTokenToNameTheAccount() {
		MvcTestResult result = listBroadcasts(this.fixtures.serviceToken());

		assertProblem(result, HttpStatus.BAD_REQUEST, "X-Account-Id");
	}

	@Test
	void rejectsAnAccountHeaderThatIsNotAUuid() {
		MvcTestResult result = this.mvc.get().uri("/api/broadcasts")
			.header(HttpHeaders.AUTHORIZATION, bearer(this.fixtures.serviceToken()))
			.header("X-Account-Id", "acme").exchange();

		assertProblem(result, HttpStatus.BAD_REQUEST, "X-Account-Id");
	}

	@Test
	void answersNotFoundForAServiceRoleRequestOfAnUnknownAccount() {
		UUID unknown = UUID.randomUUID();

		MvcTestResult result = this.mvc.get().uri("/api/broadcasts")
			.header(HttpHeaders.AUTHORIZATION, bearer(this.fixtures.serviceToken()))
			.header("X-Account-Id", unknown.toString()).exchange();

		assertProblem(result, HttpStatus.NOT_FOUND, unknown.toString());
	}

	private String voiceEngineToken() {
		MvcTestResult minted = this.mvc.post().uri("/api/accounts/voice-engine-token")
			.header(HttpHeaders.AUTHORIZATION, bearer(this.fixtures.serviceToken())).exchange();
		assertThat(minted).hasStatus(HttpStatus.CREATED);
		return Responses.path(minted, "$.token");
	}

	private MvcTestResult createAccount(String json) {
		return this.mvc.post().uri("/api/accounts").header(HttpHeaders.AUTHORIZATION, bearer(this.fixtures.serviceToken()))
			.contentType(MediaType.APPLICATION_JSON).content(json).exchange();
	}

	private MvcTestResult listBroadcasts(String token) {
		return this.mvc.get().uri("/api/broadcasts").header(HttpHeaders.AUTHORIZATION, bearer(token)).exchange();
	}

	private static void assertProblem(MvcTestResult result, HttpStatus status, String detailMentions) {
		assertThat(result).hasStatus(status);
		assertThat(result).hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result).bodyJson().extractingPath("$.status").isEqualTo(status.value());
		assertThat(result).bodyJson().extractingPath("$.detail").asString().contains(detailMentions);
	}

	private static String bearer(String token) {
		return "Bearer " + token;
	}

	private static Instant inAnHour() {
		return Instant.now().plus(Duration.ofHours(1));
	}

}
