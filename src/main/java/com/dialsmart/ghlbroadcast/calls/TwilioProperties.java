package com.dialsmart.ghlbroadcast.calls;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Twilio ({@code app.twilio.*}): the dialer's account and the status-callback signature check.
 * @param accountSid the account calls are created in
 * @param authToken signs Twilio's callbacks ({@code X-Twilio-Signature}) and authenticates REST calls; without it
 * every Twilio callback is refused (403)
 * @param fromNumber the caller id (a Twilio number of the account), E.164
 * @param publicBaseUrl the URL Twilio reaches this service at (scheme, host, optional port), such as
 * {@code https://calls.example.com}: signatures are computed over the public URL, which a proxy hides from the
 * service. Without it the request's own URL is used
 * @param apiBaseUrl Twilio's REST API (tests point it at a fake)
 * @param machineDetection {@code DetectMessageEnd} (waits for the beep, so the message lands on voicemail whole) or
 * {@code Enable}
 * @param ringTimeout how long a call rings before it counts as no answer
 * @param timeLimit longest call
 */
@ConfigurationProperties("app.twilio")
record TwilioProperties(String accountSid, String authToken, String fromNumber, String publicBaseUrl,
		@DefaultValue("https://api.twilio.com") String apiBaseUrl,
		@DefaultValue("DetectMessageEnd") String machineDetection, @DefaultValue("PT30S") Duration ringTimeout,
		@DefaultValue("PT5M") Duration timeLimit) {

	boolean hasAuthToken() {
		return this.authToken != null && !this.authToken.isBlank();
	}

	/** The public base URL without a trailing slash, or {@code null}. */
	String publicBase() {
		if (this.publicBaseUrl == null || this.publicBaseUrl.isBlank()) {
			return null;
		}
		String base = this.publicBaseUrl.strip();
		return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
	}

}
