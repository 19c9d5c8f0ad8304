package com.dialsmart.ghlbroadcast.trigger;

import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * What the OpenAPI document shows for the trigger endpoint, which reads its body itself (so springdoc cannot infer
 * it): the body's schema and examples from the seed document.
 */
final class TriggerApiDocs {

	static final String ADD_TO_BROADCAST = """
			{
			  "action": "add_to_broadcast",
			  "webhook_key": "wh_YOUR_WEBHOOK_KEY",
			  "broadcast_id": "13195428-ca8b-432b-8435-a0eb55e983bb",
			  "phone": "+12125550123",
			  "name": "John Smith",
			  "ghl_contact_id": "ocQHyuzHvysMo5N5VsXc",
			  "email": "john@example.com"
			}""";

	static final String TEST = """
			{"action": "test", "webhook_key": "wh_YOUR_WEBHOOK_KEY"}""";

	static final String LIST_BROADCASTS = """
			{"action": "list_broadcasts", "webhook_key": "wh_YOUR_WEBHOOK_KEY"}""";

	static final String QUEUED = """
			{
			  "success": true,
			  "status": "queued",
			  "queue_item_id": "6f1c2a7e-0b1d-4c55-9a43-2a7de5b1c0f4",
			  "position": 47,
			  "broadcast_name": "Friday Campaign",
			  "broadcast_status": "active",
			  "message": "Contact added to broadcast queue"
			}""";

	static final String DUPLICATE = """
			{
			  "success": true,
			  "status": "duplicate",
			  "queue_item_id": "6f1c2a7e-0b1d-4c55-9a43-2a7de5b1c0f4",
			  "position": 12,
			  "broadcast_name": "Friday Campaign",
			  "broadcast_status": "active",
			  "message": "Contact is already in this broadcast; nothing changed"
			}""";

	static final String SKIPPED_DNC = """
			{
			  "success": true,
			  "status": "skipped_dnc",
			  "queue_item_id": null,
			  "position": null,
			  "broadcast_name": "Friday Campaign",
			  "broadcast_status": "active",
			  "message": "Contact is on the Do-Not-Call list and was not queued"
			}""";

	static final String TEST_OK = """
			{"success": true, "message": "Webhook key is valid", "account": "Acme Roofing"}""";

	static final String LISTED = """
			{
			  "success": true,
			  "broadcasts": [
			    {"id": "13195428-ca8b-432b-8435-a0eb55e983bb", "name": "Friday Campaign", "status": "active", "queued": 120, "completed": 73}
			  ]
			}""";

	static final String INVALID_PHONE = """
			{"success": false, "error": "invalid_phone", "message": "phone is required"}""";

	static final String UNKNOWN_ACTION = """
			{"success": false, "error": "unknown_action", "message": "action 'add' is unknown; use add_to_broadcast, test or list_broadcasts"}""";

	static final String INVALID_KEY = """
			{"success": false, "error": "invalid_webhook_key", "message": "Invalid webhook key: copy the current key from Settings → GHL Integration → Webhook, or generate a new one"}""";

	static final String NOT_FOUND = """
			{"success": false, "error": "broadcast_not_found", "message": "Broadcast 13195428-ca8b-432b-8435-a0eb55e983bb not found in this account; check the broadcast_id"}""";

	static final String TOO_LARGE = """
			{"success": false, "error": "payload_too_large", "message": "The body is larger than 65536 bytes; send only the contact's fields"}""";

	static final String NOT_JSON = """
			{"success": false, "error": "unsupported_media_type", "message": "Send the body as JSON with the header 'Content-Type: application/json'"}""";

	static final String RATE_LIMITED = """
			{"success": false, "error": "rate_limited", "message": "Rate limit of 100 requests per minute for this webhook key exceeded; retry after 12 s"}""";

	static final String UNAVAILABLE = """
			{"success": false, "error": "service_unavailable", "message": "The service is temporarily unavailable and stored nothing; retry in a few seconds"}""";

	private TriggerApiDocs() {
	}

	/** The body a GHL workflow sends; fields other than these are ignored. */
	@Schema(name = "TriggerRequest")
	record Request(
			@Schema(requiredMode = Schema.RequiredMode.REQUIRED,
					allowableValues = { "add_to_broadcast", "test", "list_broadcasts" }) String action,
			@Schema(description = "The account's webhook key; or send header X-Webhook-Key") String webhookKey,
			@Schema(description = "add_to_broadcast: the broadcast to add the contact to") UUID broadcastId,
			@Schema(description = "add_to_broadcast: E.164, or national in the account's default region",
					example = "+12125550123") String phone,
			@Schema(description = "Display name; control characters dropped, cut to 200 characters") String name,
			@Schema(description = "GHL contact id ({{contact.id}}); 1-64 letters, digits, '-' or '_'") String ghlContactId,
			@Schema(description = "Stored only when it looks like an address") String email) {
	}

}
