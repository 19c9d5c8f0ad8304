package com.dialsmart.ghlbroadcast.shared;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the service runs without an external database ({@code app.data-dir}, {@code app.demo.*},
 * {@code app.embedded-db.*}).
 *
 * @param dataDir the embedded PostgreSQL's data and the demo mode's generated secrets
 * @param demo whether to seed demo data and generate missing secrets
 * @param embeddedDb the embedded PostgreSQL
 */
@ConfigurationProperties("app")
record RunModeProperties(@DefaultValue("./data") Path dataDir, @DefaultValue Demo demo,
		@DefaultValue EmbeddedDb embeddedDb) {

	/** @param enabled {@code null}: on exactly when the embedded database runs */
	record Demo(Boolean enabled) {
	}

	/** @param port {@code 0}: a free port */
	record EmbeddedDb(@DefaultValue("0") int port) {
	}

}
