package com.dialsmart.ghlbroadcast.shared;

/**
 * The request is well-formed but a value in it is not acceptable; the message says what to fix. Answered 400. For
 * rules a constraint annotation on the request cannot check (they need stored state, such as a change that would
 * break the broadcast's calling window); the request's own fields are checked by Bean Validation.
 */
public class InvalidRequestException extends RuntimeException {

	private final String field;

	public InvalidRequestException(String message) {
		super(message);
		this.field = null;
	}

	/**
	 * @param field the field as the client sent it (snake_case), listed in the problem's {@code errors}
	 * @param problem what to fix, such as {@code must be between 1 and 200}
	 */
	public InvalidRequestException(String field, String problem) {
		super(field + ": " + problem);
		this.field = field;
	}

	/** The field at fault, or {@code null} when the problem is not one field's. */
	public String field() {
		return this.field;
	}

	/** What to fix, without the field name. */
	String problem() {
		return this.field == null ? getMessage() : getMessage().substring(this.field.length() + 2);
	}

}
