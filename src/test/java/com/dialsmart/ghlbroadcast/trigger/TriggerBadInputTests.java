package com.dialsmart.ghlbroadcast.trigger;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import com.dialsmart.ghlbroadcast.account.AccountService;
import com.dialsmart.ghlbroadcast.account.WebhookKeyService;
import com.dialsmart.ghlbroadcast.broadcast.BroadcastService.Transition;
import com.dialsmart.ghlbroadcast.support.Fixtures;
import com.dialsmart.ghlbroadcast.support.Fixtures.Tenant;
import com.dialsmart.ghlbroadcast.support.IntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static com.dialsmart.ghlbroadcast.trigger.TriggerTestSupport.add;
import static com.dialsmart.ghlbroadcast.trigger.TriggerTestSupport.json;
import static com.dialsmart.ghlbroadcast.trigger.TriggerTestSupport.queueRow;
import static com.dialsmart.ghlbroadcast.trigger.TriggerTestSupport.queueRows;
import static com.dialsmart.ghlbroadcast.trigger.TriggerTestSupport.uniqueIp;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever a GHL workflow (or anyone else) sends: the documented status and body, never a 500, and nothing queued for
 * a rejected request.
 */
class TriggerBadInputTests extends IntegrationTest {

	@Autowired
	MockMvcTester mvc;

	@Autowired
	Fixtures fixtures;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	AccountService accounts;

	@Autowired
	WebhookKeyService webhookKeys;

	private final String ip = uniqueIp();

	private Tenant tenant;

	/** Rows the test expects to add; every other request must leave the account's queue as it was. */
	private long expectedNewRows;

	private long rowsBefore;

	@BeforeEach
	void createTenant() {
		this.tenant = this.fixtures.tenant();
		this.rowsBefore = queueRows(this.jdbc, this.tenant.accountId());
	}

	@AfterEach
	void nothingElseWasQueued() {
		assertThat(queueRows(this.jdbc, this.tenant.accountId())).isEqualTo(this.rowsBefore + this.expectedNewRows);
	}

	private MvcTestResult post(String json) {
		return TriggerTestSupport.post(this.mvc, this.ip, json);
	}

	private MvcTestResult post(MediaType type, byte[] body) {
		var request = this.mvc.post().uri(TriggerTestSupport.URI).content(body).with(r -> {
			r.setRemoteAddr(this.ip);
			return r;
		});
		return type == null ? request.exchange() : request.contentType(type).exchange();
	}

	private static void assertError(MvcTestResult result, HttpStatus status, String code) {
		assertThat(result).hasStatus(status);
		assertThat(result).hasContentTypeCompatibleWith(MediaType.APPLICATION_JSON);
		Map<String, Object> body = json(result);
		assertThat(body).containsOnlyKeys("success", "error", "message")
			.containsEntry("success", false)
			.containsEntry("error", code);
		assertThat((String) body.get("message")).isNotBlank();
	}

	private Map<String, Object> queued(MvcTestResult result) {
		assertThat(result).hasStatusOk();
		Map<String, Object> body = json(result);
		assertThat(body).containsEntry("status", "queued");
		this.expectedNewRows++;
		return body;
	}

	// --- the body ---

	@ParameterizedTest
	@ValueSource(strings = { "{\"action\":\"add_to_broadcast\",", "{action: 'test'}", "{\"a\":1}}", "nul",
			"{\"action\":\"test\" \"webhook_key\":\"x\"}", "\uFEFF{]" })
	void rejectsMalformedJson(String body) {
		assertError(post(body), HttpStatus.BAD_REQUEST, "invalid_json");
	}

	@ParameterizedTest
	@ValueSource(strings = { "[]", "[{\"action\":\"test\"}]", "\"add_to_broadcast\"", "42", "true", "null", "",
			"   " })
	void rejectsJsonThatIsNotAnObject(String body) {
		MvcTestResult result = post(body);

		assertError(result, HttpStatus.BAD_REQUEST, "invalid_json");
		assertThat((String) json(result).get("message")).contains("JSON object");
	}

	@Test
	void rejectsBytesThatAreNotUtf8() {
		byte[] start = add(this.tenant.webhookKey(), this.tenant.broadcastId(), Fixtures.uniquePhone(), "name", "")
			.getBytes(StandardCharsets.UTF_8);
		String text = new String(start, StandardCharsets.UTF_8);
		int at = text.indexOf("\"name\":\"") + 8;
		byte[] body = new byte[start.length + 2];
		System.arraycopy(start, 0, body, 0, at);
		body[at] = (byte) 0xC3;
		body[at + 1] = (byte) 0x28;
		System.arraycopy(start, at, body, at + 2, start.length - at);

		assertError(post(MediaType.APPLICATION_JSON, body), HttpStatus.BAD_REQUEST, "invalid_json");
	}

	@Test
	void rejectsJsonNestedDeeperThanTheParserAllows() {
		String body = "{\"action\":\"test\",\"webhook_key\":\"" + this.tenant.webhookKey() + "\",\"x\":"
				+ "[".repeat(20_000) + "]".repeat(20_000) + "}";

		assertError(post(body), HttpStatus.BAD_REQUEST, "invalid_json");
	}

	@Test
	void rejectsASeventyKibibyteBody() {
		String body = add(this.tenant.webhookKey(), this.tenant.broadcastId(), Fixtures.uniquePhone(), "name",
				"x".repeat(70 * 1024));

		MvcTestResult result = post(body);

		assertError(result, HttpStatus.PAYLOAD_TOO_LARGE, "payload_too_large");
		assertThat((String) json(result).get("message")).contains("65536");
	}

	@Test
	void rejectsWrongContentTypes() {
		byte[] body = add(this.tenant.webhookKey(), this.tenant.broadcastId(), Fixtures.uniquePhone())
			.getBytes(StandardCharsets.UTF_8);

		assertError(post(MediaType.TEXT_PLAIN, body), HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type");
		assertError(post(MediaType.APPLICATION_FORM_URLENCODED, body), HttpStatus.UNSUPPORTED_MEDIA_TYPE,
				"unsupported_media_type");
		assertError(post(MediaType.APPLICATION_XML, body), HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type");
		assertError(post(null, body), HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type");
	}

	@Test
	void checksTheSizeBeforeTheContentType() {
		byte[] body = "x".repeat(70 * 1024).getBytes(StandardCharsets.UTF_8);

		assertError(post(MediaType.TEXT_PLAIN, body), HttpStatus.PAYLOAD_TOO_LARGE, "payload_too_large");
	}

	@Test
	void acceptsJsonWithACharsetParameter() {
		byte[] body = add(this.tenant.webhookKey(), this.tenant.broadcastId(), Fixtures.uniquePhone())
			.getBytes(StandardCharsets.UTF_8);

		queued(post(MediaType.parseMediaType("application/json; charset=utf-8"), body));
	}

	// --- names and other display fields ---

	@Test
	void storesATenThousandCharacterNameTruncatedToTwoHundred() {
		String phone = Fixtures.uniquePhone();

		queued(post(add(this.tenant.webhookKey(), this.tenant.broadcastId(), phone, "name", "N".repeat(10_000))));

		assertThat(queueRow(this.jdbc, this.tenant.broadcastId(), phone).get("name")).isEqualTo("N".repeat(200));
	}

	@Test
	void storesANameWithoutNulBytesAndWithItsEmoji() {
		String phone = Fixtures.uniquePhone();

		queued(post(add(this.tenant.webhookKey(), this.tenant.broadcastId(), phone, "name",
				"Zo\u0000\u00eb \uD83D\uDE00 O\u0000'Brien\u0007")));

		assertThat(queueRow(this.jdbc, this.tenant.broadcastId(), phone).get("name"))
			.isEqualTo("Zo\u00eb \uD83D\uDE00 O'Brien");
	}

	@Test
	void capsANameOfEmojiAtTwoHundredCodePointsWithoutSplittingOne() {
		String phone = Fixtures.uniquePhone();

		queued(post(add(this.tenant.webhookKey(), this.tenant.broadcastId(), phone, "name", "\uD83D\uDE00".repeat(300))));

		String stored = (String) queueRow(this.jdbc, this.tenant.broadcastId(), phone).get("name");
		assertThat(stored.codePointCount(0, stored.length())).isEqualTo(200);
		assertThat(stored).isEqualTo("\uD83D\uDE00".repeat(200));
	}

	@Test
	void queuesANameWithALoneSurrogateAsValidText() {
		String phone = Fixtures.uniquePhone();
		String body = add(this.tenant.webhookKey(), this.tenant.broadcastId(), phone, "name", "PLACEHOLDER")
			.replace("PLACEHOLDER", "A\\ud800B");

		queued(post(body));

		// PostgreSQL text is UTF-8, which has no lone surrogates: the driver writes a replacement character instead
		assertThat((String) queueRow(this.jdbc, this.tenant.broadcastId(), phone).get("name")).isIn("A?B", "A\uFFFDB",
				"AB");
	}

	@Test
	void storesSqlMetacharactersVerbatim() {
		String phone = Fixtures.uniquePhone();
		String name = "Robert'); DROP TABLE broadcast_queue;--";
		String email = "x'--@example.com";

		queued(post(add(this.tenant.webhookKey(), this.tenant.broadcastId(), phone, "name", name, "email", email)));

		assertThat(queueRow(this.jdbc, this.tenant.broadcastId(), phone)).containsEntry("name", name)
			.containsEntry("email", email);
		assertThat(this.jdbc.sql("select count(*) from broadcast_queue where broadcast_id = ?")
			.param(this.tenant.broadcastId()).query(Long.class).single()).isEqualTo(1);
	}

	@Test
	void rejectsSqlMetacharactersWhereOnlyIdsBelong() {
		String attack = "' OR '1'='1";

		assertError(post(add(attack, this.tenant.broadcastId(), Fixtures.uniquePhone())), HttpStatus.UNAUTHORIZED,
				"invalid_webhook_key");
		assertError(post(add("wh_" + attack, this.tenant.broadcastId(), Fixtures.uniquePhone())),
				HttpStatus.UNAUTHORIZED, "invalid_webhook_key");
		assertError(post(TriggerTestSupport.body("action", "add_to_broadcast", "webhook_key", this.tenant.webhookKey(),
				"broadcast_id", attack, "phone", Fixtures.uniquePhone())), HttpStatus.BAD_REQUEST, "invalid_broadcast_id");
		assertError(post(add(this.tenant.webhookKey(), this.tenant.broadcastId(), attack)), HttpStatus.BAD_REQUEST,
				"invalid_phone");
		assertError(post(add(this.tenant.webhookKey(), this.tenant.broadcastId(), Fixtures.uniquePhone(),
				"ghl_contact_id", attack)), HttpStatus.BAD_REQUEST, "invalid_ghl_contact_id");
	}

	@Test
	void dropsAnImplausibleEmailButQueuesTheContact() {
		String phone = Fixtures.uniquePhone();

		queued(post(add(this.tenant.webhookKey(), this.tenant.broadcastId(), phone, "email", "not an email")));

		assertThat(queueRow(this.jdbc, this.tenant.broadcastId(), phone)).containsEntry("email", null);
	}

	@Test
	void treatsFieldsOfTheWrongJsonTypeAsMissing() {
		MvcTestResult objectPhone = post(TriggerTestSupport.body("action", "add_to_broadcast", "webhook_key",
				this.tenant.webhookKey(), "broadcast_id", this.tenant.broadcastId().toString(), "phone",
				Map.of("number", "+12125550100")));
		MvcTestResult arrayAction = post(TriggerTestSupport.body("action", java.util.List.of("test"), "webhook_key",
				this.tenant.webhookKey()));

		assertError(objectPhone, HttpStatus.BAD_REQUEST, "invalid_phone");
		assertError(arrayAction, HttpStatus.BAD_REQUEST, "missing_action");
	}

	/** GHL's Custom Webhook action offers "Bearer token" auth; such a header must not hide the webhook key. */
	@Test
	void ignoresABearerTokenSentBesideTheWebhookKey() {
		String phone = Fixtures.uniquePhone();

		MvcTestResult result = this.mvc.post().uri(TriggerTestSupport.URI).contentType(MediaType.APPLICATION_JSON)
			.header("Authorization", "Bearer xyz123")
			.content(add(this.tenant.webhookKey(), this.tenant.broadcastId(), phone))
			.with(r -> {
				r.setRemoteAddr(this.ip);
				return r;
			})
			.exchange();

		queued(result);
	}

	// --- phones ---

	@ParameterizedTest
	@ValueSource(strings = { "555", "+1 (555) 010-0199", "00441632960961", "+99912345678901234567890",
			"+999999999999999999999999999999999999999999999999999999999999999999999999999999", "++1212555",
			"phone", "+1 212 555 01\u0000", "{{contact.phone}}" })
	void rejectsPhonesThatAreNotValidNumbersForAUsAccount(String phone) {
		MvcTestResult result = post(add(this.tenant.webhookKey(), this.tenant.broadcastId(), phone));

		assertError(result, HttpStatus.BAD_REQUEST, "invalid_phone");
	}

	@ParameterizedTest
	@ValueSource(strings = { "555", "+1 (555) 010-0199", "00441632960961", "+99912345678901234567890" })
	void rejectsPhonesThatAreNotValidNumbersForAGbAccount(String phone) {
		Tenant gb = gbTenant();
		long before = queueRows(this.jdbc, gb.accountId());

		MvcTestResult result = post(add(gb.webhookKey(), gb.broadcastId(), phone));

		assertError(result, HttpStatus.BAD_REQUEST, "invalid_phone");
		assertThat(queueRows(this.jdbc, gb.accountId())).isEqualTo(before);
	}

	/**
	 * 01632 960xxx is Ofcom's drama range, invalid either way. A valid London number in the 00 form is read as
	 * international for a GB account (00 is its exit code) and, as a fallback, for a US account too (whose exit code
	 * is 011), so contacts stored in the European form are not rejected.
	 */
	@Test
	void readsTheZeroZeroExitCodeForGbAndUsAccounts() {
		Tenant gb = gbTenant();

		MvcTestResult forGb = post(add(gb.webhookKey(), gb.broadcastId(), "00442079460958"));
		MvcTestResult forUs = post(add(this.tenant.webhookKey(), this.tenant.broadcastId(), "00442079460958"));
		MvcTestResult forUsWithUsExitCode = post(add(this.tenant.webhookKey(), this.tenant.broadcastId(),
				"011442079460958"));

		assertThat(forGb).hasStatusOk();
		assertThat(json(forGb)).containsEntry("status", "queued");
		assertThat(queueRow(this.jdbc, gb.broadcastId(), "+442079460958")).isNotNull();
		queued(forUs);
		assertThat(json(forUsWithUsExitCode)).containsEntry("status", "duplicate");
		assertThat(queueRow(this.jdbc, this.tenant.broadcastId(), "+442079460958")).isNotNull();
	}

	@Test
	void readsANationalNumberWithTheAccountsRegion() {
		Tenant gb = gbTenant();

		MvcTestResult forGb = post(add(gb.webhookKey(), gb.broadcastId(), "020 7946 0959"));

		assertThat(json(forGb)).containsEntry("status", "queued");
		assertThat(queueRow(this.jdbc, gb.broadcastId(), "+442079460959")).isNotNull();
	}

	private Tenant gbTenant() {
		UUID account = this.accounts.create("GB Agency " + UUID.randomUUID(), "GB").id();
		String key = this.webhookKeys.rotate(account).webhookKey();
		return new Tenant(account, key, null, this.fixtures.broadcast(account, Transition.ACTIVATE));
	}

}
