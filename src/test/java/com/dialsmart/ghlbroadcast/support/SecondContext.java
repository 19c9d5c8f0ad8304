package com.dialsmart.ghlbroadcast.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.test.context.TestPropertySource;

/**
 * The one variant of the {@link IntegrationTest} context, for the test classes that need a setting the others must
 * not have: each property is what one class needs and harmless to the other classes here, so they all share one
 * second context instead of one each. Add a property only on those terms; a class that needs a setting in
 * conflict with these starts a context of its own.
 * <ul>
 * <li>{@code app.ghl.read-timeout=15s}: two sync instances side by side on a busy machine
 * ({@code GhlSyncMultiInstanceTests}) and the browser test's page requests that reach the GHL fake
 * ({@code GhlIntegrationPageBrowserTests}) outlast the 2 s the failure tests need.</li>
 * <li>{@code app.engine.concurrent-reports=1}: a report waits while another is under way
 * ({@code CallReportConcurrencyTests}); the others here record no calls.</li>
 * </ul>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@TestPropertySource(properties = { "app.ghl.read-timeout=" + SecondContext.GHL_READ_TIMEOUT,
		"app.engine.concurrent-reports=1" })
public @interface SecondContext {

	/** For an instance a test starts by hand beside the context. */
	String GHL_READ_TIMEOUT = "15s";

}
