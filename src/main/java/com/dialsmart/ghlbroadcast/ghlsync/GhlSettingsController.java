package com.dialsmart.ghlbroadcast.ghlsync;

import com.dialsmart.ghlbroadcast.account.Caller;
import jakarta.validation.Valid;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The seed's Settings → GHL Integration: location, credentials, sync on or off. */
@RestController
@RequestMapping("/api/ghl")
class GhlSettingsController {

	private final GhlSettingsService settings;

	GhlSettingsController(GhlSettingsService settings) {
		this.settings = settings;
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
