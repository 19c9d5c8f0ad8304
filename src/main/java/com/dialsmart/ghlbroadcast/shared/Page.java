package com.dialsmart.ghlbroadcast.shared;

import java.util.List;

/** One page of a list endpoint: {@code page} is 0-based, {@code total} counts all items of the list. */
public record Page<T>(List<T> items, int page, int size, long total) {

	public static final int DEFAULT_SIZE = 50;

	public static final int MAX_SIZE = 200;

	/** Validates paging parameters, naming the one to fix. */
	public static void check(int page, int size) {
		if (page < 0) {
			throw new InvalidRequestException("page", "must be 0 or more (pages are counted from 0)");
		}
		if (size < 1 || size > MAX_SIZE) {
			throw new InvalidRequestException("size", "must be between 1 and " + MAX_SIZE);
		}
	}

}
