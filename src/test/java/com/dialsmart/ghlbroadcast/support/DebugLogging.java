package com.dialsmart.ghlbroadcast.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * DEBUG for the named loggers during each test of the class, as an operator turns it on at runtime
 * ({@code /actuator/loggers} or {@code logging.level}), and back to their configured level after: the class runs in
 * the shared test context instead of starting one of its own with {@code logging.level} properties. Set before each
 * test, once the context (which sets up logging when it starts) is running.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(DebugLogging.Levels.class)
public @interface DebugLogging {

	/** Logger names. */
	String[] value();

	/** Sets and restores the levels through the context's logging system. */
	class Levels implements BeforeEachCallback, AfterEachCallback {

		private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(Levels.class);

		@Override
		public void beforeEach(ExtensionContext context) {
			LoggingSystem logging = loggingSystem(context);
			Map<String, LogLevel> configured = new LinkedHashMap<>();
			for (String name : context.getRequiredTestClass().getAnnotation(DebugLogging.class).value()) {
				var current = logging.getLoggerConfiguration(name);
				configured.put(name, current != null ? current.getConfiguredLevel() : null);
				logging.setLogLevel(name, LogLevel.DEBUG);
				if (!LoggerFactory.getLogger(name).isDebugEnabled()) {
					throw new IllegalStateException("DEBUG did not take effect for " + name);
				}
			}
			context.getStore(NAMESPACE).put(Levels.class, configured);
		}

		@Override
		@SuppressWarnings("unchecked")
		public void afterEach(ExtensionContext context) {
			Map<String, LogLevel> configured = context.getStore(NAMESPACE).remove(Levels.class, Map.class);
			if (configured != null) {
				LoggingSystem logging = loggingSystem(context);
				configured.forEach(logging::setLogLevel);
			}
		}

		private static LoggingSystem loggingSystem(ExtensionContext context) {
			return SpringExtension.getApplicationContext(context).getBean(LoggingSystem.class);
		}

	}

}
