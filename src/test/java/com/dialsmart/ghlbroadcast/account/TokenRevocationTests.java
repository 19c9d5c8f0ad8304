package com.dialsmart.ghlbroadcast.account;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

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
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code POST /api/accounts/{id}/tokens/revoke}: an account's operator tokens issued before it answer 401. */
class TokenRevocationTests extends IntegrationTest {

	@Autowired
	MockMvcTester mvc;

	@Autowired
	Fixtures fixtures;

	@Autowired
	JdbcClient jdbc;

	@Value("${app.auth.jwt-secret}")
	String secret;

	@Test
	void refusesEveryOperatorTokenIssuedBeforeTheRevocationEvenOneAlreadyVerified() {
		Fixtures.Tenant tenant = this.fixtures.tenant();
		Fixtures.Tenant other = this.fixtures.tenant();
		String external = TestJwts.signed(this.secret, tenant.accountId().toString(), "authenticated",
				Instant.now().plus(Duration.ofHours(1)));
		assertThat(listBroadcasts(tenant.token())).hasStatusOk(); // now kept by the VerifiedTokenCache
		assertThat(listBroadcasts(external)).hasStatusOk();

		MvcTestResult revoked = revoke(tenant.accountId(), this.fixtures.serviceToken());

		assertThat(revoked).hasStatusOk();
		assertThat(revoked).bodyJson().extractingPath("$.account_id").isEqualTo(tenant.accountId().toString());
		assertThat(Instant.parse(Responses.path(revoked, "$.revoked_before"))).isAfter(Instant.now().minusSeconds(1));
		for (String token : new String[] { tenant.token(), external }) {
			MvcTestResult result = listBroadcasts(token);
			assertThat(result).hasStatus(HttpStatus.UNAUTHORIZED);
			assertThat(result).bodyJson().extractingPath("$.detail").asString().contains("revoked");
		}
		assertThat(listBroadcasts(other.token())).hasStatusOk();
	}

	@Test
	void acceptsATokenMintedRightAfterTheRevocation() {
		Fixtures.Tenant tenant = this.fixtures.tenant();
		assertThat(revoke(tenant.accountId(), this.fixtures.serviceToken())).hasStatusOk();

		MvcTestResult minted = this.mvc.post().uri("/api/accounts/{id}/tokens", tenant.accountId())
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + this.fixtures.serviceToken()).exchange();

		assertThat(minted).hasStatus(HttpStatus.CREATED);
		assertThat(listBroadcasts(Responses.path(minted, "$.token"))).hasStatusOk();
		assertThat(listBroadcasts(tenant.token())).hasStatus(HttpStatus.UNAUTHORIZED);
	}

	@Test
	void leavesServiceRoleTokensAndOtherAccountsAlone() {
		Fixtures.Tenant tenant = this.fixtures.tenant();
		String service = this.fixtures.serviceToken();
		assertThat(revoke(tenant.accountId(), service)).hasStatusOk();

		assertThat(this.mvc.get().uri("/api/broadcasts").header(HttpHeaders.AUTHORIZATION, "Bearer " + service)
			.header(Caller.ACCOUNT_HEADER, tenant.accountId().toString()).exchange()).hasStatusOk();
	}

	@Test
	void answersNotFoundForAnUnknownAccountAndForbiddenToAnOperator() {
		Fixtures.Tenant tenant = this.fixtures.tenant();

		assertThat(revoke(UUID.randomUUID(), this.fixtures.serviceToken())).hasStatus(HttpStatus.NOT_FOUND);
		assertThat(revoke(tenant.accountId(), tenant.token())).hasStatus(HttpStatus.FORBIDDEN);
		assertThat(listBroadcasts(tenant.token())).hasStatusOk();
	}

	/** Another instance revoked (a plain update here): this one refuses the token once its copy is stale. */
	@Test
	void seesAnotherInstancesRevocationWithinTheBound() {
		Fixtures.Tenant tenant = this.fixtures.tenant();
		AtomicLong nanos = new AtomicLong();
		TokenRevocations revocations = new TokenRevocations(this.jdbc, Clock.systemUTC(), nanos::get);
		Instant issuedAt = Instant.now().minusSeconds(10);
		assertThat(revocations.revoked(tenant.accountId(), issuedAt)).isFalse();

		this.jdbc.sql("update accounts set tokens_revoked_before = now() where id = ?").param(tenant.accountId())
			.update();
		nanos.addAndGet(TokenRevocations.STALE_AT_MOST.minusMillis(1).toNanos());
		boolean beforeTheBound = revocations.revoked(tenant.accountId(), issuedAt);
		nanos.addAndGet(Duration.ofMillis(2).toNanos());

		assertThat(beforeTheBound).isFalse();
		assertThat(revocations.revoked(tenant.accountId(), issuedAt)).isTrue();
		assertThat(revocations.revoked(tenant.accountId(), Instant.now().plusSeconds(1))).isFalse();
	}

	private MvcTestResult revoke(UUID account, String token) {
		return this.mvc.post().uri("/api/accounts/{id}/tokens/revoke", account)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token).contentType(MediaType.APPLICATION_JSON).exchange();
	}

	private MvcTestResult listBroadcasts(String token) {
		return this.mvc.get().uri("/api/broadcasts").header(HttpHeaders.AUTHORIZATION, "Bearer " + token).exchange();
	}

}
