package com.dialsmart.ghlbroadcast.calls;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

import com.dialsmart.ghlbroadcast.support.TestDatabase;

/**
 * A queue item's row lock held by a session of the test's own, outside every pool: reports of that item wait for it
 * inside PostgreSQL, holding their turn, until the test rolls the session back (or closes it).
 */
final class HeldItemLock {

	private HeldItemLock() {
	}

	static Connection hold(UUID itemId) throws SQLException {
		Connection lock = TestDatabase.get().open();
		lock.setAutoCommit(false);
		try (PreparedStatement forUpdate = lock.prepareStatement("select 1 from broadcast_queue where id = ? for update")) {
			forUpdate.setObject(1, itemId);
			forUpdate.executeQuery().close();
		}
		return lock;
	}

	/** How many reports wait on a row lock now (the report locks its item with {@code for update of q}). */
	static int reportsWaiting(Connection lock) throws SQLException {
		try (PreparedStatement waiting = lock.prepareStatement("""
				select count(*) from pg_stat_activity
				 where wait_event_type = 'Lock' and pid <> pg_backend_pid() and query like '%for update of q%'""");
				ResultSet rows = waiting.executeQuery()) {
			rows.next();
			return rows.getInt(1);
		}
	}

	/** A report that a person answered the call, under a call id of its own. */
	static CallReport answered(UUID itemId) {
		return new CallReport(itemId, "external", "CA" + UUID.randomUUID(), CallStatus.COMPLETED, "human", 30, null,
				null, null, null, "{}");
	}

}
