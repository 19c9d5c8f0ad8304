package com.dialsmart.ghlbroadcast.shared;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/** A time of day as {@code HH:mm} (seconds allowed), surrounding blanks ignored; {@code null} is valid. */
@Documented
@Constraint(validatedBy = TimeOfDay.Validator.class)
@Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE })
@Retention(RetentionPolicy.RUNTIME)
public @interface TimeOfDay {

	String message() default "is not a time; use HH:mm such as 09:00";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

	class Validator implements ConstraintValidator<TimeOfDay, String> {

		@Override
		public boolean isValid(String value, ConstraintValidatorContext context) {
			return value == null || parse(value) != null;
		}

		/** The value as {@link LocalTime}, or {@code null} when it is none (or {@code null}). */
		public static LocalTime parse(String value) {
			if (value == null) {
				return null;
			}
			try {
				return LocalTime.parse(value.strip());
			}
			catch (DateTimeParseException ex) {
				return null;
			}
		}

	}

}
