package com.dialsmart.ghlbroadcast.shared;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.dialsmart.ghlbroadcast.support.Fixtures;
import com.dialsmart.ghlbroadcast.support.IntegrationTest;
import com.dialsmart.ghlbroadcast.support.Responses;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shape of a 400 of the operator API: problem details whose {@code detail} names each field as the client sent
 * it, and whose {@code errors} list the same machine-readably, whether Bean Validation, the JSON reader, a query
 * parameter or a rule on stored state found the problem.
 */
class ValidationProblemTests extends IntegrationTest {

	@Autowired
	MockMvcTester mvc;

	@Autowired
	Fixtures fixtures;

	@Test
	void listsEveryBrokenConstraintOfABodyByItsJsonName() {
		Fixtures.Tenant tenant = this.fixtures.tenant();

		MvcTestResult result = send(tenant.token(), HttpMethod.POST, "/api/broadcasts", """
				{"name":"n","max_attempts":0,"calls_per_minute":6001,"dtmf_actions":{"1":"transfer","A":"opt_out"}}""");

		assertBadRequest(result, List.of(
				error("calls_per_minute", "must be between 1 and 6000"),
				error("dtmf_actions", "'A' is not a key; use 0-9, * or #"),
				error("dtmf_actions.1", "must be one of callback_requested, opt_out, none"),
				error("max_attempts", "must be between 1 and 10")));
		assertThat(result).bodyJson().extractingPath("$.detail").asString()
			.isEqualTo("calls_per_minute: must be between 1 and 6000; dtmf_actions: 'A' is not a key; use 0-9, * or #; "
					+ "dtmf_actions.1: must be one of callback_requested, opt_out, none; "
					+ "max_attempts: must be between 1 and 10");
	}

	@Test
	void requiresANameOnCreateOnly() {
		Fixtures.Tenant tenant = this.fixtures.tenant();

		assertBadRequest(send(tenant.token(), HttpMethod.POST, "/api/broadcasts", "{\"max_attempts\":2}"),
				List.of(error("name", "is required")));
		assertThat(send(tenant.token(), HttpMethod.PATCH, "/api/broadcasts/" + tenant.broadcastId(),
				"{\"max_attempts\":2}")).hasStatusOk();
	}

	@Test
	void checksTheCallingWindowAsAWholeWhenBothEndsAreSent() {
		Fixtures.Tenant tenant = this.fixtures.tenant();

		assertBadRequest(send(tenant.token(), HttpMethod.POST, "/api/broadcasts", """
				{"name":"n","calling_window_start":"18:00","calling_window_end":"08:00"}"""),
				List.of(error("calling_window_end",
						"must be after calling_window_start, both in the contact's local time")));
		assertBadRequest(send(tenant.token(), HttpMethod.POST, "/api/broadcasts", """
				{"name":"n","calling_window_start":"9am"}"""),
				List.of(error("calling_window_start", "is not a time; use HH:mm such as 09:00")));
	}

	@Test
	void checksAChangeOfOneEndAgainstTheStoredOtherEnd() {
		Fixtures.Tenant tenant = this.fixtures.tenant();

		assertBadRequest(send(tenant.token(), HttpMethod.PATCH, "/api/broadcasts/" + tenant.broadcastId(), """
				{"calling_window_start":"21:00"}"""),
				List.of(error("calling_window_start",
						"must be before calling_window_end, which is 20:00 (both in the contact's local time)")));
	}

	@Test
	void namesTheFieldOfAValueOfTheWrongType() {
		Fixtures.Tenant tenant = this.fixtures.tenant();

		assertBadRequest(send(tenant.token(), HttpMethod.POST, "/api/broadcasts", """
				{"name":"n","max_attempts":"many"}"""),
				List.of(error("max_attempts", "has the wrong type; expected a whole number")));
		assertBadRequest(send(tenant.token(), HttpMethod.POST, "/api/ghl/pending-updates/retry", """
				{"ids":["not-a-uuid"]}"""), List.of(error("ids[0]", "has the wrong type; expected a UUID")));
	}

	@Test
	void namesAListElementByItsIndex() {
		Fixtures.Tenant tenant = this.fixtures.tenant();

		assertBadRequest(send(tenant.token(), HttpMethod.POST, "/api/ghl/pending-updates/retry",
				"{\"ids\":[\"" + UUID.randomUUID() + "\",null]}"),
				List.of(error("ids[1]", "must be an update id (a UUID)")));
	}

	@Test
	void namesAQueryParameterAsSent() {
		Fixtures.Tenant tenant = this.fixtures.tenant();

		assertBadRequest(send(tenant.token(), HttpMethod.GET, "/api/broadcasts?size=ten", null),
				List.of(error("size", "has an invalid value; expected a whole number")));
		assertBadRequest(send(tenant.token(), HttpMethod.GET, "/api/broadcasts?size=0", null),
				List.of(error("size", "must be between 1 and 200")));
	}

	@Test
	void listsSettingsAndAccountFieldsToo() {
		Fixtures.Tenant tenant = this.fixtures.tenant();

		assertBadRequest(send(tenant.token(), HttpMethod.PUT, "/api/ghl/settings", """
				{"auth_mode":"basic","access_token":"Bearer abc"}"""), List.of(
				error("access_token", "must be the token exactly as GHL shows it (printable ASCII without spaces, "
						+ "at most 8192 characters)"),
				error("auth_mode", "must be 'private_token' (a Private Integration Token) or 'oauth'")));
		assertBadRequest(send(this.fixtures.serviceToken(), HttpMethod.POST, "/api/accounts", """
				{"name":" ","default_phone_region":"XX"}"""), List.of(
				error("default_phone_region",
						"is not a two-letter region code libphonenumber knows, such as US, CA or GB"),
				error("name", "must be 1 to 200 characters")));
		assertBadRequest(send(tenant.token(), HttpMethod.POST, "/api/dnc", "{\"reason\":\"asked\"}"),
				List.of(error("phone", "is required")));
	}

	private static Map<String, String> error(String field, String message) {
		return Map.of("field", field, "message", message);
	}

	private static void assertBadRequest(MvcTestResult result, List<Map<String, String>> errors) {
		assertThat(result).hasStatus(HttpStatus.BAD_REQUEST);
		assertThat(result).hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result).bodyJson().extractingPath("$.errors").as(Responses.body(result)).isEqualTo(errors);
		for (Map<String, String> error : errors) {
			assertThat(result).bodyJson().extractingPath("$.detail").asString()
				.contains(error.get("field") + ": " + error.get("message"));
		}
	}

	private MvcTestResult send(String token, HttpMethod method, String uri, String json) {
		var request = this.mvc.method(method).uri(uri).header(HttpHeaders.AUTHORIZATION, "Bearer " + token);
		if (json != null) {
			request.contentType(MediaType.APPLICATION_JSON).content(json);
		}
		return request.exchange();
	}

}
