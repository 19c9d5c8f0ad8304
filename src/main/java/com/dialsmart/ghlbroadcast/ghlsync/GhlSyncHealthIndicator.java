package com.dialsmart.ghlbroadcast.ghlsync;

import java.time.Duration;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * {@code ghlSync} in {@code /actuator/health}: whether outcomes reach GHL. DOWN when the oldest pending update is
 * older than {@code app.ghl.health.max-pending-age} (the sweep is stuck or GHL has been refusing for that long);
 * the details count failed updates and accounts that need new credentials. Not part of readiness: an instance can
 * take GHL contacts while GHL itself is down.
 */
@Component("ghlSync")
class GhlSyncHealthIndicator extends AbstractHealthIndicator {

	private final JdbcClient jdbc;

	private final Duration maxPendingAge;

	GhlSyncHealthIndicator(JdbcClient jdbc, GhlSyncProperties properties) {
		super("GHL sync health check failed");
		this.jdbc = jdbc;
		this.maxPendingAge = properties.health().maxPendingAge();
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		record Outbox(long pending, long failed, double oldestPendingSeconds) {
		}
		Outbox outbox = this.jdbc.sql("""
				select count(*) filter (where status in ('pending', 'processing')),
				       count(*) filter (where status = 'failed'),
				       coalesce(extract(epoch from now() - min(created_at) filter (where status in ('pending', 'processing'))), 0)
				  from ghl_pending_updates where status <> 'sent'""")
			.query((rs, n) -> new Outbox(rs.getLong(1), rs.getLong(2), rs.getDouble(3)))
			.single();
		long needsCredentials = this.jdbc.sql("""
				select count(*) from ghl_sync_settings where sync_enabled and sync_status = 'needs_credentials'""")
			.query(Long.class)
			.single();
		boolean stuck = outbox.oldestPendingSeconds() > this.maxPendingAge.toSeconds();
		(stuck ? builder.down() : builder.up())
			.withDetail("pending", outbox.pending())
			.withDetail("failed", outbox.failed())
			.withDetail("oldest_pending_age_seconds", Math.round(outbox.oldestPendingSeconds()))
			.withDetail("accounts_needing_credentials", needsCredentials);
	}

}
