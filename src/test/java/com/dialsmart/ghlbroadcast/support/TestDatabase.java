package com.dialsmart.ghlbroadcast.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.DriverManager;
import java.sql.SQLException;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The one real PostgreSQL all tests of a JVM share: Testcontainers when a Docker engine is available, otherwise an
 * embedded PostgreSQL (zonky: real binaries, no Docker). {@code TEST_DATABASE_URL} (with {@code TEST_DATABASE_USER},
 * {@code TEST_DATABASE_PASSWORD}) points the tests at any other PostgreSQL instead.
 */
public final class TestDatabase {

	/** How to connect. */
	public record Connection(String url, String username, String password) {

		/** A session of its own, outside every pool: sees only what others committed, can hold locks. */
		public java.sql.Connection open() throws SQLException {
			return DriverManager.getConnection(this.url, this.username, this.password);
		}

	}

	private static Connection connection;

	private TestDatabase() {
	}

	public static synchronized Connection get() {
		if (connection == null) {
			connection = start();
		}
		return connection;
	}

	private static Connection start() {
		String url = System.getenv("TEST_DATABASE_URL");
		if (url != null && !url.isBlank()) {
			return new Connection(url, System.getenv().getOrDefault("TEST_DATABASE_USER", "postgres"),
					System.getenv().getOrDefault("TEST_DATABASE_PASSWORD", ""));
		}
		if (dockerAvailable()) {
			PostgreSQLContainer container = new PostgreSQLContainer("postgres:17-alpine");
			container.start();
			Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
			return new Connection(container.getJdbcUrl(), container.getUsername(), container.getPassword());
		}
		try {
			EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
			// a shutdown hook, not @AfterAll: cached Spring contexts still hold pooled connections until the JVM ends
			Runtime.getRuntime().addShutdownHook(new Thread(() -> {
				try {
					postgres.close();
				}
				catch (IOException ex) {
					// the JVM is going away
				}
			}));
			return new Connection(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "");
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start the embedded PostgreSQL for the tests", ex);
		}
	}

	private static boolean dockerAvailable() {
		try {
			return DockerClientFactory.instance().isDockerAvailable();
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

}
