package com.dialsmart.ghlbroadcast.calls;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import com.dialsmart.ghlbroadcast.GhlBroadcastApplication;
import com.dialsmart.ghlbroadcast.account.AccountService;
import com.dialsmart.ghlbroadcast.broadcast.BroadcastRequest;
import com.dialsmart.ghlbroadcast.broadcast.BroadcastService;
import com.dialsmart.ghlbroadcast.broadcast.BroadcastService.Transition;
import com.dialsmart.ghlbroadcast.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An instance stopped while its simulated calls are still "ringing" leaves nothing {@code calling}: the calls end
 * with their outcome before the instance closes its connection pool.
 */
class SimulatedCallsOnShutdownTests {

	@Test
	void endsRingingCallsWhenTheInstanceStops() {
		TestDatabase.Connection db = TestDatabase.get();
		ConfigurableApplicationContext instance = new SpringApplicationBuilder(GhlBroadcastApplication.class)
			.web(WebApplicationType.SERVLET)
			.properties(Map.of("spring.datasource.url", db.url(), "spring.datasource.username", db.username(),
					"spring.datasource.password", db.password(), "app.engine.simulated.delay", "PT10M",
					"spring.main.banner-mode", "off", "server.port", "0"))
			.run();
		UUID broadcast;
		try {
			UUID account = instance.getBean(AccountService.class).create("Shutdown " + UUID.randomUUID(), "US").id();
			BroadcastService broadcasts = instance.getBean(BroadcastService.class);
			broadcast = broadcasts.create(account, new BroadcastRequest("Ringing", "Hello", 1, null, "00:00", "23:59",
					null, 20, 6000, null, null)).id();
			broadcasts.transition(account, broadcast, Transition.ACTIVATE);
			instance.getBean(JdbcClient.class).sql("""
					insert into broadcast_queue (id, broadcast_id, user_id, phone, name)
					select gen_random_uuid(), :broadcast, :account, '+1212555' || lpad((100 + n)::text, 4, '0'), 'C' || n
					  from generate_series(1, 10) n""")
				.param("broadcast", broadcast)
				.param("account", account)
				.update();
			CallDispatcher dispatcher = instance.getBean(CallDispatcher.class);
			await().atMost(Duration.ofSeconds(20)).until(() -> {
				dispatcher.dispatchOnce();
				return calling(instance.getBean(JdbcClient.class), broadcast) == 10;
			});
		}
		finally {
			instance.close();
		}

		JdbcClient jdbc = JdbcClient.create(new DriverManagerDataSource(db.url(), db.username(), db.password()));
		assertThat(calling(jdbc, broadcast)).isZero();
		assertThat(jdbc.sql("select count(*) from call_attempts a join broadcast_queue q on q.id = a.queue_item_id "
				+ "where q.broadcast_id = ?").param(broadcast).query(Long.class).single()).isEqualTo(10);
	}

	private static long calling(JdbcClient jdbc, UUID broadcast) {
		return jdbc.sql("select count(*) from broadcast_queue where broadcast_id = ? and status = 'calling'")
			.param(broadcast)
			.query(Long.class)
			.single();
	}

}
