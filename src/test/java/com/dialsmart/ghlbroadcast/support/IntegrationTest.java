package com.dialsmart.ghlbroadcast.support;

import com.dialsmart.ghlbroadcast.ghlsync.GhlFake;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of every test that needs the running service. Spring starts one application context for all of them and
 * caches it for the JVM, so a test class that only extends this base costs no start-up. A class that changes the
 * context (a property, an imported configuration, {@code @DirtiesContext}) costs a start-up in every build: use
 * {@link SecondContext} when a property must differ, and say in the class why.
 * <p>
 * The context: a server on a random port (for the tests that race real requests) and MockMvc beside it, the tests'
 * own beans ({@link TestComponents}), the shared test PostgreSQL, and the JVM's GHL fake as GHL.
 */
// GHL settings short enough for the sync's tests; only contexts of this base get them (not the service instances
// some tests start by hand, nor the sync benchmark)
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "app.ghl.read-timeout=2s", "app.ghl.connect-timeout=1s", "app.ghl.rate-limit=90",
				"app.ghl.rate-window=1s", "app.ghl.backoff.first-delay=50ms", "app.ghl.backoff.max-delay=200ms",
				"app.ghl.immediate-retry-delay=10ms", "app.ghl.sync.request-budget=20s",
				"app.ghl.sync.max-slot-wait=5s", "app.ghl.sync.lease=30s", "app.ghl.oauth.client-id=test-client",
				"app.ghl.oauth.client-secret=test-secret" })
@AutoConfigureMockMvc
@Import(TestComponents.class)
public abstract class IntegrationTest {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabase.Connection db = TestDatabase.get();
		registry.add("spring.datasource.url", db::url);
		registry.add("spring.datasource.username", db::username);
		registry.add("spring.datasource.password", db::password);
		registry.add("app.ghl.base-url", () -> GhlFake.get().baseUrl());
	}

}
