package com.dialsmart.ghlbroadcast.broadcast;

import java.time.Instant;
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
 * A contact in a broadcast's queue ({@code broadcast_queue}), as the operator API reads and retries it. Items are
 * inserted and moved along by the hot paths in SQL (the trigger's enqueue, the dialler's claims, call results); this
 * entity never inserts one. Only changed columns are written, so a change here cannot undo a concurrent one elsewhere
 * in the row; the table's triggers keep the status counts exact per statement as for any other update.
 */
@Entity
@Table(name = "broadcast_queue")
@DynamicUpdate
class QueueItem {

	@Id
	private UUID id;

	@Column(name = "broadcast_id", nullable = false, insertable = false, updatable = false)
	private UUID broadcastId;

	@Column(name = "user_id", nullable = false, insertable = false, updatable = false)
	private UUID accountId;

	/** Arrival order in the broadcast, set by the insert trigger. */
	@Column(nullable = false, insertable = false, updatable = false)
	private long seq;

	@Column(nullable = false, insertable = false, updatable = false)
	private String phone;

	@Column(insertable = false, updatable = false)
	private String name;

	@Column(insertable = false, updatable = false)
	private String email;

	@Column(name = "ghl_contact_id", insertable = false, updatable = false)
	private String ghlContactId;

	@Column(nullable = false)
	@Convert(converter = StatusColumn.class)
	private QueueItemStatus status;

	@Column(nullable = false)
	private int attempts;

	@Column(name = "next_attempt_at", nullable = false)
	private Instant nextAttemptAt;

	@Column(name = "last_outcome", insertable = false, updatable = false)
	@Convert(converter = OutcomeColumn.class)
	private CallOutcome lastOutcome;

	@Column(name = "ghl_callback_status", nullable = false)
	@Convert(converter = CallbackColumn.class)
	private CallbackStatus ghlCallbackStatus;

	@Column(name = "locked_by")
	private String lockedBy;

	@Column(name = "locked_until")
	private Instant lockedUntil;

	@Column(name = "created_at", nullable = false, insertable = false, updatable = false)
	private Instant createdAt;

	@Column(name = "updated_at", nullable = false)
	private Instant updatedAt;

	protected QueueItem() {
	}

	/**
	 * The operator's retry, once the life cycle allowed it: due {@code now} with a fresh set of attempts; its GHL
	 * callback starts over, so that its next final outcome replaces the old one in the outbox.
	 */
	void putBack(Instant now) {
		this.status = QueueItemStatus.RETRY;
		this.attempts = 0;
		this.nextAttemptAt = now;
		if (this.ghlCallbackStatus != CallbackStatus.PENDING) {
			this.ghlCallbackStatus = CallbackStatus.PENDING;
		}
		this.lockedBy = null;
		this.lockedUntil = null;
		this.updatedAt = now;
	}

	BroadcastQueueService.QueueItemView view() {
		return new BroadcastQueueService.QueueItemView(this.id, this.phone, this.name, this.email, this.ghlContactId,
				this.status.value(), this.attempts, this.lastOutcome == null ? null : this.lastOutcome.value(),
				this.ghlCallbackStatus.value(), this.nextAttemptAt, this.createdAt);
	}

	UUID id() {
		return this.id;
	}

	UUID broadcastId() {
		return this.broadcastId;
	}

	QueueItemStatus status() {
		return this.status;
	}

	CallOutcome lastOutcome() {
		return this.lastOutcome;
	}

	CallbackStatus ghlCallbackStatus() {
		return this.ghlCallbackStatus;
	}

	@Converter
	static class StatusColumn implements AttributeConverter<QueueItemStatus, String> {

		@Override
		public String convertToDatabaseColumn(QueueItemStatus status) {
			return status == null ? null : status.value();
		}

		@Override
		public QueueItemStatus convertToEntityAttribute(String value) {
			return value == null ? null : QueueItemStatus.parse(value);
		}

	}

	@Converter
	static class OutcomeColumn implements AttributeConverter<CallOutcome, String> {

		@Override
		public String convertToDatabaseColumn(CallOutcome outcome) {
			return outcome == null ? null : outcome.value();
		}

		@Override
		public CallOutcome convertToEntityAttribute(String value) {
			return CallOutcome.parseNullable(value);
		}

	}

	@Converter
	static class CallbackColumn implements AttributeConverter<CallbackStatus, String> {

		@Override
		public String convertToDatabaseColumn(CallbackStatus status) {
			return status == null ? null : status.value();
		}

		@Override
		public CallbackStatus convertToEntityAttribute(String value) {
			return value == null ? null : CallbackStatus.parse(value);
		}

	}

}
