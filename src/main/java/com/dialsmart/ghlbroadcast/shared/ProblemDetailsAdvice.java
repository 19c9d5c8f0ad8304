package com.dialsmart.ghlbroadcast.shared;

import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * Turns the operator API's exceptions into {@code application/problem+json} with a message that says what to fix.
 * Framework errors (unreadable JSON, wrong method, ...) are rendered by Boot's own problem-details handler.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class ProblemDetailsAdvice {

	private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

	@ExceptionHandler
	ProblemDetail notFound(NotFoundException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail conflict(ConflictException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail invalid(InvalidRequestException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail invalid(MethodArgumentNotValidException ex) {
		String detail = ex.getBindingResult().getFieldErrors().stream()
			.map(ProblemDetailsAdvice::describe)
			.collect(Collectors.joining("; "));
		return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail.isEmpty() ? "Invalid request body" : detail);
	}

	@ExceptionHandler
	ProblemDetail typeMismatch(MethodArgumentTypeMismatchException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				"'" + ex.getName() + "' has an invalid value; expected " + describe(ex.getRequiredType()));
	}

	/** Boot's own answer is "Failed to read request"; this one names the field and what it should hold. */
	@ExceptionHandler
	ProblemDetail unreadable(HttpMessageNotReadableException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, describe(ex));
	}

	@ExceptionHandler
	ProblemDetail databaseDown(DataAccessResourceFailureException ex) {
		log.warn("Database unavailable: {}", ex.getMessage());
		return ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
				"The database is temporarily unavailable; try again in a few seconds");
	}

	private static String describe(HttpMessageNotReadableException ex) {
		if (ex.getCause() instanceof JacksonException json) {
			String field = json.getPath().stream()
				.map(ref -> ref.getPropertyName() != null ? "." + ref.getPropertyName() : "[" + ref.getIndex() + "]")
				.collect(Collectors.joining())
				.replaceFirst("^\\.", "");
			if (json instanceof MismatchedInputException mismatch && !field.isEmpty()) {
				return field + ": has the wrong type; expected " + describeJson(mismatch.getTargetType());
			}
			if (json instanceof StreamReadException) {
				return "The body is not valid JSON: " + json.getOriginalMessage();
			}
			if (!field.isEmpty()) {
				return field + ": has an invalid value";
			}
		}
		return "The request body is missing or is not a JSON object";
	}

	private static String describeJson(Class<?> type) {
		if (type == null) {
			return "another type";
		}
		if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
			return "a whole number";
		}
		if (type == Boolean.class || type == boolean.class) {
			return "true or false";
		}
		if (type == String.class) {
			return "a string";
		}
		if (type == java.time.Instant.class) {
			return "a timestamp such as 2030-01-31T09:00:00Z";
		}
		if (java.util.Map.class.isAssignableFrom(type) || type.isRecord()) {
			return "a JSON object";
		}
		return describe(type);
	}

	private static String describe(FieldError error) {
		return snakeCase(error.getField()) + ": " + error.getDefaultMessage();
	}

	private static String describe(Class<?> type) {
		if (type == null) {
			return "another type";
		}
		return type.getSimpleName().equals("UUID") ? "a UUID" : type.getSimpleName();
	}

	static String snakeCase(String field) {
		return field.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
	}

}
