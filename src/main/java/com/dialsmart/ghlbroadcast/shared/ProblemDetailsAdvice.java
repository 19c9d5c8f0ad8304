package com.dialsmart.ghlbroadcast.shared;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * Turns the operator API's exceptions into {@code application/problem+json} with a message that says what to fix.
 * A 400 about fields also lists them, as the client named them, in {@code errors}:
 * <pre>
 * {"status":400, "detail":"max_attempts: must be between 1 and 10",
 *  "errors":[{"field":"max_attempts","message":"must be between 1 and 10"}], ...}
 * </pre>
 * Other framework errors (wrong method, missing parameter, ...) are rendered by Boot's own problem-details handler.
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
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
		if (ex.field() != null) {
			problem.setProperty(ERRORS, List.of(new FieldProblem(ex.field(), ex.problem())));
		}
		return problem;
	}

	/** A {@code @Valid} request body broke its constraints: every broken one is listed, sorted by field. */
	@ExceptionHandler
	ProblemDetail invalid(MethodArgumentNotValidException ex) {
		List<FieldProblem> errors = ex.getBindingResult().getAllErrors().stream()
			.map(ProblemDetailsAdvice::describe)
			.sorted(Comparator.comparing(FieldProblem::field).thenComparing(FieldProblem::message))
			.distinct()
			.toList();
		return badRequest(errors);
	}

	@ExceptionHandler
	ProblemDetail typeMismatch(MethodArgumentTypeMismatchException ex) {
		return badRequest(List.of(new FieldProblem(ex.getName(),
				"has an invalid value; expected " + describeJson(ex.getRequiredType()))));
	}

	/** Boot's own answer is "Failed to read request"; this one names the field and what it should hold. */
	@ExceptionHandler
	ProblemDetail unreadable(HttpMessageNotReadableException ex) {
		if (ex.getCause() instanceof JacksonException json) {
			String field = jsonPath(json);
			if (!field.isEmpty() && !(json instanceof StreamReadException)) {
				String problem = json instanceof MismatchedInputException mismatch
						? "has the wrong type; expected " + describeJson(mismatch.getTargetType())
						: "has an invalid value";
				return badRequest(List.of(new FieldProblem(field, problem)));
			}
		}
		return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, describe(ex));
	}

	@ExceptionHandler
	ProblemDetail databaseDown(DataAccessResourceFailureException ex) {
		log.warn("Database unavailable: {}", ex.getMessage());
		return ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
				"The database is temporarily unavailable; try again in a few seconds");
	}

	/**
	 * One field's problem in a 400 answer.
	 * @param field the field as the client sent it: its snake_case JSON name, {@code a.b} for a nested field or a map
	 * entry, {@code a[2]} for a list element
	 * @param message what to fix
	 */
	record FieldProblem(String field, String message) {
	}

	private static final String ERRORS = "errors";

	private static ProblemDetail badRequest(List<FieldProblem> errors) {
		String detail = errors.stream()
			.map(e -> e.field().isEmpty() ? e.message() : e.field() + ": " + e.message())
			.collect(Collectors.joining("; "));
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				detail.isEmpty() ? "Invalid request body" : detail);
		problem.setProperty(ERRORS, errors);
		return problem;
	}

	private static String describe(HttpMessageNotReadableException ex) {
		if (ex.getCause() instanceof StreamReadException json) {
			return "The body is not valid JSON: " + json.getOriginalMessage();
		}
		return "The request body is missing or is not a JSON object";
	}

	private static String jsonPath(JacksonException json) {
		return json.getPath().stream()
			.map(ref -> ref.getPropertyName() != null ? "." + ref.getPropertyName() : "[" + ref.getIndex() + "]")
			.collect(Collectors.joining())
			.replaceFirst("^\\.", "");
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
		if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
			return "a JSON array";
		}
		if (type.isEnum()) {
			return "one of " + java.util.Arrays.stream(type.getEnumConstants())
				.map(constant -> ((Enum<?>) constant).name().toLowerCase(java.util.Locale.ROOT))
				.collect(Collectors.joining(", "));
		}
		return describe(type);
	}

	private static FieldProblem describe(ObjectError error) {
		String field;
		if (error.contains(ConstraintViolation.class)) {
			field = jsonPath(error.unwrap(ConstraintViolation.class).getPropertyPath());
		}
		else {
			field = error instanceof FieldError fieldError ? snakeCase(fieldError.getField()) : "";
		}
		return new FieldProblem(field, error.getDefaultMessage());
	}

	/**
	 * The violation's path as the client wrote it: {@code dtmf_actions.1} for a map's value, {@code dtmf_actions} for
	 * a bad map key (the message names the key), {@code ids[3]} for a list element.
	 */
	static String jsonPath(Path path) {
		StringBuilder field = new StringBuilder();
		for (Path.Node node : path) {
			if (node.isInIterable() && node.getIndex() != null) {
				field.append('[').append(node.getIndex()).append(']');
			}
			else if (node.isInIterable() && node.getKey() != null && !"<map key>".equals(node.getName())) {
				field.append('.').append(node.getKey());
			}
			if (node.getKind() == ElementKind.PROPERTY) {
				field.append(field.isEmpty() ? "" : ".").append(snakeCase(node.getName()));
			}
		}
		return field.toString();
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
