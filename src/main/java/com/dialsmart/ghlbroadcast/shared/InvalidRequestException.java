package com.dialsmart.ghlbroadcast.shared;

/** The request is well-formed but a value in it is not acceptable; the message says what to fix. Answered 400. */
public class InvalidRequestException extends RuntimeException {

	public InvalidRequestException(String message) {
		super(message);
	}

}
