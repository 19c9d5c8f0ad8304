package com.dialsmart.ghlbroadcast.account;

import java.util.UUID;

/**
 * The account an operator API request acts for: the token's {@code sub}, or for a service-role token the
 * {@code X-Account-Id} header. Declare it as a controller method parameter.
 */
public record Caller(UUID accountId, boolean serviceRole) {

	public static final String ACCOUNT_HEADER = "X-Account-Id";

}
