package com.dialsmart.ghlbroadcast.trigger;

import java.util.Optional;
import java.util.UUID;

import com.dialsmart.ghlbroadcast.account.AccountService;

import com.dialsmart.ghlbroadcast.account.WebhookKeyOwner;
import com.dialsmart.ghlbroadcast.account.WebhookKeyService;
import com.dialsmart.ghlbroadcast.broadcast.BroadcastService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * The trigger's request parsing in a web slice, without a database: the checks that run before anything is stored,
 * and the one error body of the webhooks. Seconds to run, where {@code TriggerBadInputTests} needs the whole service.
 */
@WebMvcTest(GhlWebhookTriggerController.class)
@AutoConfigureMockMvc(addFilters = false) // the trigger authenticates by webhook key, not by Spring Security
@EnableConfigurationProperties(TriggerProperties.class) // with its defaults: a body limit of 64 KiB
class GhlWebhookTriggerControllerTests {

	private static final String URI = "/functions/v1/ghl-webhook-trigger";

	private static final String KEY = "wh_test-key";

	private static final WebhookKeyOwner OWNER = new WebhookKeyOwner(UUID.randomUUID(), "Acme Roofing", "US", "k1",
			"wh_AbC123", false);

	@Autowired
	MockMvcTester mvc;

	@MockitoBean
	WebhookKeyService webhookKeys;

	@MockitoBean
	TriggerRateLimiter rateLimiter;

	@MockitoBean
	TriggerService trigger;

	@MockitoBean
	BroadcastService broadcasts;

	@MockitoBean
	WebhookActivityLog activity;

	@MockitoBean
	TriggerMetrics metrics;

	@MockitoBean // for the Caller argument resolver, which every web slice of this service loads
	AccountService accounts;

	@BeforeEach
	void knownKeyWithinItsLimit() {
		given(this.webhookKeys.authenticate(anyString())).willReturn(Optional.empty());
		given(this.webhookKeys.authenticate(KEY)).willReturn(Optional.of(OWNER));
		given(this.rateLimiter.tryRequest(any())).willReturn(new TriggerRateLimiter.Decision(true, 100, 99, 0));
		given(this.rateLimiter.tryFailedKeyCheck(any())).willReturn(new TriggerRateLimiter.Decision(true, 20, 19, 0));
	}

	@Test
	void answersTheWebhookErrorBodyForAWrongContentType() {
		MvcTestResult result = this.mvc.post().uri(URI).contentType(MediaType.TEXT_PLAIN).content("action=test")
			.exchange();

		assertError(result, HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type");
		verifyNoInteractions(this.webhookKeys);
	}

	@Test
	void refusesABodyLargerThanTheLimitBeforeReadingIt() {
		String large = "{\"action\":\"test\",\"name\":\"" + "x".repeat(65_536) + "\"}";

		MvcTestResult result = post(large);

		assertError(result, HttpStatus.PAYLOAD_TOO_LARGE, "payload_too_large");
		verifyNoInteractions(this.webhookKeys);
	}

	@Test
	void refusesBrokenJsonAndJsonThatIsNotAnObject() {
		assertError(post("{\"action\":"), HttpStatus.BAD_REQUEST, "invalid_json");
		assertError(post("[\"test\"]"), HttpStatus.BAD_REQUEST, "invalid_json");
		assertError(post(""), HttpStatus.BAD_REQUEST, "invalid_json");
		verifyNoInteractions(this.webhookKeys);
	}

	@Test
	void asksForTheKeyBeforeTheAction() {
		MvcTestResult result = post("{\"phone\":\"+12125550123\"}");

		assertError(result, HttpStatus.UNAUTHORIZED, "invalid_webhook_key");
		assertThat(result).bodyJson().extractingPath("$.message").asString().contains("webhook_key is required");
	}

	@Test
	void namesTheMissingOrUnknownAction() {
		assertError(post("{\"webhook_key\":\"" + KEY + "\"}"), HttpStatus.BAD_REQUEST, "missing_action");
		MvcTestResult unknown = post("{\"webhook_key\":\"" + KEY + "\",\"action\":\"add\"}");

		assertError(unknown, HttpStatus.BAD_REQUEST, "unknown_action");
		assertThat(unknown).bodyJson().extractingPath("$.message").asString().contains("'add'");
	}

	@Test
	void checksTheContactsFieldsBeforeQueueingIt() {
		String base = "{\"webhook_key\":\"" + KEY + "\",\"action\":\"add_to_broadcast\",";

		assertError(post(base + "\"phone\":\"+12125550123\"}"), HttpStatus.BAD_REQUEST, "invalid_broadcast_id");
		assertError(post(base + "\"broadcast_id\":\"42\",\"phone\":\"+12125550123\"}"), HttpStatus.BAD_REQUEST,
				"invalid_broadcast_id");
		assertError(post(base + "\"broadcast_id\":\"" + UUID.randomUUID() + "\",\"phone\":\"12345\"}"),
				HttpStatus.BAD_REQUEST, "invalid_phone");
		assertError(post(base + "\"broadcast_id\":\"" + UUID.randomUUID() + "\",\"phone\":\"+12125550123\","
				+ "\"ghl_contact_id\":\"../admin\"}"), HttpStatus.BAD_REQUEST, "invalid_ghl_contact_id");
		verify(this.trigger, never()).add(any(), any(), any(), any());
	}

	@Test
	void takesTheKeyFromTheHeaderToo() {
		MvcTestResult result = this.mvc.post().uri(URI).header(GhlWebhookTriggerController.KEY_HEADER, KEY)
			.contentType(MediaType.APPLICATION_JSON).content("{\"action\":\"test\"}").exchange();

		assertThat(result).hasStatusOk();
		assertThat(result).bodyJson().isStrictlyEqualTo("""
				{"success":true,"message":"Webhook key is valid","account":"Acme Roofing"}""");
	}

	/** What PostgresBuckets throws when bucket4j cannot reach its table (PostgresBucketsTests). */
	@Test
	void answersServiceUnavailableWhenTheRateLimiterCannotReachTheDatabase() {
		given(this.rateLimiter.tryRequest(any())).willThrow(new DataAccessResourceFailureException(
				"Rate limit bucket trigger-key:k1 could not be read or written"));

		MvcTestResult result = post("{\"webhook_key\":\"" + KEY + "\",\"action\":\"test\"}");

		assertError(result, HttpStatus.SERVICE_UNAVAILABLE, "service_unavailable");
		assertThat(Long.parseLong(result.getResponse().getHeader("Retry-After"))).isPositive();
		verifyNoInteractions(this.activity);
	}

	private MvcTestResult post(String json) {
		return this.mvc.post().uri(URI).contentType(MediaType.APPLICATION_JSON).content(json).exchange();
	}

	/** Exactly {@code {"success":false,"error":code,"message":…}}, as JSON. */
	private static void assertError(MvcTestResult result, HttpStatus status, String code) {
		assertThat(result).hasStatus(status);
		assertThat(result).hasContentTypeCompatibleWith(MediaType.APPLICATION_JSON);
		assertThat(result).bodyJson().extractingPath("$.success").isEqualTo(false);
		assertThat(result).bodyJson().extractingPath("$.error").isEqualTo(code);
		assertThat(result).bodyJson().extractingPath("$.message").asString().isNotBlank();
		assertThat(result).bodyJson().extractingPath("$.length()").isEqualTo(3);
	}

}
