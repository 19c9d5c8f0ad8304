package com.dialsmart.ghlbroadcast.trigger;

import java.util.UUID;

import com.dialsmart.ghlbroadcast.account.WebhookKeyOwner;
import com.dialsmart.ghlbroadcast.broadcast.BroadcastQueueService;
import com.dialsmart.ghlbroadcast.broadcast.BroadcastQueueService.EnqueueResult;
import com.dialsmart.ghlbroadcast.broadcast.BroadcastQueueService.NewContact;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** Queues a contact and records the request's activity entry in one transaction. */
@Service
class TriggerService {

	private final BroadcastQueueService queue;

	private final WebhookActivityLog activity;

	private final TransactionTemplate transaction;

	TriggerService(BroadcastQueueService queue, WebhookActivityLog activity, TransactionTemplate transaction) {
		this.queue = queue;
		this.activity = activity;
		this.transaction = transaction;
	}

	/** {@code describe} turns the queue's answer into the activity entry written with it. */
	EnqueueResult add(WebhookKeyOwner owner, UUID broadcastId, NewContact contact,
			java.util.function.Function<EnqueueResult, WebhookActivityLog.Entry> describe) {
		try {
			return addOnce(owner, broadcastId, contact, describe);
		}
		catch (DuplicateKeyException ex) {
			// another request queued the same phone between our check and insert: answer as its duplicate
			return addOnce(owner, broadcastId, contact, describe);
		}
	}

	private EnqueueResult addOnce(WebhookKeyOwner owner, UUID broadcastId, NewContact contact,
			java.util.function.Function<EnqueueResult, WebhookActivityLog.Entry> describe) {
		return this.transaction.execute(status -> {
			EnqueueResult result = this.queue.enqueue(owner.accountId(), broadcastId, contact);
			this.activity.record(owner, describe.apply(result));
			return result;
		});
	}

}
