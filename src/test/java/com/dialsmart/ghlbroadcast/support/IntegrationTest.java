package com.dialsmart.ghlbroadcast.support;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Base of every test that needs the database: points Spring at the shared test PostgreSQL. */
public abstract class IntegrationTest {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabase.Connection db = TestDatabase.get();
		registry.add("spring.datasource.url", db::url);
		registry.add("spring.datasource.username", db::username);
		registry.add("spring.datasource.password", db::password);
	}

}
