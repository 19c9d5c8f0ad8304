package com.dialsmart.ghlbroadcast.broadcast;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.LocalTime;

import com.dialsmart.ghlbroadcast.shared.TimeOfDay;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * A request that sets both ends of the calling window sets the start before the end (reported on
 * {@code calling_window_end}). A request that sets one end is checked against the stored other end by the service.
 */
@Documented
@Constraint(validatedBy = CallingWindowOrder.Validator.class)
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@interface CallingWindowOrder {

	String message() default "must be after calling_window_start, both in the contact's local time";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

	class Validator implements ConstraintValidator<CallingWindowOrder, BroadcastRequest> {

		@Override
		public boolean isValid(BroadcastRequest request, ConstraintValidatorContext context) {
			LocalTime start = TimeOfDay.Validator.parse(request.callingWindowStart());
			LocalTime end = TimeOfDay.Validator.parse(request.callingWindowEnd());
			if (start == null || end == null || start.isBefore(end)) {
				return true; // a missing or unreadable end is reported by @TimeOfDay or checked by the service
			}
			context.disableDefaultConstraintViolation();
			context.buildConstraintViolationWithTemplate(context.getDefaultConstraintMessageTemplate())
				.addPropertyNode("callingWindowEnd")
				.addConstraintViolation();
			return false;
		}

	}

}
