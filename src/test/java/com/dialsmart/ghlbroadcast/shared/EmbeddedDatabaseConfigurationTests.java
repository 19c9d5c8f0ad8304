package com.dialsmart.ghlbroadcast.shared;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo mode's embedded PostgreSQL keeps its data across restarts and crashes, as the README promises: every
 * commit reaches the disk. (The tests' own PostgreSQL, support.TestDatabase, keeps zonky's faster settings.)
 */
class EmbeddedDatabaseConfigurationTests {

	@TempDir
	Path dataDir;

	@Test
	void startsPostgresWithDurableCommits() throws Exception {
		RunModeProperties properties = new RunModeProperties(this.dataDir, new RunModeProperties.Demo(null),
				new RunModeProperties.EmbeddedDb(0));
		RunMode runMode = new RunMode(new MockEnvironment(), properties);

		try (EmbeddedPostgres postgres = new EmbeddedDatabaseConfiguration().embeddedPostgres(runMode, properties);
				Connection connection = postgres.getPostgresDatabase().getConnection()) {
			assertThat(show(connection, "fsync")).isEqualTo("on");
			assertThat(show(connection, "synchronous_commit")).isEqualTo("on");
			assertThat(show(connection, "full_page_writes")).isEqualTo("on");
		}
		assertThat(this.dataDir.resolve("postgres/PG_VERSION")).exists();
	}

	private static String show(Connection connection, String setting) throws SQLException {
		try (Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("show " + setting)) {
			rows.next();
			return rows.getString(1);
		}
	}

}
