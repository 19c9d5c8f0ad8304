package com.dialsmart.ghlbroadcast.trigger;

import java.util.List;

import com.dialsmart.ghlbroadcast.account.Caller;
import com.dialsmart.ghlbroadcast.shared.InvalidRequestException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The seed's Webhook tab: the account's recent trigger requests, newest first, failures included. */
@RestController
class WebhookActivityController {

	static final int MAX_LIMIT = 500;

	private final WebhookActivityLog activity;

	WebhookActivityController(WebhookActivityLog activity) {
		this.activity = activity;
	}

	record ActivityResponse(List<WebhookActivityLog.ActivityView> items) {
	}

	@GetMapping("/api/ghl/webhook-activity")
	ActivityResponse recent(Caller caller, @RequestParam(defaultValue = "50") int limit) {
		if (limit < 1 || limit > MAX_LIMIT) {
			throw new InvalidRequestException("limit", "must be between 1 and " + MAX_LIMIT);
		}
		return new ActivityResponse(this.activity.recent(caller.accountId(), limit));
	}

}
