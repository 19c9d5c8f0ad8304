package com.dialsmart.ghlbroadcast.dnc;

import java.net.URI;
import java.util.List;

import com.dialsmart.ghlbroadcast.account.AccountService;
import com.dialsmart.ghlbroadcast.account.JwtTokens;
import com.dialsmart.ghlbroadcast.support.Fixtures;
import com.dialsmart.ghlbroadcast.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;

/** Each test works in its own new account, so fixed phone numbers never collide across tests. */
class DncApiTests extends IntegrationTest {

	private static final MediaType CSV = MediaType.parseMediaType("text/csv");

	@Autowired
	MockMvcTester mvc;

	@Autowired
	Fixtures fixtures;

	@Autowired
	AccountService accounts;

	@Autowired
	JwtTokens tokens;

	@Autowired
	DncService dnc;

	@Test
	void addsAPhoneAndAnswersOkWhenItIsAlreadyListed() {
		Fixtures.Tenant tenant = this.fixtures.tenant();

		MvcTestResult first = add(tenant.token(), """
				{"phone":"+12125550101","reason":"asked on the phone"}""");
		MvcTestResult again = add(tenant.token(), """
				{"phone":"+12125550101","reason":"another reason"}""");

		assertThat(first).hasStatus(HttpStatus.CREATED);
		assertThat(first).bodyJson().isLenientlyEqualTo("""
				{"phone":"+12125550101","source":"manual","reason":"asked on the phone"}""");
		assertThat(first).bodyJson().extractingPath("$.created_at").isNotNull();
		assertThat(again).hasStatus(HttpStatus.OK);
		assertThat(again).bodyJson().extractingPath("$.reason").isEqualTo("asked on the phone");
		assertThat(this.dnc.isBlocked(tenant.accountId(), "+12125550101")).isTrue();
	}

	@Test
	void looksUpAListedPhoneInAnyNotation() {
		Fixtures.Tenant tenant = this.fixtures.tenant();
		assertThat(add(tenant.token(), "{\"phone\":\"+12125550101\"}")).hasStatus(HttpStatus.CREATED);

		for (URI uri : List.of(URI.create("/api/dnc/+12125550101"), URI.create("/api/dnc/%2B12125550101"),
				URI.create("/api/dnc/212-555-0101"), URI.create("/api/dnc/(212)%20555-0101"))) {
			MvcTestResult result = this.mvc.get().uri(uri).header(HttpHeaders.AUTHORIZATION, bearer(tenant.token()))
				.exchange();

			assertThat(result).as(uri.toString()).hasStatusOk();
			assertThat(result).bodyJson().extractingPath("$.phone").isEqualTo("+12125550101");
			assertThat(result).bodyJson().extractingPath("$.source").isEqualTo("manual");
		}
	}

	@Test
	void answersNotFoundForAPhoneThatIsNotListed() {
		Fixtures.Tenant tenant = this.fixtures.tenant();

		assertProblem(lookup(tenant.token(), "+12125550199"), HttpStatus.NOT_FOUND, "Do-Not-Call");
	}

	@Test
	void removesAPhoneOnce() {
		Fixtures.Tenant tenant = this.fixtures.tenant();
		assertThat(add(tenant.token(), "{\"phone\":\"+12125550101\"}")).hasStatus(HttpStatus.CREATED);

		MvcTestResult removed = remove(tenant.token(), "%2B12125550101");

		assertThat(removed).hasStatus(HttpStatus.NO_CONTENT);
		assertThat(this.dnc.isBlocked(tenant.accountId(), "+12125550101")).isFalse();
		assertProblem(lookup(tenant.token(), "+12125550101"), HttpStatus.NOT_FOUND, "+12125550101");
		assertProblem(remove(tenant.token(), "+12125550101"), HttpStatus.NOT_FOUND, "+12125550101");
	}

	@Test
	void readsNationalNumbersWithTheAccountsRegion() {
		String gbToken = this.tokens.operatorToken(this.accounts.create("London Lettings", "GB").id()).token();
		String usToken = this.fixtures.tenant().token();

		MvcTestResult gb = add(gbToken, "{\"phone\":\"020 7946 0123\"}");
		MvcTestResult us = add(usToken, "{\"phone\":\"(212) 555-0101\"}");

		assertThat(gb).hasStatus(HttpStatus.CREATED);
		assertThat(gb).bodyJson().extractingPath("$.phone").isEqualTo("+442079460123");
		assertThat(lookup(gbToken, "02079460123")).hasStatusOk();
		assertThat(us).hasStatus(HttpStatus.CREATED);
		assertThat(us).bodyJson().extractingPath("$.phone").isEqualTo("+12125550101");
	}

	@Test
	void rejectsAnInvalidPhone() {
		Fixtures.Tenant tenant = this.fixtures.tenant();

		assertProblem(add(tenant.token(), "{\"phone\":\"12345\"}"), HttpStatus.BAD_REQUEST, "phone");
		assertProblem(add(tenant.token(), "{\"phone\":\"+15551234567\"}"), HttpStatus.BAD_REQUEST, "phone");
		assertProblem(add(tenant.token(), "{}"), HttpStatus.BAD_REQUEST, "phone");
		assertProblem(lookup(tenant.token(), "call-me"), HttpStatus.BAD_REQUEST, "phone");
		assertProblem(remove(tenant.token(), "call-me"), HttpStatus.BAD_REQUEST, "phone");
	}

	@Test
	void importsAOneColumnFile() {
		Fixtures.Tenant tenant = this.fixtures.tenant();
		assertThat(add(tenant.token(), "{\"phone\":\"+12125550103\"}")).hasStatus(HttpStatus.CREATED);
		String csv = String.join("\n",
				"+12125550101",
				"",
				"(212) 555-0102",
				"+12125550101",
				"not-a-phone",
				"212.555.0103",
				"+15551234567",
				"",
				"  212 555 0104  ",
				"");

		MvcTestResult result = importCsv(tenant.token(), csv);

		assertThat(result).hasStatusOk();
		assertThat(result).bodyJson().extractingPath("$.added").isEqualTo(3);
		assertThat(result).bodyJson().extractingPath("$.duplicate").isEqualTo(2);
		assertThat(result).bodyJson().extractingPath("$.invalid").isEqualTo(2);
		assertThat(result).bodyJson().extractingPath("$.invalid_lines[*].line").isEqualTo(List.of(5, 7));
		assertThat(result).bodyJson().extractingPath("$.invalid_lines[0].value").isEqualTo("not-a-phone");
		assertThat(result).bodyJson().extractingPath("$.invalid_lines[1].problem").asString().contains("+15551234567");
		for (String phone : List.of("+12125550101", "+12125550102", "+12125550104")) {
			assertThat(lookup(tenant.token(), phone)).bodyJson().extractingPath("$.source").isEqualTo("import");
		}
		assertThat(lookup(tenant.token(), "+12125550103")).bodyJson().extractingPath("$.source").isEqualTo("manual");
	}

	@Test
	void importsTheNamedColumnOfAFileWithAHeaderRow() {
		Fixtures.Tenant tenant = this.fixtures.tenant();
		assertThat(add(tenant.token(), "{\"phone\":\"+12125550103\"}")).hasStatus(HttpStatus.CREATED);
		String csv = String.join("\r\n",
				"first_name,Phone,email",
				"Jane,+12125550101,jane@example.com",
				"",
				"Joe,212-555-0102,",
				"Ann,\"(212) 555-0102\",ann@example.com",
				"Bob,12345,bob@example.com",
				"Liz,+12125550103,",
				"Sam",
				"");

		MvcTestResult result = importCsv(tenant.token(), csv);

		assertThat(result).hasStatusOk();
		assertThat(result).bodyJson().isLenientlyEqualTo("""
				{"added":2,"duplicate":2,"invalid":2}""");
		assertThat(result).bodyJson().extractingPath("$.invalid_lines[*].line").isEqualTo(List.of(6, 8));
		assertThat(this.dnc.isBlocked(tenant.accountId(), "+12125550101")).isTrue();
		assertThat(this.dnc.isBlocked(tenant.accountId(), "+12125550102")).isTrue();
	}

	@Test
	void importsFilesSavedByExcelWithAByteOrderMark() {
		Fixtures.Tenant tenant = this.fixtures.tenant();

		MvcTestResult withHeader = importCsv(tenant.token(), "\uFEFFphone,name\r\n+12125550101,Jane\r\n");
		MvcTestResult oneColumn = importCsv(tenant.token(), "\uFEFF+12125550102\r\n+12125550103\r\n");

		assertThat(withHeader).hasStatusOk();
		assertThat(withHeader).bodyJson().isLenientlyEqualTo("""
				{"added":1,"duplicate":0,"invalid":0,"invalid_lines":[]}""");
		assertThat(oneColumn).hasStatusOk();
		assertThat(oneColumn).bodyJson().isLenientlyEqualTo("""
				{"added":2,"duplicate":0,"invalid":0,"invalid_lines":[]}""");
	}

	@Test
	void reportsAnInvalidLastLineWithoutALineBreak() {
		Fixtures.Tenant tenant = this.fixtures.tenant();

		MvcTestResult result = importCsv(tenant.token(), "+12125550101\n\nnope");

		assertThat(result).bodyJson().isLenientlyEqualTo("""
				{"added":1,"duplicate":0,"invalid":1,"invalid_lines":[{"line":3,"value":"nope"}]}""");
	}

	@Test
	void rejectsAMultiColumnFileWithoutAPhoneHeader() {
		Fixtures.Tenant tenant = this.fixtures.tenant();

		MvcTestResult result = importCsv(tenant.token(), "Jane,+12125550101\nJoe,+12125550102\n");

		assertProblem(result, HttpStatus.BAD_REQUEST, "phone");
		assertThat(this.dnc.isBlocked(tenant.accountId(), "+12125550101")).isFalse();
	}

	@Test
	void refusesAnImportThatIsNotCsv() {
		Fixtures.Tenant tenant = this.fixtures.tenant();

		MvcTestResult result = this.mvc.post().uri("/api/dnc/import")
			.header(HttpHeaders.AUTHORIZATION, bearer(tenant.token()))
			.contentType(MediaType.APPLICATION_JSON).content("{\"phone\":\"+12125550101\"}").exchange();

		assertThat(result).hasStatus(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
		assertThat(result).hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void triggerSkipsAListedPhone() {
		Fixtures.Tenant tenant = this.fixtures.tenant();
		assertThat(add(tenant.token(), "{\"phone\":\"(212) 555-0101\"}")).hasStatus(HttpStatus.CREATED);

		MvcTestResult result = this.mvc.post().uri("/functions/v1/ghl-webhook-trigger")
			.contentType(MediaType.APPLICATION_JSON).content("""
					{"action":"add_to_broadcast","webhook_key":"%s","broadcast_id":"%s","phone":"+1 212 555 0101"}"""
				.formatted(tenant.webhookKey(), tenant.broadcastId()))
			.exchange();

		assertThat(result).hasStatusOk();
		assertThat(result).bodyJson().extractingPath("$.success").isEqualTo(true);
		assertThat(result).bodyJson().extractingPath("$.status").isEqualTo("skipped_dnc");
		assertThat(result).bodyJson().extractingPath("$.queue_item_id").isNull();
		assertThat(this.mvc.get().uri("/api/broadcasts/{id}", tenant.broadcastId())
			.header(HttpHeaders.AUTHORIZATION, bearer(tenant.token())).exchange()).bodyJson()
			.extractingPath("$.queue.total").isEqualTo(0);
	}

	@Test
	void triggerQueuesAPhoneAgainOnceItIsRemoved() {
		Fixtures.Tenant tenant = this.fixtures.tenant();
		assertThat(add(tenant.token(), "{\"phone\":\"+12125550101\"}")).hasStatus(HttpStatus.CREATED);
		assertThat(remove(tenant.token(), "+12125550101")).hasStatus(HttpStatus.NO_CONTENT);

		MvcTestResult result = this.mvc.post().uri("/functions/v1/ghl-webhook-trigger")
			.contentType(MediaType.APPLICATION_JSON).content("""
					{"action":"add_to_broadcast","webhook_key":"%s","broadcast_id":"%s","phone":"+12125550101"}"""
				.formatted(tenant.webhookKey(), tenant.broadcastId()))
			.exchange();

		assertThat(result).bodyJson().extractingPath("$.status").isEqualTo("queued");
	}

	private MvcTestResult add(String token, String json) {
		return this.mvc.post().uri("/api/dnc").header(HttpHeaders.AUTHORIZATION, bearer(token))
			.contentType(MediaType.APPLICATION_JSON).content(json).exchange();
	}

	private MvcTestResult lookup(String token, String phone) {
		return this.mvc.get().uri(URI.create("/api/dnc/" + phone)).header(HttpHeaders.AUTHORIZATION, bearer(token))
			.exchange();
	}

	private MvcTestResult remove(String token, String phone) {
		return this.mvc.delete().uri(URI.create("/api/dnc/" + phone)).header(HttpHeaders.AUTHORIZATION, bearer(token))
			.exchange();
	}

	private MvcTestResult importCsv(String token, String csv) {
		return this.mvc.post().uri("/api/dnc/import").header(HttpHeaders.AUTHORIZATION, bearer(token))
			.contentType(CSV).content(csv).exchange();
	}

	private static void assertProblem(MvcTestResult result, HttpStatus status, String detailMentions) {
		assertThat(result).hasStatus(status);
		assertThat(result).hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result).bodyJson().extractingPath("$.detail").asString().contains(detailMentions);
	}

	private static String bearer(String token) {
		return "Bearer " + token;
	}

}
