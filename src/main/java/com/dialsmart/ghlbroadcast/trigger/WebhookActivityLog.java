package com.dialsmart.ghlbroadcast.trigger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import com.dialsmart.ghlbroadcast.account.WebhookKeyOwner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** The {@code webhook_activity} table: what each trigger request of an account did. Never holds keys or tokens. */
@Component
class WebhookActivityLog implements SchedulingConfigurer {

	private static final Logger log = LoggerFactory.getLogger(WebhookActivityLog.class);

	/**
	 * A webhook key pasted into another field (broadcast_id, action…) would be echoed into messages and this table:
	 * only its visible prefix is kept, as the settings page shows it.
	 */
	private static final Pattern KEY_LIKE = Pattern.compile("(wh_[A-Za-z0-9_-]{6})[A-Za-z0-9_-]+");

	record Entry(String action, int httpStatus, String result, String phone, UUID broadcastId, String message) {
	}

	/**
	 * One request as {@code GET /api/ghl/webhook-activity} shows it.
	 *
	 * @param keyPrefix the visible prefix of the webhook key the request used ({@code null} for rows from before
	 * issue 13)
	 * @param key {@code current} or {@code previous}: whether that key was the account's current key or the one a
	 * rotation replaced, still valid during the overlap; workflows that still send the previous key show up here
	 */
	record ActivityView(long id, String action, int httpStatus, String result, boolean success, String phone,
			UUID broadcastId, String message, String keyPrefix, String key, Instant createdAt) {
	}

	private final JdbcClient jdbc;

	private final TriggerProperties properties;

	private final Clock clock;

	WebhookActivityLog(JdbcClient jdbc, TriggerProperties properties, Clock clock) {
		this.jdbc = jdbc;
		this.properties = properties;
		this.clock = clock;
	}

	/** Joins the caller's transaction when there is one, so a queued contact and its entry commit together. */
	@Transactional
	void record(WebhookKeyOwner owner, Entry entry) {
		this.jdbc.sql("""
				insert into webhook_activity (user_id, action, http_status, result, phone, broadcast_id, message,
				       key_prefix, key_used)
				values (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
			.param(owner.accountId())
			.param(clean(entry.action(), 40))
			.param(entry.httpStatus())
			.param(entry.result())
			.param(clean(entry.phone(), 40))
			.param(entry.broadcastId())
			.param(clean(entry.message(), 500))
			.param(owner.keyPrefix())
			.param(owner.previousKey() ? "previous" : "current")
			.update();
	}

	@Transactional(readOnly = true)
	List<ActivityView> recent(UUID accountId, int limit) {
		return this.jdbc.sql("""
				select id, action, http_status, result, phone, broadcast_id, message, key_prefix, key_used, created_at
				  from webhook_activity where user_id = ?
				 order by created_at desc, id desc limit ?""")
			.param(accountId)
			.param(limit)
			.query((rs, n) -> new ActivityView(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getString(4),
					rs.getInt(3) < 300, rs.getString(5), rs.getObject(6, UUID.class), rs.getString(7),
					rs.getString(8), rs.getString(9), rs.getTimestamp(10).toInstant()))
			.list();
	}

	/** Prunes every {@code app.trigger.activity-prune-interval}, first a minute after start-up. */
	@Override
	public void configureTasks(ScheduledTaskRegistrar tasks) {
		tasks.addFixedDelayTask(
				new FixedDelayTask(this::prune, this.properties.activityPruneInterval(), Duration.ofMinutes(1)));
	}

	/** One statement: atomic without a transaction of its own. */
	void prune() {
		Instant cutoff = this.clock.instant().minus(this.properties.activityRetention());
		int deleted = this.jdbc.sql("delete from webhook_activity where created_at < ?")
			.param(java.sql.Timestamp.from(cutoff))
			.update();
		if (deleted > 0) {
			log.info("Pruned {} webhook activity rows older than {}", deleted, cutoff);
		}
	}

	/** Text from a request, made storable: PostgreSQL text cannot hold NUL, and rows stay small. */
	static String clean(String value, int maxLength) {
		if (value == null) {
			return null;
		}
		String clean = KEY_LIKE.matcher(value.replace("\u0000", "")).replaceAll("$1…");
		return clean.length() <= maxLength ? clean : clean.substring(0, maxLength);
	}

}
