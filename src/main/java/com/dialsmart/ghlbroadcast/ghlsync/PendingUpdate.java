package com.dialsmart.ghlbroadcast.ghlsync;

import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Converter;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.DynamicUpdate;

/**
 * A final outcome in the GHL outbox ({@code ghl_pending_updates}), as the operator API lists and retries it. Rows are
 * written and driven by the outbox's SQL ({@link PendingUpdateService}, {@link PendingUpdateStore}): claims with a
 * lease, fenced steps; this entity never inserts one, and writes only the columns it changed.
 */
@Entity
@Table(name = "ghl_pending_updates")
@DynamicUpdate
class PendingUpdate {

	/** Where an update is in the outbox. */
	enum Status {

		PENDING, PROCESSING, SENT, FAILED;

		String value() {
			return name().toLowerCase(Locale.ROOT);
		}

		static Status parse(String value) {
			return valueOf(value.toUpperCase(Locale.ROOT));
		}

	}

	@Id
	private UUID id;

	@Column(name = "user_id", nullable = false, insertable = false, updatable = false)
	private UUID accountId;

	@Column(name = "queue_item_id", nullable = false, insertable = false, updatable = false)
	private UUID queueItemId;

	@Column(name = "broadcast_id", nullable = false, insertable = false, updatable = false)
	private UUID broadcastId;

	@Column(name = "broadcast_name", nullable = false, insertable = false, updatable = false)
	private String broadcastName;

	@Column(name = "ghl_contact_id", nullable = false, insertable = false, updatable = false)
	private String ghlContactId;

	@Column(name = "call_outcome", nullable = false, insertable = false, updatable = false)
	private String callOutcome;

	@Column(name = "call_timestamp", nullable = false, insertable = false, updatable = false)
	private Instant callTimestamp;

	@Column(nullable = false)
	@Convert(converter = StatusColumn.class)
	private Status status;

	@Column(name = "retry_count", nullable = false)
	private int retryCount;

	@Column(name = "error_message")
	private String errorMessage;

	@Column(name = "last_http_status")
	private Integer lastHttpStatus;

	@Column(name = "tags_done", nullable = false, insertable = false, updatable = false)
	private boolean tagsDone;

	@Column(name = "fields_done", nullable = false, insertable = false, updatable = false)
	private boolean fieldsDone;

	@Column(name = "note_done", nullable = false, insertable = false, updatable = false)
	private boolean noteDone;

	@Column(name = "next_attempt_at", nullable = false)
	private Instant nextAttemptAt;

	@Column(name = "sent_at", insertable = false, updatable = false)
	private Instant sentAt;

	@Column(name = "created_at", nullable = false, insertable = false, updatable = false)
	private Instant createdAt;

	@Column(name = "updated_at", nullable = false)
	private Instant updatedAt;

	protected PendingUpdate() {
	}

	/**
	 * The operator's retry of a failed update: {@code pending}, due {@code now}, with a fresh try count; its steps
	 * already done stay done, so each is sent once.
	 */
	void retry(Instant now) {
		this.status = Status.PENDING;
		this.retryCount = 0;
		this.nextAttemptAt = now;
		this.errorMessage = null;
		this.lastHttpStatus = null;
		this.updatedAt = now;
	}

	UUID queueItemId() {
		return this.queueItemId;
	}

	SyncQueries.PendingUpdateView view() {
		return new SyncQueries.PendingUpdateView(this.id, this.queueItemId, this.broadcastId, this.broadcastName,
				this.ghlContactId, this.callOutcome, this.callTimestamp, this.status.value(), this.retryCount,
				this.errorMessage, this.lastHttpStatus, this.tagsDone, this.fieldsDone, this.noteDone,
				this.nextAttemptAt, this.sentAt, this.createdAt, this.updatedAt);
	}

	@Converter
	static class StatusColumn implements AttributeConverter<Status, String> {

		@Override
		public String convertToDatabaseColumn(Status status) {
			return status == null ? null : status.value();
		}

		@Override
		public Status convertToEntityAttribute(String value) {
			return value == null ? null : Status.parse(value);
		}

	}

}
