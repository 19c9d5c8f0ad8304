package com.dialsmart.ghlbroadcast.account;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "accounts")
class Account {

	@Id
	private UUID id;

	@Column(nullable = false)
	private String name;

	@Column(name = "default_phone_region", nullable = false)
	private String defaultPhoneRegion;

	@Column(name = "created_at", nullable = false, updatable = false)
	private Instant createdAt;

	protected Account() {
	}

	Account(UUID id, String name, String defaultPhoneRegion, Instant createdAt) {
		this.id = id;
		this.name = name;
		this.defaultPhoneRegion = defaultPhoneRegion;
		this.createdAt = createdAt;
	}

	UUID id() {
		return this.id;
	}

	String name() {
		return this.name;
	}

	String defaultPhoneRegion() {
		return this.defaultPhoneRegion;
	}

	AccountView view() {
		return new AccountView(this.id, this.name, this.defaultPhoneRegion);
	}

}
