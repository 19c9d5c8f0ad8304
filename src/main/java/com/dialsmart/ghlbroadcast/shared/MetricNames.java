package com.dialsmart.ghlbroadcast.shared;

/**
 * Every metric the service publishes, in one place so names and tags stay consistent. Names are Micrometer's dotted
 * form; Prometheus shows them with underscores, counters with {@code _total} and timers with {@code _seconds}
 * ({@code ghl.trigger.requests} → {@code ghl_trigger_requests_total}).
 * <p>
 * Tag values must come from a small fixed set (an action, a status, a result code): never an account name, a
 * phone number, an id or a key, which would both leak data and create a time series per value.
 */
public final class MetricNames {

	/** Counter of trigger requests, tags {@link #ACTION} and {@link #RESULT}. */
	public static final String TRIGGER_REQUESTS = "ghl.trigger.requests";

	/** Timer of trigger requests, same tags as {@link #TRIGGER_REQUESTS}. */
	public static final String TRIGGER_REQUEST_DURATION = "ghl.trigger.request.duration";

	/** Gauge of queue items of all broadcasts, tag {@link #STATUS} (pending, calling, retry, completed, …). */
	public static final String BROADCAST_QUEUE_ITEMS = "broadcast.queue.items";

	/** Counter of finished call attempts, tag {@link #OUTCOME}. */
	public static final String CALLS = "broadcast.calls";

	/** Gauge of {@code ghl_pending_updates} rows, tag {@link #STATUS}. */
	public static final String GHL_PENDING_UPDATES = "ghl.pending.updates";

	/** Gauge of the age in seconds of the oldest pending update (0 when none). */
	public static final String GHL_PENDING_UPDATES_OLDEST_AGE = "ghl.pending.updates.oldest.age";

	/** Timer of GHL API requests, tags {@link #ENDPOINT} and {@link #STATUS} (HTTP status). */
	public static final String GHL_API_REQUESTS = "ghl.api.requests";

	/** Counter of GHL answers 429, tag {@link #ENDPOINT}. */
	public static final String GHL_API_RATE_LIMITED = "ghl.api.rate.limited";

	/** Counter of GHL token refreshes, tag {@link #RESULT}. */
	public static final String GHL_TOKEN_REFRESHES = "ghl.token.refreshes";

	/** Tag: the trigger action ({@code add_to_broadcast}, {@code test}, {@code list_broadcasts}, other values as {@code unknown}). */
	public static final String ACTION = "action";

	/** Tag: a result or error code ({@code queued}, {@code invalid_webhook_key}, …). */
	public static final String RESULT = "result";

	/** Tag: a status from a fixed set. */
	public static final String STATUS = "status";

	/** Tag: how a call ended ({@code answered}, {@code voicemail}, {@code no_answer}, …). */
	public static final String OUTCOME = "outcome";

	/** Tag: an endpoint template such as {@code PUT /contacts/{id}}, never a concrete URL with ids. */
	public static final String ENDPOINT = "endpoint";

	private MetricNames() {
	}

}
