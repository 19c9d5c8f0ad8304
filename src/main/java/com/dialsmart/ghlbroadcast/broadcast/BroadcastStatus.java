package com.dialsmart.ghlbroadcast.broadcast;

import java.util.Locale;

/** Life cycle of a broadcast. Only {@code draft}, {@code active} and {@code paused} take new contacts. */
public enum BroadcastStatus {

	DRAFT, ACTIVE, PAUSED, COMPLETED, CANCELLED;

	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

	public boolean acceptsContacts() {
		return this == DRAFT || this == ACTIVE || this == PAUSED;
	}

	static BroadcastStatus of(String value) {
		return valueOf(value.toUpperCase(Locale.ROOT));
	}

}
