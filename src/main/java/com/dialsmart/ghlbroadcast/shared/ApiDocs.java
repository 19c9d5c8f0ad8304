package com.dialsmart.ghlbroadcast.shared;

/**
 * Names of the OpenAPI security schemes, for {@code @SecurityRequirement(name = …)} on endpoints that do not use the
 * default (a bearer JWT).
 */
public final class ApiDocs {

	/** {@code Authorization: Bearer <JWT>}: the default of every operation. */
	public static final String BEARER_JWT = "bearer_jwt";

	/** The account's webhook key in header {@code X-Webhook-Key} (the trigger also takes it as body field {@code webhook_key}). */
	public static final String WEBHOOK_KEY = "webhook_key";

	private ApiDocs() {
	}

}
