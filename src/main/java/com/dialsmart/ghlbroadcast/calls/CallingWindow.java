package com.dialsmart.ghlbroadcast.calls;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberToTimeZonesMapper;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import org.springframework.stereotype.Component;

/**
 * The calling window in the contact's local time. The zones come from the number (libphonenumber's time-zone
 * mapper: area code and exchange, not where a mobile phone really is); a number that maps to several zones is dialled
 * only when every one of them is inside the window; a number that maps to none uses the account's default zone.
 */
@Component
class CallingWindow {

	/** When no common opening is found this far ahead, the number is looked at again after {@link #RECHECK}. */
	private static final int DAYS_AHEAD = 7;

	private static final Duration RECHECK = Duration.ofHours(1);

	private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

	private static final PhoneNumberToTimeZonesMapper ZONES = PhoneNumberToTimeZonesMapper.getInstance();

	private final Clock clock;

	CallingWindow(Clock clock) {
		this.clock = clock;
	}

	/** Whether a number may be dialled now, and if not, the first instant at which it may. */
	record Decision(boolean open, Instant nextOpening) {
	}

	Decision check(String e164, LocalTime start, LocalTime end, ZoneId defaultZone) {
		Instant now = this.clock.instant();
		List<ZoneId> zones = zonesFor(e164, defaultZone);
		if (inside(now, zones, start, end)) {
			return new Decision(true, now);
		}
		return new Decision(false, nextOpening(now, zones, start, end));
	}

	/** The zones libphonenumber gives for the number, or the default zone when it gives none it knows. */
	static List<ZoneId> zonesFor(String e164, ZoneId defaultZone) {
		Set<ZoneId> zones = new LinkedHashSet<>();
		try {
			PhoneNumber number = PHONES.parse(e164, "ZZ");
			for (String id : ZONES.getTimeZonesForNumber(number)) {
				if (!PhoneNumberToTimeZonesMapper.getUnknownTimeZone().equals(id)) {
					try {
						zones.add(ZoneId.of(id));
					}
					catch (DateTimeException ex) {
						// a zone this JVM does not know: the others (or the default) decide
					}
				}
			}
		}
		catch (NumberParseException ex) {
			// stored numbers are valid E.164; the default zone decides if one is not
		}
		return zones.isEmpty() ? List.of(defaultZone) : List.copyOf(zones);
	}

	static boolean inside(Instant instant, List<ZoneId> zones, LocalTime start, LocalTime end) {
		for (ZoneId zone : zones) {
			LocalTime local = instant.atZone(zone).toLocalTime();
			if (local.isBefore(start) || !local.isBefore(end)) {
				return false;
			}
		}
		return true;
	}

	/**
	 * The common window of several zones, when there is one, opens when the last of them opens: the answer is the
	 * earliest window start (of any zone) at which every zone is inside.
	 */
	static Instant nextOpening(Instant now, List<ZoneId> zones, LocalTime start, LocalTime end) {
		List<Instant> candidates = new ArrayList<>();
		for (ZoneId zone : zones) {
			LocalDate today = now.atZone(zone).toLocalDate();
			for (int day = 0; day <= DAYS_AHEAD; day++) {
				Instant opening = ZonedDateTime.of(today.plusDays(day), start, zone).toInstant();
				if (opening.isAfter(now)) {
					candidates.add(opening);
				}
			}
		}
		return candidates.stream()
			.sorted()
			.filter(candidate -> inside(candidate, zones, start, end))
			.findFirst()
			.orElse(now.plus(RECHECK));
	}

}
