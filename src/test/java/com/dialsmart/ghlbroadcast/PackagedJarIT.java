package com.dialsmart.ghlbroadcast;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Starts the jar {@code ./mvnw package} built, as an operator would, with no configuration at all: demo mode on an
 * embedded PostgreSQL in a fresh data folder. Run by failsafe after {@code package}, which passes the jar's path.
 */
class PackagedJarIT {

	private static final Duration STARTUP = Duration.ofMinutes(4);

	private static final Duration SHUTDOWN = Duration.ofSeconds(90);

	private static final Pattern WEBHOOK_KEY = Pattern.compile("Webhook key:\\s+(wh_\\S+)");

	private static final Pattern BROADCAST_ID = Pattern.compile("Broadcast id:\\s+([0-9a-f-]{36})");

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@Test
	void startsWithoutConfigurationQueuesAContactAndStopsOnSigterm() throws Exception {
		Path jar = Path.of(System.getProperty("packaged.jar", "target/ghl-broadcast.jar"));
		assertThat(jar).as("the packaged jar (run ./mvnw verify)").isRegularFile();
		Path workDir = Path.of(System.getProperty("packaged.work-dir", "target/packaged-jar-it"));
		Path dataDir = workDir.resolve("data-" + UUID.randomUUID());
		Path log = workDir.resolve(dataDir.getFileName() + ".log");
		Files.createDirectories(workDir);
		int port = freePort();
		String base = "http://localhost:" + port;

		Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
				jar.toAbsolutePath().toString(), "--server.port=" + port, "--app.data-dir=" + dataDir.toAbsolutePath())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		ProcessHandle postgres = null;
		try {
			String output = awaitStarted(process, base, log);
			String key = find(WEBHOOK_KEY, output, log);
			String broadcastId = find(BROADCAST_ID, output, log);

			HttpResponse<String> added = this.http.send(HttpRequest.newBuilder(URI.create(base + "/functions/v1/ghl-webhook-trigger"))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("""
						{"action":"add_to_broadcast","webhook_key":"%s","broadcast_id":"%s","phone":"+12125550123",\
						"name":"Jane Doe","ghl_contact_id":"packaged-jar-it"}""".formatted(key, broadcastId)))
				.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(added.statusCode()).as(added.body()).isEqualTo(200);
			assertThat(added.body()).contains("\"status\":\"queued\"");

			postgres = postmaster(dataDir);
			process.destroy(); // SIGTERM
			assertThat(process.waitFor(SHUTDOWN.toSeconds(), TimeUnit.SECONDS)).as("exited within %s", SHUTDOWN).isTrue();
			assertThat(process.exitValue()).as("exit status after SIGTERM (128 + 15)").isEqualTo(143);
			String shutdown = Files.readString(log);
			assertThat(shutdown).contains("Commencing graceful shutdown", "Graceful shutdown complete");
			assertThat(postgres.onExit().get(30, TimeUnit.SECONDS).isAlive())
				.as("the embedded PostgreSQL stopped with the service").isFalse();
			assertThat(dataDir.resolve("postgres/postmaster.pid")).doesNotExist();
			deleteRecursively(dataDir);
		}
		finally {
			process.destroyForcibly();
			if (postgres != null) {
				postgres.destroyForcibly();
			}
		}
	}

	/** The embedded PostgreSQL's server process: pg_ctl detaches it, so it is not a descendant of the service. */
	private static ProcessHandle postmaster(Path dataDir) throws IOException {
		String pid = Files.readAllLines(dataDir.resolve("postgres/postmaster.pid")).get(0).strip();
		return ProcessHandle.of(Long.parseLong(pid)).orElseThrow(() -> new AssertionError("PostgreSQL is not running"));
	}

	private static void deleteRecursively(Path dir) throws IOException {
		try (var paths = Files.walk(dir)) {
			for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
				Files.delete(path);
			}
		}
	}

	private String awaitStarted(Process process, String base, Path log) throws Exception {
		Instant deadline = Instant.now().plus(STARTUP);
		while (Instant.now().isBefore(deadline)) {
			if (!process.isAlive()) {
				fail("The service exited with status " + process.exitValue() + ":\n" + Files.readString(log));
			}
			String output = Files.readString(log);
			if (healthUp(base) && BROADCAST_ID.matcher(output).find()) {
				return output;
			}
			Thread.sleep(500);
		}
		return fail("The service did not report UP with its demo data within " + STARTUP + ":\n" + Files.readString(log));
	}

	private boolean healthUp(String base) throws InterruptedException {
		try {
			HttpResponse<String> health = this.http.send(HttpRequest.newBuilder(URI.create(base + "/actuator/health"))
				.timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
			return health.statusCode() == 200 && health.body().contains("\"status\":\"UP\"");
		}
		catch (IOException ex) {
			return false; // not listening yet
		}
	}

	private static String find(Pattern pattern, String output, Path log) {
		Matcher matcher = pattern.matcher(output);
		if (!matcher.find()) {
			fail("No match for " + pattern + " in the output (" + log + "):\n" + output);
		}
		return matcher.group(1);
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
