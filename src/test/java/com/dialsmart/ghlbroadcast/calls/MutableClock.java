package com.dialsmart.ghlbroadcast.calls;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock a test sets; {@code null} instant: the system clock. */
class MutableClock extends Clock {

	private volatile Instant instant;

	void set(Instant instant) {
		this.instant = instant;
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		throw new UnsupportedOperationException();
	}

	@Override
	public Instant instant() {
		Instant fixed = this.instant;
		return fixed != null ? fixed : Instant.now();
	}

}
