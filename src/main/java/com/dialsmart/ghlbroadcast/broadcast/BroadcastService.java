package com.dialsmart.ghlbroadcast.broadcast;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import com.dialsmart.ghlbroadcast.shared.ConflictException;
import com.dialsmart.ghlbroadcast.shared.InvalidRequestException;
import com.dialsmart.ghlbroadcast.shared.JdbcTransactional;
import com.dialsmart.ghlbroadcast.shared.NotFoundException;
import com.dialsmart.ghlbroadcast.shared.Page;
import com.dialsmart.ghlbroadcast.shared.TimeOfDay;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.PageRequest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Broadcasts of an account: create, read with counts, and move through their life cycle. */
@Service
public class BroadcastService {

	private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

	static final Map<String, String> DEFAULT_DTMF_ACTIONS = Map.of("1", "callback_requested", "9", "opt_out");

	private final VoiceBroadcastRepository broadcasts;

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	private final BroadcastQueueProgress progress;

	BroadcastService(VoiceBroadcastRepository broadcasts, JdbcClient jdbc, JsonMapper json, Clock clock,
			ApplicationEventPublisher events, BroadcastQueueProgress progress) {
		this.broadcasts = broadcasts;
		this.progress = progress;
		this.jdbc = jdbc;
		this.json = json;
		this.clock = clock;
		this.events = events;
	}

	@Transactional
	public BroadcastView create(UUID accountId, BroadcastRequest request) {
		BroadcastSettings defaults = new BroadcastSettings(null, null, 3, 30, LocalTime.of(9, 0), LocalTime.of(20, 0),
				false, 5, 60, 60, toJson(DEFAULT_DTMF_ACTIONS));
		VoiceBroadcast broadcast = new VoiceBroadcast(UUID.randomUUID(), accountId, merge(defaults, request),
				this.clock.instant());
		this.broadcasts.saveAndFlush(broadcast);
		return view(broadcast, Counts.EMPTY);
	}

	@Transactional(readOnly = true)
	public BroadcastView get(UUID accountId, UUID broadcastId) {
		VoiceBroadcast broadcast = find(accountId, broadcastId);
		return view(broadcast, counts(List.of(broadcastId)).getOrDefault(broadcastId, Counts.EMPTY));
	}

	@Transactional(readOnly = true)
	public Page<BroadcastView> list(UUID accountId, int page, int size) {
		Page.check(page, size);
		List<VoiceBroadcast> found = this.broadcasts.findByAccountIdOrderByCreatedAtDesc(accountId,
				PageRequest.of(page, size));
		Map<UUID, Counts> counts = counts(found.stream().map(VoiceBroadcast::id).toList());
		List<BroadcastView> items = found.stream()
			.map(b -> view(b, counts.getOrDefault(b.id(), Counts.EMPTY)))
			.toList();
		return new Page<>(items, page, size, this.broadcasts.countByAccountId(accountId));
	}

	/** A broadcast as {@code list_broadcasts} shows it to a GHL workflow. */
	public record BroadcastSummary(UUID id, String name, String status, long queued, long completed) {
	}

	/** The account's most recent broadcasts (at most {@code limit}), for {@code list_broadcasts}. */
	@Transactional(readOnly = true)
	public List<BroadcastSummary> summaries(UUID accountId, int limit) {
		return this.jdbc.sql("""
				select b.id, b.name, b.status, s.pending + s.calling + s.retry, s.completed + s.failed
				  from voice_broadcasts b join broadcast_queue_stats s on s.broadcast_id = b.id
				 where b.user_id = ?
				 order by b.created_at desc
				 limit ?""")
			.param(accountId)
			.param(limit)
			.query((rs, n) -> new BroadcastSummary(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
					rs.getLong(4), rs.getLong(5)))
			.list();
	}

	/** The life-cycle actions of the operator API. */
	public enum Transition {

		ACTIVATE(EnumSet.of(BroadcastStatus.DRAFT), BroadcastStatus.ACTIVE),
		PAUSE(EnumSet.of(BroadcastStatus.ACTIVE), BroadcastStatus.PAUSED),
		RESUME(EnumSet.of(BroadcastStatus.PAUSED), BroadcastStatus.ACTIVE),
		COMPLETE(EnumSet.of(BroadcastStatus.DRAFT, BroadcastStatus.ACTIVE, BroadcastStatus.PAUSED),
				BroadcastStatus.COMPLETED),
		CANCEL(EnumSet.of(BroadcastStatus.DRAFT, BroadcastStatus.ACTIVE, BroadcastStatus.PAUSED),
				BroadcastStatus.CANCELLED);

		private final Set<BroadcastStatus> from;

		private final BroadcastStatus to;

		Transition(Set<BroadcastStatus> from, BroadcastStatus to) {
			this.from = from;
			this.to = to;
		}

	}

	@Transactional
	public BroadcastView transition(UUID accountId, UUID broadcastId, Transition transition) {
		// the row lock serialises concurrent transitions of one broadcast, so two operators cannot both win
		VoiceBroadcast current = this.broadcasts.findForUpdate(broadcastId, accountId)
			.orElseThrow(() -> notFound(broadcastId));
		if (!transition.from.contains(current.status())) {
			throw new ConflictException("Cannot " + transition.name().toLowerCase(java.util.Locale.ROOT)
					+ " broadcast " + broadcastId + ": its status is '" + current.status().value() + "'; allowed from "
					+ transition.from.stream().map(BroadcastStatus::value).collect(Collectors.joining(", ")));
		}
		current.moveTo(transition.to, this.clock.instant());
		this.broadcasts.saveAndFlush(current);
		if (transition.to == BroadcastStatus.CANCELLED) {
			// waiting contacts of a cancelled broadcast are never dialled
			this.progress.cancelWaiting(broadcastId);
		}
		if (transition.to == BroadcastStatus.COMPLETED) {
			this.events.publishEvent(new BroadcastCompleted(broadcastId, accountId));
		}
		return get(accountId, broadcastId);
	}

	/**
	 * Completes an {@code active} broadcast whose {@code auto_complete} is on once none of its items is waiting,
	 * calling or in retry, and publishes {@link BroadcastCompleted} (listeners run after the commit). Joins the
	 * caller's transaction, so the check sees the caller's own item changes.
	 * @return whether the broadcast was completed now
	 */
	@JdbcTransactional
	public boolean completeIfFinished(UUID broadcastId) {
		Optional<UUID> account = this.jdbc.sql("""
				update voice_broadcasts b set status = 'completed', completed_at = now(), updated_at = now()
				  from broadcast_queue_stats s
				 where b.id = ? and s.broadcast_id = b.id and b.status = 'active' and b.auto_complete
				   and s.pending + s.calling + s.retry = 0
				returning b.user_id""")
			.param(broadcastId)
			.query(UUID.class)
			.optional();
		account.ifPresent(accountId -> this.events.publishEvent(new BroadcastCompleted(broadcastId, accountId)));
		return account.isPresent();
	}

	/** The account that owns the broadcast, if there is such a broadcast. */
	@Transactional(readOnly = true)
	public Optional<UUID> ownerOf(UUID broadcastId) {
		return this.broadcasts.findById(broadcastId).map(VoiceBroadcast::accountId);
	}

	VoiceBroadcast find(UUID accountId, UUID broadcastId) {
		return this.broadcasts.findByIdAndAccountId(broadcastId, accountId).orElseThrow(() -> notFound(broadcastId));
	}

	static NotFoundException notFound(UUID broadcastId) {
		return new NotFoundException("Broadcast " + broadcastId + " not found");
	}

	private record Counts(BroadcastView.QueueCounts queue, BroadcastView.OutcomeCounts outcomes) {

		static final Counts EMPTY = new Counts(BroadcastView.QueueCounts.EMPTY, BroadcastView.OutcomeCounts.EMPTY);

	}

	private Map<UUID, Counts> counts(List<UUID> broadcastIds) {
		if (broadcastIds.isEmpty()) {
			return Map.of();
		}
		return this.jdbc.sql("""
				select broadcast_id, enqueued, pending, calling, retry, completed, failed, dnc, cancelled,
				       outcome_answered, outcome_voicemail, outcome_no_answer, outcome_busy, outcome_failed
				  from broadcast_queue_stats where broadcast_id in (:ids)""")
			.param("ids", broadcastIds)
			.query((rs, n) -> Map.entry(rs.getObject(1, UUID.class),
					new Counts(new BroadcastView.QueueCounts(rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
							rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getLong(9)),
							new BroadcastView.OutcomeCounts(rs.getLong(10), rs.getLong(11), rs.getLong(12),
									rs.getLong(13), rs.getLong(14)))))
			.list()
			.stream()
			.collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
	}

	/** The request's fields over {@code current}; the request's own fields are valid (its constraints). */
	private BroadcastSettings merge(BroadcastSettings current, BroadcastRequest request) {
		String name = request.name() == null ? current.name() : request.name().strip();
		String message = request.message() == null ? current.message() : request.message();
		int maxAttempts = orElse(request.maxAttempts(), current.maxAttempts());
		int retryDelay = orElse(request.retryDelayMinutes(), current.retryDelayMinutes());
		LocalTime start = request.callingWindowStart() == null ? current.callingWindowStart()
				: TimeOfDay.Validator.parse(request.callingWindowStart());
		LocalTime end = request.callingWindowEnd() == null ? current.callingWindowEnd()
				: TimeOfDay.Validator.parse(request.callingWindowEnd());
		if (!start.isBefore(end)) {
			// the request changed one end only (@CallingWindowOrder checks a request that sets both)
			throw request.callingWindowStart() != null
					? new InvalidRequestException("calling_window_start", "must be before calling_window_end, which is "
							+ HH_MM.format(end) + " (both in the contact's local time)")
					: new InvalidRequestException("calling_window_end", "must be after calling_window_start, which is "
							+ HH_MM.format(start) + " (both in the contact's local time)");
		}
		boolean autoComplete = request.autoComplete() == null ? current.autoComplete() : request.autoComplete();
		int concurrent = orElse(request.maxConcurrentCalls(), current.maxConcurrentCalls());
		int perMinute = orElse(request.callsPerMinute(), current.callsPerMinute());
		int callbackDelay = orElse(request.callbackDelayMinutes(), current.callbackDelayMinutes());
		String dtmf = request.dtmfActions() == null ? current.dtmfActionsJson()
				: toJson(new LinkedHashMap<>(request.dtmfActions()));
		return new BroadcastSettings(name, message, maxAttempts, retryDelay, start, end, autoComplete, concurrent,
				perMinute, callbackDelay, dtmf);
	}

	/** Applies a partial change to the broadcast's settings. */
	@Transactional
	public BroadcastView update(UUID accountId, UUID broadcastId, BroadcastRequest request) {
		VoiceBroadcast broadcast = find(accountId, broadcastId);
		broadcast.apply(merge(broadcast.settings(), request), this.clock.instant());
		this.broadcasts.saveAndFlush(broadcast);
		return get(accountId, broadcastId);
	}

	private static int orElse(Integer value, int current) {
		return value == null ? current : value;
	}

	private String toJson(Map<String, String> actions) {
		return this.json.writeValueAsString(actions);
	}

	private BroadcastView view(VoiceBroadcast broadcast, Counts counts) {
		BroadcastSettings s = broadcast.settings();
		Map<String, String> dtmf = this.json.readValue(s.dtmfActionsJson(), new TypeReference<Map<String, String>>() {
		});
		return new BroadcastView(broadcast.id(), s.name(), broadcast.status().value(), s.message(), s.maxAttempts(),
				s.retryDelayMinutes(), HH_MM.format(s.callingWindowStart()), HH_MM.format(s.callingWindowEnd()),
				s.autoComplete(), s.maxConcurrentCalls(), s.callsPerMinute(), s.callbackDelayMinutes(), dtmf, counts.queue(),
				counts.outcomes(), broadcast.createdAt(), broadcast.updatedAt(), broadcast.completedAt());
	}

}
