package com.dialsmart.ghlbroadcast.calls;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CallingWindowTests {

	private static final String NEW_YORK = "+12125550123";

	private static final String LOS_ANGELES = "+13105550123";

	private static final String HONOLULU = "+18085550123";

	/** 208-555: libphonenumber maps this prefix to both America/Boise and America/Los_Angeles. */
	private static final String BOISE_OR_LOS_ANGELES = "+12085550123";

	private static final LocalTime NINE = LocalTime.of(9, 0);

	private static final LocalTime EIGHT_PM = LocalTime.of(20, 0);

	private static final ZoneId DEFAULT_ZONE = ZoneId.of("America/Chicago");

	/** A winter day (no daylight saving): New York is UTC-5, Los Angeles UTC-8, Boise UTC-7, Honolulu UTC-10. */
	private static Instant utc(int hour, int minute) {
		return LocalDateTime.of(2026, 1, 15, hour, minute).toInstant(ZoneOffset.UTC);
	}

	private static CallingWindow.Decision check(Instant now, String phone) {
		return new CallingWindow(Clock.fixed(now, ZoneOffset.UTC)).check(phone, NINE, EIGHT_PM, DEFAULT_ZONE);
	}

	@Test
	void mapsNumbersToTheirZones() {
		assertThat(CallingWindow.zonesFor(NEW_YORK, DEFAULT_ZONE)).containsExactly(ZoneId.of("America/New_York"));
		assertThat(CallingWindow.zonesFor(LOS_ANGELES, DEFAULT_ZONE)).containsExactly(ZoneId.of("America/Los_Angeles"));
		assertThat(CallingWindow.zonesFor(HONOLULU, DEFAULT_ZONE)).containsExactly(ZoneId.of("Pacific/Honolulu"));
		assertThat(CallingWindow.zonesFor(BOISE_OR_LOS_ANGELES, DEFAULT_ZONE))
			.containsExactlyInAnyOrder(ZoneId.of("America/Boise"), ZoneId.of("America/Los_Angeles"));
	}

	@Test
	void usesTheAccountZoneForANumberWithoutOne() {
		assertThat(CallingWindow.zonesFor("not a number", DEFAULT_ZONE)).containsExactly(DEFAULT_ZONE);
	}

	@Test
	void dialsNewYorkAtNoonButNotLosAngelesOrHonoluluBeforeTheirMorning() {
		// 14:00 UTC = 09:00 New York, 06:00 Los Angeles, 04:00 Honolulu
		Instant now = utc(14, 0);
		assertThat(check(now, NEW_YORK).open()).isTrue();
		CallingWindow.Decision la = check(now, LOS_ANGELES);
		assertThat(la.open()).isFalse();
		assertThat(la.nextOpening()).isEqualTo(utc(17, 0));
		CallingWindow.Decision honolulu = check(now, HONOLULU);
		assertThat(honolulu.open()).isFalse();
		assertThat(honolulu.nextOpening()).isEqualTo(utc(19, 0));
	}

	@Test
	void stopsAtTheEndOfTheLocalWindow() {
		// 01:00 UTC (next day) = 20:00 New York (closed: the end is exclusive), 17:00 Los Angeles, 15:00 Honolulu
		Instant now = LocalDateTime.of(2026, 1, 16, 1, 0).toInstant(ZoneOffset.UTC);
		CallingWindow.Decision ny = check(now, NEW_YORK);
		assertThat(ny.open()).isFalse();
		assertThat(ny.nextOpening()).isEqualTo(LocalDateTime.of(2026, 1, 16, 14, 0).toInstant(ZoneOffset.UTC));
		assertThat(check(now, LOS_ANGELES).open()).isTrue();
		assertThat(check(now, HONOLULU).open()).isTrue();
		// 05:59 UTC = 19:59 Honolulu: still inside
		assertThat(check(LocalDateTime.of(2026, 1, 16, 5, 59).toInstant(ZoneOffset.UTC), HONOLULU).open()).isTrue();
	}

	@Test
	void dialsAMultiZoneNumberOnlyWhenEveryZoneIsInside() {
		// 16:30 UTC = 09:30 Boise but 08:30 Los Angeles: one zone is outside
		CallingWindow.Decision early = check(utc(16, 30), BOISE_OR_LOS_ANGELES);
		assertThat(early.open()).isFalse();
		assertThat(early.nextOpening()).isEqualTo(utc(17, 0));
		// 17:00 UTC = 10:00 Boise, 09:00 Los Angeles: both inside
		assertThat(check(utc(17, 0), BOISE_OR_LOS_ANGELES).open()).isTrue();
		// 03:30 UTC = 20:30 Boise, 19:30 Los Angeles: Boise has closed
		CallingWindow.Decision late = check(LocalDateTime.of(2026, 1, 16, 3, 30).toInstant(ZoneOffset.UTC),
				BOISE_OR_LOS_ANGELES);
		assertThat(late.open()).isFalse();
		assertThat(late.nextOpening()).isEqualTo(LocalDateTime.of(2026, 1, 16, 17, 0).toInstant(ZoneOffset.UTC));
	}

	@Test
	void followsDaylightSavingTime() {
		// a summer day: 13:00 UTC = 09:00 New York (UTC-4)
		Instant summer = LocalDateTime.of(2026, 7, 15, 13, 0).toInstant(ZoneOffset.UTC);
		assertThat(check(summer, NEW_YORK).open()).isTrue();
		assertThat(check(summer.minusSeconds(60), NEW_YORK).open()).isFalse();
	}

}
