package com.dialsmart.ghlbroadcast;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service's settings ({@code app.*}) have their defaults in one place: the {@code @ConfigurationProperties}
 * records. A default written again in {@code application.properties} or as a {@code ${app.x:default}} fallback
 * drifts from the record's the first time one of them changes, and nobody can tell which one wins.
 */
class ConfigurationDefaultsTests {

	private static final Pattern PLACEHOLDER_OF_AN_APP_KEY = Pattern.compile("\\$\\{app\\.");

	@Test
	void applicationPropertiesSetsNoAppKey() throws IOException {
		Properties properties = new Properties();
		try (InputStream in = ConfigurationDefaultsTests.class.getResourceAsStream("/application.properties")) {
			assertThat(in).as("src/main/resources/application.properties").isNotNull();
			properties.load(in);
		}

		assertThat(properties.stringPropertyNames()).as("app.* keys in src/main/resources/application.properties: "
				+ "put the default in the @ConfigurationProperties record (@DefaultValue) instead")
			.filteredOn(key -> key.startsWith("app."))
			.isEmpty();
	}

	@Test
	void mainCodeReadsAppKeysThroughThePropertiesRecordsOnly() throws IOException {
		List<String> offenders;
		try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
			offenders = files.filter(file -> file.toString().endsWith(".java"))
				.filter(file -> PLACEHOLDER_OF_AN_APP_KEY.matcher(read(file)).find())
				.map(Path::toString)
				.toList();
		}

		assertThat(offenders).as("${app.…} placeholders (@Value, @Scheduled, …) in main code: inject the "
				+ "@ConfigurationProperties record, or implement SchedulingConfigurer for a schedule")
			.isEmpty();
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

}
