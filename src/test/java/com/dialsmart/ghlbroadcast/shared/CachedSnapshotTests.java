package com.dialsmart.ghlbroadcast.shared;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CachedSnapshotTests {

	@Test
	void loadsOncePerPeriodHoweverOftenItIsRead() {
		AtomicInteger loads = new AtomicInteger();
		CachedSnapshot<Integer> snapshot = new CachedSnapshot<>(Duration.ofHours(1), loads::incrementAndGet);

		for (int i = 0; i < 10; i++) {
			assertThat(snapshot.get()).isEqualTo(1);
		}
		assertThat(loads).hasValue(1);
	}

	@Test
	void reloadsOnceThePeriodHasPassed() throws InterruptedException {
		AtomicInteger loads = new AtomicInteger();
		CachedSnapshot<Integer> snapshot = new CachedSnapshot<>(Duration.ofMillis(20), loads::incrementAndGet);

		assertThat(snapshot.get()).isEqualTo(1);
		Thread.sleep(40);
		assertThat(snapshot.get()).isEqualTo(2);
	}

	@Test
	void isEmptyAfterAFailedLoadUntilTheNextPeriod() throws InterruptedException {
		AtomicInteger loads = new AtomicInteger();
		CachedSnapshot<Integer> snapshot = new CachedSnapshot<>(Duration.ofMillis(20), () -> {
			if (loads.incrementAndGet() == 2) {
				throw new IllegalStateException("database down");
			}
			return loads.get();
		});

		assertThat(snapshot.get()).isEqualTo(1);
		Thread.sleep(40);
		assertThat(snapshot.get()).isNull();
		assertThat(snapshot.get()).as("no retry within the period").isNull();
		Thread.sleep(40);
		assertThat(snapshot.get()).isEqualTo(3);
	}

}
