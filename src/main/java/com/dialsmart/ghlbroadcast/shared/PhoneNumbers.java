package com.dialsmart.ghlbroadcast.shared;

import java.util.Locale;
import java.util.Set;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

/** Phone numbers as the service stores and compares them: E.164, validated by libphonenumber. */
public final class PhoneNumbers {

	private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

	/** Longest input worth parsing: longer strings are rejected before libphonenumber sees them. */
	private static final int MAX_INPUT_LENGTH = 40;

	private PhoneNumbers() {
	}

	/** The result of {@link #normalize}: either an E.164 number or the reason it is not one. */
	public record Result(String e164, String problem) {

		public boolean valid() {
			return e164 != null;
		}

	}

	/**
	 * Parses {@code raw} with {@code defaultRegion} when it has no leading {@code +} (or international prefix) and
	 * returns its E.164 form when libphonenumber says the number is valid.
	 */
	public static Result normalize(String raw, String defaultRegion) {
		if (raw == null || raw.isBlank()) {
			return new Result(null, "phone is required");
		}
		String input = raw.strip();
		if (input.length() > MAX_INPUT_LENGTH) {
			return new Result(null, "phone is too long to be a phone number");
		}
		if (input.chars().anyMatch(Character::isISOControl)) {
			return new Result(null, "phone contains control characters");
		}
		PhoneNumber number;
		try {
			number = UTIL.parse(input, defaultRegion);
		}
		catch (NumberParseException ex) {
			return new Result(null, "phone '" + input + "' could not be read as a phone number (" + reason(ex) + ")");
		}
		if (!UTIL.isValidNumber(number)) {
			// "00" is the exit code in most of the world (the US one is 011): contacts kept as 0044… should still
			// reach a US account, so read a leading 00 as '+' when the region's own reading is not valid
			Result international = viaDoubleZero(input, defaultRegion);
			if (international != null) {
				return international;
			}
			String e164 = UTIL.format(number, PhoneNumberFormat.E164);
			return new Result(null, "phone '" + input + "' (" + e164 + ") is not a valid, assigned number for region "
					+ regionName(number) + "; send it in E.164 form such as +12125550123");
		}
		return new Result(UTIL.format(number, PhoneNumberFormat.E164), null);
	}

	private static Result viaDoubleZero(String input, String defaultRegion) {
		String digits = input.replaceAll("[\\s().-]", "");
		if (!digits.startsWith("00") || digits.length() < 5) {
			return null;
		}
		try {
			PhoneNumber number = UTIL.parse("+" + digits.substring(2), defaultRegion);
			return UTIL.isValidNumber(number) ? new Result(UTIL.format(number, PhoneNumberFormat.E164), null) : null;
		}
		catch (NumberParseException ex) {
			return null;
		}
	}

	/** Whether {@code region} is an ISO 3166 two-letter region libphonenumber knows. */
	public static boolean isSupportedRegion(String region) {
		return region != null && supportedRegions().contains(region.toUpperCase(Locale.ROOT));
	}

	public static Set<String> supportedRegions() {
		return UTIL.getSupportedRegions();
	}

	private static String regionName(PhoneNumber number) {
		String region = UTIL.getRegionCodeForNumber(number);
		return region == null ? "+" + number.getCountryCode() : region;
	}

	private static String reason(NumberParseException ex) {
		return switch (ex.getErrorType()) {
			case INVALID_COUNTRY_CODE -> "unknown country code";
			case NOT_A_NUMBER -> "not a number";
			case TOO_SHORT_AFTER_IDD, TOO_SHORT_NSN -> "too short";
			case TOO_LONG -> "too long";
		};
	}

}
