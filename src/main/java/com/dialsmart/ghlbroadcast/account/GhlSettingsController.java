package com.dialsmart.ghlbroadcast.account;

import java.time.Instant;

import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The seed's Settings → GHL Integration: webhook key and credentials. */
@RestController
@RequestMapping("/api/ghl")
class GhlSettingsController {

	private final GhlSettingsService settings;

	GhlSettingsController(GhlSettingsService settings) {
		this.settings = settings;
	}

	record WebhookKeyResponse(String webhookKey, String prefix, Instant createdAt) {

		/** Without the key: Spring MVC logs the bodies it writes at debug level. */
		@Override
		public String toString() {
			return "WebhookKeyResponse[prefix=" + this.prefix + ", createdAt=" + this.createdAt + "]";
		}

	}

	@PostMapping("/webhook-key")
	@ApiResponse(responseCode = "201", description = "The new key: shown only here")
	ResponseEntity<WebhookKeyResponse> rotateWebhookKey(Caller caller) {
		GhlSettingsService.GeneratedWebhookKey key = this.settings.rotateWebhookKey(caller.accountId());
		return ResponseEntity.status(HttpStatus.CREATED)
			.header("Cache-Control", "no-store")
			.body(new WebhookKeyResponse(key.webhookKey(), key.prefix(), key.createdAt()));
	}

	@GetMapping("/settings")
	GhlSettingsService.SettingsView get(Caller caller) {
		return this.settings.get(caller.accountId());
	}

	@PutMapping("/settings")
	GhlSettingsService.SettingsView update(Caller caller, @Valid @RequestBody GhlSettingsService.SettingsUpdate update) {
		return this.settings.update(caller.accountId(), update);
	}

}
