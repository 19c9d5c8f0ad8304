package com.dialsmart.ghlbroadcast.ghlsync;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.scheduling.config.IntervalTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/** The sweep's schedule comes from {@link GhlSyncProperties}, defaults included (tests run with scheduling off). */
class GhlSyncJobTests {

	@Test
	void sweepsEvery30SecondsFrom5SecondsAfterStartByDefault() {
		IntervalTask sweep = sweep(Map.of());

		assertThat(sweep.getIntervalDuration()).isEqualTo(Duration.ofSeconds(30));
		assertThat(sweep.getInitialDelayDuration()).isEqualTo(Duration.ofSeconds(5));
	}

	@Test
	void sweepsAtTheConfiguredInterval() {
		IntervalTask sweep = sweep(Map.of("app.ghl.sync.interval", "2m", "app.ghl.sync.initial-delay", "0s"));

		assertThat(sweep.getIntervalDuration()).isEqualTo(Duration.ofMinutes(2));
		assertThat(sweep.getInitialDelayDuration()).isZero();
	}

	private static IntervalTask sweep(Map<String, String> settings) {
		GhlSyncProperties properties = new Binder(new MapConfigurationPropertySource(settings))
			.bindOrCreate("app.ghl", GhlSyncProperties.class);
		ScheduledTaskRegistrar tasks = new ScheduledTaskRegistrar();
		new GhlSyncJob(mock(GhlSyncService.class), properties).configureTasks(tasks);
		assertThat(tasks.getFixedDelayTaskList()).hasSize(1);
		return tasks.getFixedDelayTaskList().get(0);
	}

}
