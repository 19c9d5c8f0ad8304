package com.dialsmart.ghlbroadcast.calls;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Twilio dialer against a fake Twilio REST API (WireMock): what call it creates, and how refusals map. */
class TwilioDialerTests {

	private static final String CALLS = "/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Calls.json";

	static WireMockServer twilio;

	TwilioDialer dialer;

	@BeforeAll
	static void startFakeTwilio() {
		twilio = new WireMockServer(options().dynamicPort());
		twilio.start();
	}

	@AfterAll
	static void stopFakeTwilio() {
		twilio.stop();
	}

	@BeforeEach
	void setUp() {
		twilio.resetAll();
		this.dialer = new TwilioDialer(new TwilioProperties("AC0123456789abcdef0123456789abcdef", "twilio-token",
				"+12125550100", "https://calls.example.test/", twilio.baseUrl(), "DetectMessageEnd",
				Duration.ofSeconds(25), Duration.ofMinutes(4)));
	}

	private static Dialer.DialRequest request(UUID item, String message) {
		return new Dialer.DialRequest(item, UUID.randomUUID(), UUID.randomUUID(), "+13105550123", "Jane", 1, message);
	}

	private static List<String> values(LoggedRequest request, String name) {
		List<String> values = new ArrayList<>();
		for (String pair : request.getBodyAsString().split("&")) {
			int eq = pair.indexOf('=');
			if (URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8).equals(name)) {
				values.add(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
			}
		}
		return values;
	}

	@Test
	void createsACallThatPlaysTheMessageGathersOneKeyAndReportsToTheSignedEndpoint() throws Exception {
		twilio.stubFor(post(urlEqualTo(CALLS)).willReturn(aResponse().withStatus(201)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"sid\":\"CA11111111111111111111111111111111\",\"status\":\"queued\"}")));
		UUID item = UUID.randomUUID();

		String callId = this.dialer.dial(request(item, "Hello & welcome <3"));

		assertThat(callId).isEqualTo("CA11111111111111111111111111111111");
		List<LoggedRequest> requests = twilio.findAll(postRequestedFor(urlEqualTo(CALLS)));
		assertThat(requests).hasSize(1);
		LoggedRequest sent = requests.get(0);
		String callback = "https://calls.example.test/functions/v1/call-tracking-webhook/twilio?queue_item_id=" + item;
		assertThat(sent.getHeader("Authorization")).isEqualTo("Basic " + java.util.Base64.getEncoder()
			.encodeToString("AC0123456789abcdef0123456789abcdef:twilio-token".getBytes(StandardCharsets.UTF_8)));
		assertThat(values(sent, "To")).containsExactly("+13105550123");
		assertThat(values(sent, "From")).containsExactly("+12125550100");
		assertThat(values(sent, "StatusCallback")).containsExactly(callback);
		assertThat(values(sent, "StatusCallbackMethod")).containsExactly("POST");
		assertThat(values(sent, "StatusCallbackEvent")).containsExactlyInAnyOrder("initiated", "ringing", "answered",
				"completed");
		assertThat(values(sent, "MachineDetection")).containsExactly("DetectMessageEnd");
		assertThat(values(sent, "Timeout")).containsExactly("25");
		assertThat(values(sent, "TimeLimit")).containsExactly("240");
		assertThat(values(sent, "Twiml")).singleElement().isEqualTo("<Response><Gather input=\"dtmf\" numDigits=\"1\" "
				+ "timeout=\"5\" method=\"POST\" action=\"" + callback.replace("&", "&amp;") + "\">"
				+ "<Say>Hello &amp; welcome &lt;3</Say></Gather></Response>");
	}

	@Test
	void treatsARefusedNumberAsFinalAndAnOutageAsPassing() {
		twilio.stubFor(post(urlEqualTo(CALLS)).willReturn(aResponse().withStatus(400)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"code\":21211,\"message\":\"Invalid 'To' Phone Number\",\"status\":400}")));
		assertThatThrownBy(() -> this.dialer.dial(request(UUID.randomUUID(), null)))
			.isInstanceOfSatisfying(Dialer.DialException.class, ex -> {
				assertThat(ex.transientFailure()).isFalse();
				assertThat(ex.getMessage()).contains("21211");
			});

		twilio.resetAll();
		twilio.stubFor(post(urlEqualTo(CALLS)).willReturn(aResponse().withStatus(503)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"code\":20503,\"message\":\"Service unavailable\",\"status\":503}")));
		assertThatThrownBy(() -> this.dialer.dial(request(UUID.randomUUID(), null)))
			.isInstanceOfSatisfying(Dialer.DialException.class, ex -> assertThat(ex.transientFailure()).isTrue());
	}

	@Test
	void refusesToStartWithoutThePublicUrl() {
		assertThatThrownBy(() -> new TwilioDialer(new TwilioProperties("AC1", "token", "+12125550100", null,
				twilio.baseUrl(), "Enable", Duration.ofSeconds(30), Duration.ofMinutes(5))))
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("public-base-url");
	}

}
