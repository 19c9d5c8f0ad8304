package com.dialsmart.ghlbroadcast.ghlsync;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The GHL fake itself: it must refuse what GHL's specs refuse, or the sync's tests would prove nothing. */
class GhlFakeTests {

	private final GhlFake ghl = GhlFake.get();

	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	@BeforeEach
	void reset() {
		this.ghl.reset();
		this.ghl.location("locA", "tokA");
	}

	@AfterEach
	void forgetViolations() {
		this.ghl.reset();
	}

	private HttpResponse<String> send(String method, String path, String version, String token, String body)
			throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.ghl.baseUrl() + path))
			.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
			.header("Content-Type", "application/json");
		if (version != null) {
			request.header("Version", version);
		}
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	@Test
	void acceptsTheSyncsRequestShapes() throws Exception {
		assertThat(send("POST", "/contacts/c1/tags", "2021-07-28", "tokA", "{\"tags\":[\"broadcast_answered\"]}")
			.statusCode()).isEqualTo(201);
		assertThat(send("PUT", "/contacts/c1", "2021-07-28", "tokA",
				"{\"customFields\":[{\"id\":\"f1\",\"field_value\":\"answered\"}]}").statusCode()).isEqualTo(200);
		assertThat(send("POST", "/contacts/c1/notes", "2021-07-28", "tokA", "{\"body\":\"Outcome: answered\"}")
			.statusCode()).isEqualTo(201);
		assertThat(send("POST", "/locations/locA/customFields", "2021-07-28", "tokA",
				"{\"name\":\"Broadcast Outcome\",\"dataType\":\"TEXT\",\"model\":\"contact\"}").statusCode())
			.isEqualTo(201);
		assertThat(this.ghl.violations()).isEmpty();
		assertThat(this.ghl.contact("c1").tags).containsExactly("broadcast_answered");
	}

	@Test
	void refusesBodiesThatDoNotMatchGhlsSchemas() throws Exception {
		// "value" is the read shape, not the write shape; "tag" is not "tags"; a note needs a body
		assertThat(send("PUT", "/contacts/c1", "2021-07-28", "tokA",
				"{\"customFields\":[{\"id\":\"f1\",\"value\":\"answered\"}]}").statusCode()).isEqualTo(422);
		assertThat(send("POST", "/contacts/c1/tags", "2021-07-28", "tokA", "{\"tag\":\"x\"}").statusCode())
			.isEqualTo(422);
		assertThat(send("POST", "/contacts/c1/notes", "2021-07-28", "tokA", "{\"title\":\"x\"}").statusCode())
			.isEqualTo(422);
		assertThat(send("PUT", "/contacts/c1", "2021-07-28", "tokA", "{\"gender\":\"x\"}").statusCode())
			.isEqualTo(422);
		assertThat(this.ghl.violations()).hasSize(4);
	}

	@Test
	void refusesAMissingOrWrongVersionHeader() throws Exception {
		assertThat(send("POST", "/contacts/c1/tags", null, "tokA", "{\"tags\":[\"a\"]}").statusCode()).isEqualTo(422);
		assertThat(send("POST", "/contacts/c1/tags", "2023-02-21", "tokA", "{\"tags\":[\"a\"]}").statusCode())
			.isEqualTo(422);
		assertThat(this.ghl.violations()).hasSize(2);
	}

	@Test
	void refusesUnknownTokensAndOtherLocations() throws Exception {
		assertThat(send("POST", "/contacts/c1/tags", "2021-07-28", "nope", "{\"tags\":[\"a\"]}").statusCode())
			.isEqualTo(401);
		assertThat(send("GET", "/locations/locB/customFields?model=contact", "2021-07-28", "tokA", null).statusCode())
			.isEqualTo(403);
	}

	@Test
	void enforcesTheLocationsLimitPerWindow() throws Exception {
		this.ghl.locationState("locA").limit(3, 3_600_000, true);
		int tooMany = 0;
		for (int i = 0; i < 5; i++) {
			HttpResponse<String> response = send("GET", "/contacts/c1/notes", "2021-07-28", "tokA", null);
			if (response.statusCode() == 429) {
				tooMany++;
				assertThat(response.headers().firstValue("X-RateLimit-Remaining")).hasValue("0");
			}
		}
		assertThat(tooMany).isEqualTo(2);
	}

}
