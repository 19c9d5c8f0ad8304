package com.dialsmart.ghlbroadcast.broadcast;

import java.time.Instant;
import java.time.LocalTime;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.ColumnTransformer;

@Entity
@Table(name = "voice_broadcasts")
class VoiceBroadcast {

	@Id
	private UUID id;

	@Column(name = "user_id", nullable = false, updatable = false)
	private UUID accountId;

	@Column(nullable = false)
	private String name;

	@Column(nullable = false)
	private String status;

	private String message;

	@Column(name = "max_attempts", nullable = false)
	private int maxAttempts;

	@Column(name = "retry_delay_minutes", nullable = false)
	private int retryDelayMinutes;

	@Column(name = "calling_window_start", nullable = false)
	private LocalTime callingWindowStart;

	@Column(name = "calling_window_end", nullable = false)
	private LocalTime callingWindowEnd;

	@Column(name = "auto_complete", nullable = false)
	private boolean autoComplete;

	@Column(name = "max_concurrent_calls", nullable = false)
	private int maxConcurrentCalls;

	@Column(name = "calls_per_minute", nullable = false)
	private int callsPerMinute;

	@Column(name = "callback_delay_minutes", nullable = false)
	private int callbackDelayMinutes;

	@Column(name = "dtmf_actions", nullable = false, columnDefinition = "jsonb")
	@ColumnTransformer(write = "?::jsonb")
	private String dtmfActions;

	@Column(name = "created_at", nullable = false, updatable = false)
	private Instant createdAt;

	@Column(name = "updated_at", nullable = false)
	private Instant updatedAt;

	@Column(name = "completed_at")
	private Instant completedAt;

	protected VoiceBroadcast() {
	}

	VoiceBroadcast(UUID id, UUID accountId, BroadcastSettings settings, Instant now) {
		this.id = id;
		this.accountId = accountId;
		this.status = BroadcastStatus.DRAFT.value();
		this.createdAt = now;
		apply(settings, now);
	}

	void apply(BroadcastSettings settings, Instant now) {
		this.name = settings.name();
		this.message = settings.message();
		this.maxAttempts = settings.maxAttempts();
		this.retryDelayMinutes = settings.retryDelayMinutes();
		this.callingWindowStart = settings.callingWindowStart();
		this.callingWindowEnd = settings.callingWindowEnd();
		this.autoComplete = settings.autoComplete();
		this.maxConcurrentCalls = settings.maxConcurrentCalls();
		this.callsPerMinute = settings.callsPerMinute();
		this.callbackDelayMinutes = settings.callbackDelayMinutes();
		this.dtmfActions = settings.dtmfActionsJson();
		this.updatedAt = now;
	}

	void moveTo(BroadcastStatus next, Instant now) {
		this.status = next.value();
		this.updatedAt = now;
		if (next == BroadcastStatus.COMPLETED || next == BroadcastStatus.CANCELLED) {
			this.completedAt = now;
		}
	}

	UUID id() {
		return this.id;
	}

	UUID accountId() {
		return this.accountId;
	}

	BroadcastStatus status() {
		return BroadcastStatus.of(this.status);
	}

	BroadcastSettings settings() {
		return new BroadcastSettings(this.name, this.message, this.maxAttempts, this.retryDelayMinutes,
				this.callingWindowStart, this.callingWindowEnd, this.autoComplete, this.maxConcurrentCalls,
				this.callsPerMinute, this.callbackDelayMinutes, this.dtmfActions);
	}

	Instant createdAt() {
		return this.createdAt;
	}

	Instant updatedAt() {
		return this.updatedAt;
	}

	Instant completedAt() {
		return this.completedAt;
	}

}
