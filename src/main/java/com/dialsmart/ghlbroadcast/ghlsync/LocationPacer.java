package com.dialsmart.ghlbroadcast.ghlsync;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The per-location request budget shared by every instance, kept in PostgreSQL ({@code ghl_location_pacing}).
 * <p>
 * Instead of a token bucket (which lets a full bucket plus a window's refill through in one window, up to twice the
 * limit) it hands out <em>slots</em> one interval ({@code window / limit}) apart, a generic cell rate algorithm: any
 * window of that length holds at most {@code limit} slots, whatever GHL's window is (fixed or sliding), and the
 * requests of all instances come evenly spaced, never in bursts. Slots are reserved in one short statement (the
 * database clock decides) for every worker of the location on this instance that waits for one at that moment, and a
 * worker sleeps until its slot with no transaction open.
 * <p>
 * The slots an instance reserved are shared by its workers of that location: a worker's requests are sequential and
 * take longer than the interval between slots, so slots reserved for one worker alone would mostly expire unused.
 */
@Component
class LocationPacer {

	private final JdbcClient jdbc;

	private final long intervalNanos;

	private final Duration maxWait;

	private final Duration window;

	/** Slots this instance reserved and no worker has taken yet, per location. */
	private final Map<String, LocalSlots> reserved = new ConcurrentHashMap<>();

	LocationPacer(JdbcClient jdbc, GhlSyncProperties properties) {
		this.jdbc = jdbc;
		this.window = properties.rateWindow();
		this.intervalNanos = Math.max(1, properties.rateWindow().toNanos() / Math.max(1, properties.rateLimit()));
		this.maxWait = properties.sync().maxSlotWait();
	}

	long intervalNanos() {
		return this.intervalNanos;
	}

	/**
	 * How late a reserved slot may still be used: half an interval, or a 50th of the window when that is more. A
	 * window then holds at most {@code limit * 1.02 + 1} requests, so the configured limit should stay a few percent
	 * under GHL's (the default 90 of 100 does).
	 */
	long latenessNanos() {
		return Math.max(this.intervalNanos / 2, this.window.toNanos() / 50);
	}

	Duration window() {
		return this.window;
	}

	/** The location is paused (429 or no requests left) or so busy that the next slot is too far away. */
	static final class LocationBusy extends RuntimeException {

		private final Duration wait;

		private final boolean paused;

		LocationBusy(Duration wait, boolean paused) {
			super(paused ? "GHL location paused by its rate limit for " + wait.toMillis() + " ms"
					: "GHL location fully booked for the next " + wait.toMillis() + " ms", null, false, false);
			this.wait = wait;
			this.paused = paused;
		}

		/** How long until the location takes requests again. */
		Duration waitTime() {
			return this.wait;
		}

		boolean paused() {
			return this.paused;
		}

	}

	/** At most this many slots in one statement, so that instances sharing a location interleave. */
	private static final int MAX_RESERVATION = 16;

	private static final class LocalSlots {

		private final Deque<Long> slots = new ArrayDeque<>();

		/** Workers asking for a slot of the location right now, including the one reserving. */
		private final AtomicInteger waiting = new AtomicInteger();

	}

	/**
	 * The location's next send slot for one request, as a {@link System#nanoTime()} deadline: one this instance has
	 * reserved already, else a new reservation with one slot for each of this instance's workers waiting for one.
	 * @throws LocationBusy when the location is paused, or its next free slot is further than the allowed wait
	 */
	long nextSlot(String locationId) {
		LocalSlots local = this.reserved.computeIfAbsent(locationId, id -> new LocalSlots());
		local.waiting.incrementAndGet();
		try {
			synchronized (local) {
				long now = System.nanoTime();
				Long slot = local.slots.pollFirst();
				// a slot missed by more than the tolerance is given up: sending later could crowd a window
				while (slot != null && now - slot > latenessNanos()) {
					slot = local.slots.pollFirst();
				}
				if (slot != null) {
					return slot;
				}
				List<Long> fresh = reserve(locationId, Math.min(MAX_RESERVATION, local.waiting.get()));
				local.slots.addAll(fresh.subList(1, fresh.size()));
				return fresh.get(0);
			}
		}
		finally {
			local.waiting.decrementAndGet();
		}
	}

	/**
	 * Reserves {@code count} consecutive slots of the location.
	 * @return each slot as a {@link System#nanoTime()} deadline
	 * @throws LocationBusy when the location is paused, or its next free slot is further than the allowed wait
	 */
	private List<Long> reserve(String locationId, int count) {
		long base = System.nanoTime();
		double intervalSecs = this.intervalNanos / 1e9;
		Optional<Double> firstDelayMillis = this.jdbc.sql("""
				insert into ghl_location_pacing as p (location_id, next_slot_at)
				values (:location, statement_timestamp() + :count * make_interval(secs => :interval))
				on conflict (location_id) do update
				   set next_slot_at = greatest(p.next_slot_at, statement_timestamp())
				                      + :count * make_interval(secs => :interval),
				       updated_at = statement_timestamp()
				 where (p.paused_until is null or p.paused_until <= statement_timestamp())
				   and p.next_slot_at < statement_timestamp() + make_interval(secs => :maxWait)
				returning extract(epoch from (p.next_slot_at - statement_timestamp())) * 1000
				          - :count * :interval * 1000""")
			.param("location", locationId)
			.param("count", count)
			.param("interval", intervalSecs)
			.param("maxWait", this.maxWait.toMillis() / 1000.0)
			.query(Double.class)
			.optional();
		if (firstDelayMillis.isEmpty()) {
			throw busy(locationId);
		}
		long first = base + Math.max(0, (long) (firstDelayMillis.get() * 1_000_000));
		List<Long> slots = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			slots.add(first + i * this.intervalNanos);
		}
		return slots;
	}

	private LocationBusy busy(String locationId) {
		return this.jdbc.sql("""
				select greatest(extract(epoch from (paused_until - statement_timestamp())), 0) * 1000,
				       greatest(extract(epoch from (next_slot_at - statement_timestamp())), 0) * 1000
				  from ghl_location_pacing where location_id = ?""")
			.param(locationId)
			.query((rs, n) -> {
				double paused = rs.getObject(1) == null ? 0 : rs.getDouble(1);
				double next = rs.getDouble(2);
				return paused > 0 ? new LocationBusy(Duration.ofMillis((long) Math.ceil(paused)), true)
						: new LocationBusy(Duration.ofMillis((long) Math.ceil(next)), false);
			})
			.optional()
			.orElseGet(() -> new LocationBusy(Duration.ofSeconds(1), false));
	}

	/** Holds every instance's requests to the location back for {@code duration} (from now, database clock). */
	void pause(String locationId, Duration duration) {
		LocalSlots local = this.reserved.get(locationId);
		if (local != null) {
			synchronized (local) {
				local.slots.clear();
			}
		}
		double secs = Math.max(0.001, duration.toMillis() / 1000.0);
		this.jdbc.sql("""
				insert into ghl_location_pacing as p (location_id, next_slot_at, paused_until)
				values (:location, statement_timestamp() + make_interval(secs => :secs),
				        statement_timestamp() + make_interval(secs => :secs))
				on conflict (location_id) do update
				   set paused_until = greatest(coalesce(p.paused_until, '-infinity'),
				                               statement_timestamp() + make_interval(secs => :secs)),
				       next_slot_at = greatest(p.next_slot_at, statement_timestamp() + make_interval(secs => :secs)),
				       updated_at = statement_timestamp()""")
			.param("location", locationId)
			.param("secs", secs)
			.update();
	}

	/** How long the location is still paused; empty when it is not. */
	Optional<Duration> pausedFor(String locationId) {
		return this.jdbc.sql("""
				select extract(epoch from (paused_until - statement_timestamp())) * 1000
				  from ghl_location_pacing where location_id = ? and paused_until > statement_timestamp()""")
			.param(locationId)
			.query(Double.class)
			.optional()
			.map(ms -> Duration.ofMillis((long) Math.ceil(ms)));
	}

}
