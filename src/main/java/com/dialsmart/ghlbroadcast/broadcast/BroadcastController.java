package com.dialsmart.ghlbroadcast.broadcast;

import java.net.URI;
import java.util.Locale;
import java.util.UUID;

import com.dialsmart.ghlbroadcast.account.Caller;
import com.dialsmart.ghlbroadcast.shared.Page;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/broadcasts")
class BroadcastController {

	private final BroadcastService broadcasts;

	private final BroadcastQueueService queue;

	BroadcastController(BroadcastService broadcasts, BroadcastQueueService queue) {
		this.broadcasts = broadcasts;
		this.queue = queue;
	}

	@PostMapping
	@ApiResponse(responseCode = "201", description = "Created as a draft")
	ResponseEntity<BroadcastView> create(Caller caller,
			@Validated(BroadcastRequest.OnCreate.class) @RequestBody BroadcastRequest request) {
		BroadcastView created = this.broadcasts.create(caller.accountId(), request);
		return ResponseEntity.created(URI.create("/api/broadcasts/" + created.id())).body(created);
	}

	@GetMapping
	Page<BroadcastView> list(Caller caller, @RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "50") int size) {
		return this.broadcasts.list(caller.accountId(), page, size);
	}

	@GetMapping("/{id}")
	BroadcastView get(Caller caller, @PathVariable UUID id) {
		return this.broadcasts.get(caller.accountId(), id);
	}

	@PatchMapping("/{id}")
	BroadcastView update(Caller caller, @PathVariable UUID id, @Valid @RequestBody BroadcastRequest request) {
		return this.broadcasts.update(caller.accountId(), id, request);
	}

	@PostMapping("/{id}/{action:activate|pause|resume|complete|cancel}")
	BroadcastView transition(Caller caller, @PathVariable UUID id, @PathVariable String action) {
		return this.broadcasts.transition(caller.accountId(), id,
				BroadcastService.Transition.valueOf(action.toUpperCase(Locale.ROOT)));
	}

	@GetMapping("/{id}/queue")
	Page<BroadcastQueueService.QueueItemView> queue(Caller caller, @PathVariable UUID id,
			@RequestParam(required = false) String status, @RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "50") int size) {
		return this.queue.list(caller.accountId(), id, status, page, size);
	}

}
