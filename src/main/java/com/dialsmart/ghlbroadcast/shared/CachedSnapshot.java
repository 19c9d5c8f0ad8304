package com.dialsmart.ghlbroadcast.shared;

import java.time.Duration;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A value loaded at most once per {@code maxAge}, for gauges backed by a query: however often metrics are scraped
 * (and however many gauges read the same snapshot), the database sees one query per period. When loading fails the
 * snapshot is empty ({@code null}) until the next successful load, so gauges show NaN rather than stale numbers.
 */
public final class CachedSnapshot<T> {

	private static final Logger log = LoggerFactory.getLogger(CachedSnapshot.class);

	private final long maxAgeNanos;

	private final Supplier<T> loader;

	private T value;

	private long loadedAt;

	private boolean loaded;

	public CachedSnapshot(Duration maxAge, Supplier<T> loader) {
		this.maxAgeNanos = maxAge.toNanos();
		this.loader = loader;
	}

	/** The last value if younger than {@code maxAge}, else a freshly loaded one; {@code null} if loading failed. */
	public synchronized T get() {
		long now = System.nanoTime();
		if (!this.loaded || now - this.loadedAt >= this.maxAgeNanos) {
			try {
				this.value = this.loader.get();
			}
			catch (RuntimeException ex) {
				log.debug("Could not load a metrics snapshot: {}", ex.toString());
				this.value = null;
			}
			this.loadedAt = now;
			this.loaded = true;
		}
		return this.value;
	}

}
