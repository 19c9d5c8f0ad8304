package com.dialsmart.ghlbroadcast.support;

import java.util.concurrent.ThreadLocalRandom;

import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/** Trigger requests that tests outside the trigger's own package send to check a webhook key. */
public final class TriggerRequests {

	private TriggerRequests() {
	}

	/**
	 * The trigger's {@code test} action with {@code webhookKey}, from a fresh client address each time: failed key
	 * checks are limited per address, and the limit is shared by every test class of the run.
	 */
	public static MvcTestResult testAction(MockMvcTester mvc, String webhookKey) {
		String address = "10.%d.%d.%d".formatted(ThreadLocalRandom.current().nextInt(256),
				ThreadLocalRandom.current().nextInt(256), ThreadLocalRandom.current().nextInt(1, 255));
		return mvc.post().uri("/functions/v1/ghl-webhook-trigger").with(request -> {
			request.setRemoteAddr(address);
			return request;
		}).contentType(MediaType.APPLICATION_JSON).content("""
				{"action":"test","webhook_key":"%s"}""".formatted(webhookKey)).exchange();
	}

}
