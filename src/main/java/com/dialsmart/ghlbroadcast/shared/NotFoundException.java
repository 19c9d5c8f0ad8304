package com.dialsmart.ghlbroadcast.shared;

/** An entity does not exist for the caller's account: answered 404, whether it is missing or belongs to another account. */
public class NotFoundException extends RuntimeException {

	public NotFoundException(String message) {
		super(message);
	}

}
