package com.dialsmart.ghlbroadcast.shared;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Locale;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * A two-letter region code libphonenumber can read national numbers of (any case, surrounding blanks ignored);
 * {@code null} is valid.
 */
@Documented
@Constraint(validatedBy = PhoneRegion.Validator.class)
@Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE })
@Retention(RetentionPolicy.RUNTIME)
public @interface PhoneRegion {

	String message() default "is not a two-letter region code libphonenumber knows, such as US, CA or GB";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

	class Validator implements ConstraintValidator<PhoneRegion, String> {

		@Override
		public boolean isValid(String value, ConstraintValidatorContext context) {
			return value == null || PhoneNumbers.isSupportedRegion(value.strip().toUpperCase(Locale.ROOT));
		}

	}

}
