package com.dialsmart.ghlbroadcast.shared;

/** The request is valid but the entity's current state does not allow it: answered 409. */
public class ConflictException extends RuntimeException {

	public ConflictException(String message) {
		super(message);
	}

}
