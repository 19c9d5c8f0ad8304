package com.dialsmart.ghlbroadcast.system;

import com.dialsmart.ghlbroadcast.support.Fixtures;
import com.dialsmart.ghlbroadcast.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;

class ActuatorEndpointsTests extends IntegrationTest {

	@Autowired
	MockMvcTester mvc;

	@Autowired
	Fixtures fixtures;

	@Test
	void showsHealthWithItsDatabaseComponentWithoutAToken() {
		MvcTestResult health = this.mvc.get().uri("/actuator/health").exchange();

		assertThat(health).hasStatusOk();
		assertThat(health).bodyJson().extractingPath("$.status").isEqualTo("UP");
		assertThat(health).bodyJson().extractingPath("$.components.db.status").isEqualTo("UP");
		assertThat(health).bodyJson().doesNotHavePath("$.components.db.details");
	}

	@Test
	void showsHealthDetailsToServiceRoleTokens() {
		MvcTestResult health = this.mvc.get().uri("/actuator/health")
			.header("Authorization", "Bearer " + this.fixtures.serviceToken()).exchange();

		assertThat(health).bodyJson().extractingPath("$.components.db.details.database").isEqualTo("PostgreSQL");
	}

	@Test
	void includesTheDatabaseInReadinessButNotInLiveness() {
		MvcTestResult readiness = this.mvc.get().uri("/actuator/health/readiness").exchange();
		MvcTestResult liveness = this.mvc.get().uri("/actuator/health/liveness").exchange();

		assertThat(readiness).hasStatusOk();
		assertThat(readiness).bodyJson().extractingPath("$.components.db.status").isEqualTo("UP");
		assertThat(readiness).bodyJson().extractingPath("$.components.readinessState.status").isEqualTo("UP");
		assertThat(liveness).hasStatusOk();
		assertThat(liveness).bodyJson().extractingPath("$.status").isEqualTo("UP");
		assertThat(liveness).bodyJson().doesNotHavePath("$.components.db");
	}

	@Test
	void servesPrometheusMetricsOnlyToServiceRoleTokens() {
		assertThat(this.mvc.get().uri("/actuator/prometheus").exchange()).hasStatus(HttpStatus.UNAUTHORIZED);
		String operator = this.fixtures.tenant().token();
		assertThat(this.mvc.get().uri("/actuator/prometheus").header("Authorization", "Bearer " + operator).exchange())
			.hasStatus(HttpStatus.FORBIDDEN);

		MvcTestResult scrape = this.mvc.get().uri("/actuator/prometheus")
			.header("Authorization", "Bearer " + this.fixtures.serviceToken()).exchange();
		assertThat(scrape).hasStatusOk();
		assertThat(scrape).bodyText().contains("broadcast_queue_items{", "http_server_requests_seconds_count{",
				"hikaricp_connections_active{", "jvm_memory_used_bytes{",
				"application=\"ghl-broadcast\"");
	}

}
