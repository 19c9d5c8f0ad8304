package com.dialsmart.ghlbroadcast.calls;

import java.util.UUID;

import com.dialsmart.ghlbroadcast.account.Caller;
import com.dialsmart.ghlbroadcast.broadcast.BroadcastQueueService;
import com.dialsmart.ghlbroadcast.broadcast.BroadcastQueueService.QueueItemView;
import com.dialsmart.ghlbroadcast.broadcast.BroadcastService;
import com.dialsmart.ghlbroadcast.shared.Page;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The operator API for calls: a broadcast's call attempts, and putting a failed item back in the queue. */
@RestController
@RequestMapping("/api/broadcasts/{broadcastId}")
class CallsController {

	private final BroadcastService broadcasts;

	private final BroadcastQueueService queue;

	private final CallAttempts attempts;

	CallsController(BroadcastService broadcasts, BroadcastQueueService queue, CallAttempts attempts) {
		this.broadcasts = broadcasts;
		this.queue = queue;
		this.attempts = attempts;
	}

	/** The broadcast's calls, newest first, with outcome, duration and the key pressed. */
	@GetMapping("/calls")
	@Transactional(readOnly = true)
	Page<CallAttempts.AttemptView> calls(Caller caller, @PathVariable UUID broadcastId,
			@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
		Page.check(page, size);
		// answers 404 for another account's broadcast
		this.broadcasts.get(caller.accountId(), broadcastId);
		return new Page<>(this.attempts.page(broadcastId, page, size), page, size, this.attempts.count(broadcastId));
	}

	/** Puts an item that ended failed (failed, no answer or busy after its last attempt) back in the queue, due now. */
	@PostMapping("/queue/{itemId}/retry")
	QueueItemView retry(Caller caller, @PathVariable UUID broadcastId, @PathVariable UUID itemId) {
		return this.queue.retry(caller.accountId(), broadcastId, itemId);
	}

}
