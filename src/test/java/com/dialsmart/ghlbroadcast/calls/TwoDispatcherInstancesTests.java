package com.dialsmart.ghlbroadcast.calls;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import com.dialsmart.ghlbroadcast.GhlBroadcastApplication;
import com.dialsmart.ghlbroadcast.account.AccountService;
import com.dialsmart.ghlbroadcast.broadcast.BroadcastRequest;
import com.dialsmart.ghlbroadcast.broadcast.BroadcastService;
import com.dialsmart.ghlbroadcast.broadcast.BroadcastService.Transition;
import com.dialsmart.ghlbroadcast.support.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.boot.test.context.TestComponent;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.Environment;
import org.springframework.core.type.classreading.MetadataReader;
import org.springframework.core.type.classreading.MetadataReaderFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances of the service (two application contexts, each with its own dispatcher, dialer threads and
 * connection pool) dispatch one database's queue at the same time.
 */
class TwoDispatcherInstancesTests {

	static final RecordingDialer.Recorder RECORDER = new RecordingDialer.Recorder();

	private static final int[] MAX_CONCURRENT = { 3, 5, 8, 13 };

	private static final int ITEMS_PER_BROADCAST = 500;

	static ConfigurableApplicationContext first;

	static ConfigurableApplicationContext second;

	/** One instance's test beans: a clock at noon in New York and a recording dialer that ends calls quickly. */
	@TestConfiguration(proxyBeanMethods = false)
	static class Instance {

		@Bean
		@Primary
		MutableClock mutableClock() {
			MutableClock clock = new MutableClock();
			clock.set(CallDispatcherTests.NOON_IN_NEW_YORK);
			return clock;
		}

		@Bean
		@Primary
		RecordingDialer recordingDialer(CallOutcomeService outcomes, Environment environment) {
			RecordingDialer dialer = new RecordingDialer(RECORDER, environment.getProperty("app.engine.instance-id"),
					outcomes);
			dialer.maxDelay = Duration.ofMillis(4);
			dialer.answer = request -> switch (Math.floorMod(request.queueItemId().hashCode(), 10)) {
				case 0 -> CallStatus.BUSY;
				case 1 -> CallStatus.FAILED;
				case 2 -> CallStatus.NO_ANSWER;
				default -> CallStatus.COMPLETED;
			};
			return dialer;
		}

	}

	/** Keeps the tests' own beans (found by component scanning of the test classes) out of these contexts. */
	static class ExcludeTestTypes extends TypeExcludeFilter {

		@Override
		public boolean match(MetadataReader reader, MetadataReaderFactory factory) {
			var annotations = reader.getAnnotationMetadata();
			String className = reader.getClassMetadata().getClassName();
			return annotations.hasAnnotation(TestComponent.class.getName())
					|| annotations.hasMetaAnnotation(TestComponent.class.getName())
					|| className.matches(".*Tests(\\$.*)?$");
		}

	}

	static ConfigurableApplicationContext start(String instanceId) {
		TestDatabase.Connection db = TestDatabase.get();
		return new SpringApplicationBuilder(GhlBroadcastApplication.class, Instance.class)
			.web(WebApplicationType.SERVLET)
			.initializers(context -> context.getBeanFactory().registerSingleton("excludeTestTypes",
					new ExcludeTestTypes()))
			.properties(Map.of("spring.datasource.url", db.url(), "spring.datasource.username", db.username(),
					"spring.datasource.password", db.password(), "spring.datasource.hikari.maximum-pool-size", "10",
					"app.engine.instance-id", instanceId, "app.engine.dial-threads", "4", "spring.main.banner-mode",
					"off", "server.port", "0"))
			.run();
	}

	@BeforeAll
	static void startTwoInstances() {
		first = start("instance-a");
		second = start("instance-b");
	}

	@AfterAll
	static void stopTwoInstances() {
		for (ConfigurableApplicationContext context : new ConfigurableApplicationContext[] { first, second }) {
			if (context != null) {
				context.getBean(RecordingDialer.class).stop();
				context.close();
			}
		}
	}

	@Test
	void dialsEveryItemOnceAndNeverExceedsAnyBroadcastsConcurrency() throws Exception {
		UUID account = first.getBean(AccountService.class).create("Two instances " + UUID.randomUUID(), "US").id();
		BroadcastService broadcasts = first.getBean(BroadcastService.class);
		JdbcClient jdbc = first.getBean(JdbcClient.class);
		List<UUID> broadcastIds = new ArrayList<>();
		for (int i = 0; i < MAX_CONCURRENT.length; i++) {
			UUID id = broadcasts.create(account, new BroadcastRequest("Load " + i, "Hello", 1, null, null, null, null,
					MAX_CONCURRENT[i], 6000, null, null)).id();
			broadcasts.transition(account, id, Transition.ACTIVATE);
			// one statement per broadcast; the queue's insert trigger numbers the items as a normal enqueue would
			jdbc.sql("""
					insert into broadcast_queue (id, broadcast_id, user_id, phone, name)
					select gen_random_uuid(), :broadcast, :account,
					       '+1212' || (300 + n / 10000)::text || lpad((n % 10000)::text, 4, '0'), 'Contact ' || n
					  from generate_series(1, :count) n""")
				.param("broadcast", id)
				.param("account", account)
				.param("count", ITEMS_PER_BROADCAST)
				.update();
			broadcastIds.add(id);
		}
		int total = MAX_CONCURRENT.length * ITEMS_PER_BROADCAST;

		AtomicBoolean done = new AtomicBoolean();
		ExecutorService instances = Executors.newFixedThreadPool(2);
		List<Future<?>> loops = new ArrayList<>();
		for (ConfigurableApplicationContext context : List.of(first, second)) {
			CallDispatcher dispatcher = context.getBean(CallDispatcher.class);
			loops.add(instances.submit(() -> {
				while (!done.get()) {
					if (dispatcher.dispatchOnce() == 0) {
						Thread.sleep(2);
					}
				}
				return null;
			}));
		}
		try {
			await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200)).until(() -> jdbc.sql("""
					select count(*) from broadcast_queue
					 where broadcast_id in (:ids) and status in ('completed', 'failed')""")
				.param("ids", broadcastIds)
				.query(Long.class)
				.single() == total);
		}
		finally {
			done.set(true);
			for (Future<?> loop : loops) {
				loop.get(30, TimeUnit.SECONDS);
			}
			instances.shutdown();
		}

		Set<String> instancesThatDialled = new HashSet<>();
		for (int i = 0; i < broadcastIds.size(); i++) {
			UUID broadcast = broadcastIds.get(i);
			List<RecordingDialer.Dial> dials = RECORDER.dialsOf(broadcast);
			assertThat(dials).hasSize(ITEMS_PER_BROADCAST);
			assertThat(dials.stream().map(d -> d.queueItemId() + "#" + d.attempt()).collect(Collectors.toSet()))
				.hasSize(ITEMS_PER_BROADCAST);
			assertThat(dials).extracting(RecordingDialer.Dial::attempt).containsOnly(1);
			assertThat(RECORDER.mostAtOnce(broadcast)).as("calls under way at once in broadcast %d", i)
				.isLessThanOrEqualTo(MAX_CONCURRENT[i])
				.isPositive();
			dials.forEach(d -> instancesThatDialled.add(d.instance()));
		}
		assertThat(instancesThatDialled).containsExactlyInAnyOrder("instance-a", "instance-b");
		assertThat(jdbc.sql("""
				select count(*) from broadcast_queue
				 where broadcast_id in (:ids) and (status = 'calling' or locked_by is not null or attempts <> 1)""")
			.param("ids", broadcastIds).query(Long.class).single()).isZero();
		assertThat(jdbc.sql("select count(*) from call_attempts where broadcast_id in (:ids)")
			.param("ids", broadcastIds).query(Long.class).single()).isEqualTo(total);
		assertThat(jdbc.sql("""
				select coalesce(sum(calling), 0) from broadcast_queue_stats where broadcast_id in (:ids)""")
			.param("ids", broadcastIds).query(Long.class).single()).isZero();
	}

}
