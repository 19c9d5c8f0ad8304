package com.dialsmart.ghlbroadcast.calls;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.scheduling.config.IntervalTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/** The job's schedule comes from {@link EngineProperties}, defaults included (tests run with scheduling off). */
class CallDispatchJobTests {

	@Test
	void dispatchesAndRescuesAtTheRecordsDefaultIntervals() {
		assertThat(intervals(Map.of())).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(30));
	}

	@Test
	void dispatchesAndRescuesAtTheConfiguredIntervals() {
		assertThat(intervals(Map.of("app.engine.poll-interval", "250ms", "app.engine.rescue-interval", "PT2M")))
			.containsExactly(Duration.ofMillis(250), Duration.ofMinutes(2));
	}

	private static java.util.List<Duration> intervals(Map<String, String> settings) {
		EngineProperties properties = new Binder(new MapConfigurationPropertySource(settings))
			.bindOrCreate("app.engine", EngineProperties.class);
		ScheduledTaskRegistrar tasks = new ScheduledTaskRegistrar();
		new CallDispatchJob(mock(CallDispatcher.class), properties).configureTasks(tasks);
		return tasks.getFixedDelayTaskList().stream().map(IntervalTask::getIntervalDuration).toList();
	}

}
