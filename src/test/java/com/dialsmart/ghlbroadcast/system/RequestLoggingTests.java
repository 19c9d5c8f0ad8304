package com.dialsmart.ghlbroadcast.system;

import java.util.List;
import java.util.UUID;

import com.dialsmart.ghlbroadcast.support.Fixtures;
import com.dialsmart.ghlbroadcast.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class RequestLoggingTests extends IntegrationTest {

	private static final String REQUEST_LOGGER = "RequestLoggingFilter";

	@Autowired
	MockMvcTester mvc;

	@Autowired
	Fixtures fixtures;

	@Test
	void logsOneLineWithMethodPathStatusDurationAndRequestId(CapturedOutput output) {
		Fixtures.Tenant tenant = this.fixtures.tenant();
		String requestId = "req-" + UUID.randomUUID();

		MvcTestResult result = this.mvc.get().uri("/api/broadcasts?page=0&size=5")
			.header("Authorization", "Bearer " + tenant.token())
			.header("X-Request-Id", requestId)
			.exchange();

		assertThat(result).hasStatusOk();
		assertThat(result).headers().hasValue("X-Request-Id", requestId);
		List<String> lines = requestLines(output, requestId);
		assertThat(lines).hasSize(1);
		assertThat(lines.get(0)).containsPattern("GET /api/broadcasts 200 \\d+ms request_id=" + requestId);
	}

	@Test
	void neverLogsQueryStringsHeadersOrBodies(CapturedOutput output) {
		Fixtures.Tenant tenant = this.fixtures.tenant();
		String requestId = "req-" + UUID.randomUUID();

		this.mvc.get().uri("/api/broadcasts?secret=query-" + requestId)
			.header("Authorization", "Bearer " + tenant.token())
			.header("X-Request-Id", requestId)
			.exchange();
		MvcTestResult trigger = this.mvc.post().uri("/functions/v1/ghl-webhook-trigger?key=" + tenant.webhookKey())
			.contentType(MediaType.APPLICATION_JSON)
			.header("X-Webhook-Key", tenant.webhookKey())
			.header("X-Request-Id", requestId)
			.content("""
					{"action":"add_to_broadcast","webhook_key":"%s","broadcast_id":"%s","phone":"%s"}"""
				.formatted(tenant.webhookKey(), tenant.broadcastId(), Fixtures.uniquePhone()))
			.exchange();

		assertThat(trigger).hasStatusOk();
		assertThat(requestLines(output, requestId)).hasSize(2)
			.anySatisfy(line -> assertThat(line).contains("POST /functions/v1/ghl-webhook-trigger 200 "));
		assertThat(output.getAll()).doesNotContain(tenant.webhookKey(), tenant.token(), "query-" + requestId,
				tenant.broadcastId().toString());
	}

	@Test
	void logsRequestsThatSecurityRejects(CapturedOutput output) {
		String requestId = "req-" + UUID.randomUUID();

		MvcTestResult result = this.mvc.get().uri("/api/broadcasts").header("X-Request-Id", requestId).exchange();

		assertThat(result).hasStatus(HttpStatus.UNAUTHORIZED);
		assertThat(result).headers().hasValue("X-Request-Id", requestId);
		assertThat(requestLines(output, requestId)).singleElement()
			.satisfies(line -> assertThat(line).contains("GET /api/broadcasts 401 "));
	}

	@Test
	void replacesAnIncomingRequestIdThatIsNotAPlainToken(CapturedOutput output) {
		String tooLong = "a".repeat(65);
		for (String insane : List.of(tooLong, "two words", "id\"}{\"level\":\"ERROR", "<script>")) {
			MvcTestResult result = this.mvc.get().uri("/actuator/health").header("X-Request-Id", insane).exchange();

			String generated = result.getResponse().getHeader("X-Request-Id");
			assertThat(generated).isNotEqualTo(insane).matches("[0-9a-f-]{36}");
			assertThat(requestLines(output, generated)).hasSize(1);
		}
		assertThat(output.getAll()).doesNotContain(tooLong, "two words", "<script>");
	}

	@Test
	void generatesARequestIdWhenNoneIsSent(CapturedOutput output) {
		MvcTestResult first = this.mvc.get().uri("/actuator/health").exchange();
		MvcTestResult second = this.mvc.get().uri("/actuator/health").exchange();

		String id = first.getResponse().getHeader("X-Request-Id");
		assertThat(id).matches("[0-9a-f-]{36}").isNotEqualTo(second.getResponse().getHeader("X-Request-Id"));
		assertThat(requestLines(output, id)).singleElement()
			.satisfies(line -> assertThat(line).contains("GET /actuator/health 200 "));
	}

	@Test
	void printsTheRequestIdFromTheMdcOnConsoleLines(CapturedOutput output) {
		String requestId = "req-" + UUID.randomUUID();

		this.mvc.get().uri("/actuator/health").header("X-Request-Id", requestId).exchange();

		// the console pattern (logging.pattern.correlation) prints the MDC's id before the logger name
		assertThat(requestLines(output, requestId)).singleElement()
			.satisfies(line -> assertThat(line).contains("[" + requestId + "] "));
	}

	private static List<String> requestLines(CapturedOutput output, String requestId) {
		return output.getOut().lines()
			.filter(line -> line.contains(REQUEST_LOGGER) && line.contains("request_id=" + requestId))
			.toList();
	}

}
