package com.dialsmart.ghlbroadcast.shared;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;
import java.util.function.Supplier;

import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * How the service was started. With no {@code spring.datasource.url} it runs on the embedded PostgreSQL in the
 * data folder and is in <em>demo mode</em>: it seeds a demo account and generates the secrets it needs, keeping
 * them in the data folder so that tokens and encrypted values survive restarts. {@code app.demo.enabled} overrides
 * the default either way.
 */
@Component
public class RunMode {

	static final String DATASOURCE_URL = "spring.datasource.url";

	private static final String SECRETS_FILE = "secrets.properties";

	private final boolean embeddedDatabase;

	private final boolean demo;

	private final Path dataDir;

	RunMode(Environment environment, RunModeProperties properties) {
		this.embeddedDatabase = usesEmbeddedDatabase(environment);
		this.demo = properties.demo().enabled() != null ? properties.demo().enabled() : this.embeddedDatabase;
		this.dataDir = properties.dataDir().toAbsolutePath().normalize();
	}

	static boolean usesEmbeddedDatabase(Environment environment) {
		return !StringUtils.hasText(environment.getProperty(DATASOURCE_URL));
	}

	public boolean embeddedDatabase() {
		return this.embeddedDatabase;
	}

	public boolean demo() {
		return this.demo;
	}

	public Path dataDir() {
		return this.dataDir;
	}

	/**
	 * A secret of the demo mode, generated on first use and kept (owner-readable only) in the data folder. Only for
	 * the service's own keys, never for tenants' secrets.
	 */
	public synchronized String demoSecret(String name, Supplier<String> generator) {
		if (!this.demo) {
			throw new IllegalStateException("Generated secrets are only used in demo mode");
		}
		Path file = this.dataDir.resolve(SECRETS_FILE);
		try {
			Files.createDirectories(this.dataDir);
			Properties secrets = new Properties();
			if (Files.exists(file)) {
				try (InputStream in = Files.newInputStream(file)) {
					secrets.load(in);
				}
			}
			String value = secrets.getProperty(name);
			if (value == null) {
				value = generator.get();
				secrets.setProperty(name, value);
				try (OutputStream out = Files.newOutputStream(file)) {
					secrets.store(out, "Generated in demo mode; do not use in production");
				}
				try {
					Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
				}
				catch (UnsupportedOperationException ex) {
					// not a POSIX file system: the folder's own permissions have to do
				}
			}
			return value;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read or write " + file, ex);
		}
	}

}
