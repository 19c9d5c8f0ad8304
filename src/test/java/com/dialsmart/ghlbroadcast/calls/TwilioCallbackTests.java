package com.dialsmart.ghlbroadcast.calls;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.dialsmart.ghlbroadcast.support.Fixtures;
import com.dialsmart.ghlbroadcast.support.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.event.RecordApplicationEvents;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Twilio's signed status callbacks. The signature is computed here from Twilio's documented algorithm
 * (base64 of HMAC-SHA1 with the auth token over the URL followed by every POST parameter's name and value, sorted by
 * name), independently of the code under test.
 */
@RecordApplicationEvents
class TwilioCallbackTests extends IntegrationTest {

	/** {@code app.twilio.auth-token} and {@code app.twilio.public-base-url} of the test properties. */
	private static final String AUTH_TOKEN = "test-twilio-auth-token-0123456789";

	private static final String PUBLIC_BASE = "https://calls.example.test";

	private static final String PATH = "/functions/v1/call-tracking-webhook/twilio";

	@Autowired
	MockMvcTester mvc;

	@Autowired
	Fixtures fixtures;

	@Autowired
	CallsTestSupport support;

	Fixtures.Tenant tenant;

	UUID item;

	String phone;

	@BeforeEach
	void setUp() {
		this.tenant = this.fixtures.tenant();
		this.phone = Fixtures.uniquePhone();
		this.item = this.support.enqueue(this.tenant.accountId(), this.tenant.broadcastId(), this.phone, null);
	}

	static String sign(String url, Map<String, String> params) throws Exception {
		StringBuilder data = new StringBuilder(url);
		params.keySet().stream().sorted().forEach(key -> data.append(key).append(params.get(key)));
		Mac mac = Mac.getInstance("HmacSHA1");
		mac.init(new SecretKeySpec(AUTH_TOKEN.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
		return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
	}

	private Map<String, String> statusCallback(String callSid, String status) {
		Map<String, String> params = new LinkedHashMap<>();
		params.put("AccountSid", "AC00000000000000000000000000000000");
		params.put("CallSid", callSid);
		params.put("CallStatus", status);
		params.put("To", this.phone);
		params.put("From", "+12125550100");
		params.put("Direction", "outbound-api");
		params.put("ApiVersion", "2010-04-01");
		return params;
	}

	private MvcTestResult send(Map<String, String> params, String signature) {
		var request = this.mvc.post().uri(PATH + "?queue_item_id=" + this.item)
			.contentType(MediaType.APPLICATION_FORM_URLENCODED);
		params.forEach(request::param);
		if (signature != null) {
			request.header("X-Twilio-Signature", signature);
		}
		return request.exchange();
	}

	private String url() {
		return PUBLIC_BASE + PATH + "?queue_item_id=" + this.item;
	}

	@Test
	void recordsASignedCallFromRingingToAnOptOut() throws Exception {
		String callSid = "CA" + UUID.randomUUID().toString().replace("-", "");
		Map<String, String> ringing = statusCallback(callSid, "ringing");
		assertThat(send(ringing, sign(url(), ringing))).hasStatusOk();

		// the <Gather> action posts the key while the call is live
		Map<String, String> gather = statusCallback(callSid, "in-progress");
		gather.put("Digits", "9");
		MvcTestResult gathered = send(gather, sign(url(), gather));
		assertThat(gathered).hasStatusOk();
		assertThat(gathered).bodyText().contains("<Hangup/>");
		assertThat(this.support.item(this.item).status()).isEqualTo("pending");

		Map<String, String> completed = statusCallback(callSid, "completed");
		completed.put("AnsweredBy", "human");
		completed.put("CallDuration", "25");
		completed.put("Timestamp", "Wed, 04 Feb 2026 15:30:00 +0000");
		MvcTestResult done = send(completed, sign(url(), completed));
		assertThat(done).hasStatusOk();
		assertThat(done).hasContentTypeCompatibleWith(MediaType.TEXT_XML);

		CallsTestSupport.Item row = this.support.item(this.item);
		assertThat(row.status()).isEqualTo("completed");
		assertThat(row.lastOutcome()).isEqualTo("answered");
		assertThat(row.dtmf()).isEqualTo("9");
		assertThat(this.support.attempts(this.item)).singleElement().satisfies(attempt -> assertThat(attempt)
			.containsEntry("provider", "twilio").containsEntry("provider_call_id", callSid)
			.containsEntry("outcome", "answered").containsEntry("duration_seconds", 25).containsEntry("dtmf", "9"));
		assertThat(this.support.jdbc().sql("select source from dnc_list where user_id = ? and phone = ?")
			.param(this.tenant.accountId()).param(this.phone).query(String.class).list())
			.containsExactly("dtmf_opt_out");

		// Twilio retries a callback it thinks failed: nothing changes
		assertThat(send(completed, sign(url(), completed))).hasStatusOk();
		assertThat(this.support.attempts(this.item)).hasSize(1);
	}

	@Test
	void mapsTwilioStatusesAndMachineDetection() throws Exception {
		Map<String, String> voicemail = statusCallback("CA" + UUID.randomUUID().toString().replace("-", ""),
				"completed");
		voicemail.put("AnsweredBy", "machine_end_beep");
		assertThat(send(voicemail, sign(url(), voicemail))).hasStatusOk();
		assertThat(this.support.item(this.item).lastOutcome()).isEqualTo("voicemail");
	}

	@Test
	void refusesATamperedRequestAndStoresNothing() throws Exception {
		Map<String, String> signed = statusCallback("CA" + UUID.randomUUID().toString().replace("-", ""), "completed");
		String signature = sign(url(), signed);
		Map<String, String> tampered = new LinkedHashMap<>(signed);
		tampered.put("CallStatus", "busy");
		assertThat(send(tampered, signature)).hasStatus(403);
		// the same parameters signed for another queue item's URL
		Map<String, String> other = statusCallback("CA" + UUID.randomUUID().toString().replace("-", ""), "completed");
		assertThat(send(other, sign(PUBLIC_BASE + PATH + "?queue_item_id=" + UUID.randomUUID(), other)))
			.hasStatus(403);
		assertThat(this.support.attempts(this.item)).isEmpty();
		assertThat(this.support.item(this.item).status()).isEqualTo("pending");
	}

	@Test
	void refusesAMissingSignatureAndStoresNothing() {
		Map<String, String> params = statusCallback("CA" + UUID.randomUUID().toString().replace("-", ""), "completed");
		assertThat(send(params, null)).hasStatus(403);
		assertThat(this.support.attempts(this.item)).isEmpty();
		assertThat(this.support.item(this.item).status()).isEqualTo("pending");
	}

	@Test
	void checksTheSignatureAgainstThePublicUrlNotTheInternalOne() throws Exception {
		Map<String, String> params = statusCallback("CA" + UUID.randomUUID().toString().replace("-", ""), "completed");
		// what the service sees behind a TLS-terminating proxy
		String internal = "http://localhost" + PATH + "?queue_item_id=" + this.item;
		assertThat(send(params, sign(internal, params))).hasStatus(403);
		assertThat(send(params, sign(url(), params))).hasStatusOk();
	}

	@Test
	void answersNotFoundForAnUnknownItemOnlyAfterTheSignatureHolds() throws Exception {
		UUID unknown = UUID.randomUUID();
		Map<String, String> params = statusCallback("CA" + UUID.randomUUID().toString().replace("-", ""), "completed");
		String unknownUrl = PUBLIC_BASE + PATH + "?queue_item_id=" + unknown;
		var request = this.mvc.post().uri(PATH + "?queue_item_id=" + unknown)
			.contentType(MediaType.APPLICATION_FORM_URLENCODED).header("X-Twilio-Signature", sign(unknownUrl, params));
		params.forEach(request::param);
		assertThat(request.exchange()).hasStatus(404);
	}

}
