package com.dialsmart.ghlbroadcast.calls;

import java.util.List;

import com.twilio.exception.ApiConnectionException;
import com.twilio.exception.ApiException;
import com.twilio.http.HttpClient;
import com.twilio.http.NetworkHttpClient;
import com.twilio.http.Request;
import com.twilio.http.Response;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Call;
import com.twilio.type.PhoneNumber;
import com.twilio.type.Twiml;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;
import org.springframework.web.util.HtmlUtils;

/**
 * Places real calls with Twilio's REST API: the TwiML plays the broadcast's message inside a one-key
 * {@code <Gather>} (the key is posted to the Twilio callback endpoint), answering-machine detection tells voicemail
 * from a person, and every status change is posted to the same endpoint, signed.
 */
@Component
@ConditionalOnProperty(name = "app.engine.dialer", havingValue = "twilio")
class TwilioDialer implements Dialer {

	static final String DEFAULT_MESSAGE = "This is an automated message.";

	private static final List<String> EVENTS = List.of("initiated", "ringing", "answered", "completed");

	private final TwilioProperties properties;

	private final TwilioRestClient client;

	private final String callbackBase;

	TwilioDialer(TwilioProperties properties) {
		require(properties.accountSid(), "app.twilio.account-sid");
		require(properties.authToken(), "app.twilio.auth-token");
		require(properties.fromNumber(), "app.twilio.from-number");
		require(properties.publicBase(), "app.twilio.public-base-url (where Twilio posts call status callbacks)");
		this.properties = properties;
		this.callbackBase = properties.publicBase() + TwilioCallbackController.PATH;
		TwilioRestClient.Builder builder = new TwilioRestClient.Builder(properties.accountSid(),
				properties.authToken());
		if (!"https://api.twilio.com".equals(properties.apiBaseUrl())) {
			builder.httpClient(new RebasingHttpClient(properties.apiBaseUrl()));
		}
		this.client = builder.build();
	}

	@Override
	public String provider() {
		return "twilio";
	}

	@Override
	public String dial(DialRequest request) throws DialException {
		String callback = this.callbackBase + "?queue_item_id=" + request.queueItemId();
		try {
			Call call = Call.creator(new PhoneNumber(request.phone()), new PhoneNumber(this.properties.fromNumber()),
					new Twiml(twiml(request.message(), callback)))
				.setStatusCallback(callback)
				.setStatusCallbackMethod(com.twilio.http.HttpMethod.POST)
				.setStatusCallbackEvent(EVENTS)
				.setMachineDetection(this.properties.machineDetection())
				.setTimeout((int) this.properties.ringTimeout().toSeconds())
				.setTimeLimit((int) this.properties.timeLimit().toSeconds())
				.create(this.client);
			return call.getSid();
		}
		catch (ApiConnectionException ex) {
			throw new DialException("Twilio could not be reached: " + ex.getMessage(), true, ex);
		}
		catch (ApiException ex) {
			Integer status = ex.getStatusCode();
			boolean transientFailure = status == null || status == 429 || status >= 500;
			throw new DialException("Twilio refused the call (HTTP " + status + ", code " + ex.getCode() + "): "
					+ ex.getMessage(), transientFailure, ex);
		}
	}

	/** The call's TwiML: the message inside a one-key Gather whose action is the signed callback endpoint. */
	static String twiml(String message, String actionUrl) {
		String text = message == null || message.isBlank() ? DEFAULT_MESSAGE : message;
		return "<Response><Gather input=\"dtmf\" numDigits=\"1\" timeout=\"5\" method=\"POST\" action=\""
				+ HtmlUtils.htmlEscape(actionUrl) + "\"><Say>" + HtmlUtils.htmlEscape(text) + "</Say></Gather></Response>";
	}

	private static void require(String value, String property) {
		if (value == null || value.isBlank()) {
			throw new IllegalStateException("app.engine.dialer=twilio needs " + property);
		}
	}

	/** Sends the SDK's requests to another base URL (a fake Twilio in tests), keeping path, query and form. */
	static final class RebasingHttpClient extends HttpClient {

		private final NetworkHttpClient delegate = new NetworkHttpClient();

		private final String base;

		RebasingHttpClient(String base) {
			this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
		}

		@Override
		public Response makeRequest(Request request) {
			java.net.URL original = request.constructURL();
			String url = this.base + original.getPath();
			Request rebased = new Request(request.getMethod(), url);
			request.getQueryParams().forEach((key, values) -> values.forEach(v -> rebased.addQueryParam(key, v)));
			request.getPostParams().forEach((key, values) -> values.forEach(v -> rebased.addPostParam(key, v)));
			request.getHeaderParams().forEach((key, values) -> values.forEach(v -> rebased.addHeaderParam(key, v)));
			rebased.setAuth(request.getUsername(), request.getPassword());
			return this.delegate.makeRequest(rebased);
		}

	}

}
