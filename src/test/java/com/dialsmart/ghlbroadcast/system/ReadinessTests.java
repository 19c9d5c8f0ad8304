package com.dialsmart.ghlbroadcast.system;

import java.io.IOException;
import java.io.UncheckedIOException;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpStatus;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stops the database under a running service, so it runs on a PostgreSQL of its own instead of the shared test
 * database (and closes its context afterwards).
 */
@SpringBootTest(properties = "spring.datasource.hikari.connection-timeout=1000")
@AutoConfigureMockMvc
@DirtiesContext
class ReadinessTests {

	private static EmbeddedPostgres postgres;

	@Autowired
	MockMvcTester mvc;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", () -> postgres().getJdbcUrl("postgres", "postgres"));
		registry.add("spring.datasource.username", () -> "postgres");
		registry.add("spring.datasource.password", () -> "");
	}

	private static synchronized EmbeddedPostgres postgres() {
		if (postgres == null) {
			try {
				postgres = EmbeddedPostgres.builder().start();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		return postgres;
	}

	@AfterAll
	static void stopDatabase() throws IOException {
		postgres.close();
	}

	@Test
	void reportsNotReadyButLiveWhileTheDatabaseIsUnreachable() throws IOException {
		assertThat(this.mvc.get().uri("/actuator/health/readiness").exchange()).hasStatusOk();

		postgres.close();

		MvcTestResult readiness = this.mvc.get().uri("/actuator/health/readiness").exchange();
		assertThat(readiness).hasStatus(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(readiness).bodyJson().extractingPath("$.status").isEqualTo("DOWN");
		assertThat(readiness).bodyJson().extractingPath("$.components.db.status").isEqualTo("DOWN");
		assertThat(this.mvc.get().uri("/actuator/health/liveness").exchange()).hasStatusOk();
		assertThat(this.mvc.get().uri("/actuator/health").exchange()).hasStatus(HttpStatus.SERVICE_UNAVAILABLE);
	}

}
