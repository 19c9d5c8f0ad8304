package com.dialsmart.ghlbroadcast.account;

import java.time.Instant;

import com.dialsmart.ghlbroadcast.shared.NotFoundException;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The seed's Settings → GHL Integration → webhook key: what a GHL workflow authenticates the trigger with. */
@RestController
@RequestMapping("/api/ghl")
class WebhookKeyController {

	private final WebhookKeyService keys;

	WebhookKeyController(WebhookKeyService keys) {
		this.keys = keys;
	}

	record WebhookKeyResponse(String webhookKey, String prefix, Instant createdAt) {

		/** Without the key: Spring MVC logs the bodies it writes at debug level. */
		@Override
		public String toString() {
			return "WebhookKeyResponse[prefix=" + this.prefix + ", createdAt=" + this.createdAt + "]";
		}

	}

	@PostMapping("/webhook-key")
	@ApiResponse(responseCode = "201", description = "The new key: shown only here; the key it replaces keeps working "
			+ "for app.trigger.key-rotation-overlap")
	ResponseEntity<WebhookKeyResponse> rotateWebhookKey(Caller caller) {
		WebhookKeyService.GeneratedWebhookKey key = this.keys.rotate(caller.accountId());
		return ResponseEntity.status(HttpStatus.CREATED)
			.header("Cache-Control", "no-store")
			.body(new WebhookKeyResponse(key.webhookKey(), key.prefix(), key.createdAt()));
	}

	/** Ends the key the last rotation replaced before its overlap is over: all workflows moved, or the key leaked. */
	@DeleteMapping("/webhook-key/previous")
	@ApiResponse(responseCode = "204", description = "The previous key no longer works")
	@ApiResponse(responseCode = "404", description = "There is no previous key that still works")
	ResponseEntity<Void> endPreviousWebhookKey(Caller caller) {
		if (!this.keys.endPrevious(caller.accountId())) {
			throw new NotFoundException("no previous webhook key");
		}
		return ResponseEntity.noContent().build();
	}

}
