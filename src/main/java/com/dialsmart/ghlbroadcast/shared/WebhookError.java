package com.dialsmart.ghlbroadcast.shared;

import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * The error body of the {@code /functions/v1/**} webhooks ({@code {"success":false,"error":code,"message":…}}),
 * which GHL workflows and voice engines read; the operator API answers problem details instead. One record, so the
 * three webhooks cannot drift apart.
 *
 * @param success always {@code false}
 * @param error a stable, machine-readable code such as {@code invalid_json}
 * @param message what went wrong and what to do, for a person
 */
@Schema(name = "WebhookError")
public record WebhookError(boolean success, String error, String message) {

	public static WebhookError of(String error, String message) {
		return new WebhookError(false, error, message);
	}

	/** The answer with this status and body, as JSON whatever the request accepted. */
	public static ResponseEntity<WebhookError> response(HttpStatusCode status, String error, String message) {
		return response(status, error, message, HttpHeaders.EMPTY);
	}

	public static ResponseEntity<WebhookError> response(HttpStatusCode status, String error, String message,
			HttpHeaders headers) {
		return ResponseEntity.status(status)
			.headers(headers)
			.contentType(MediaType.APPLICATION_JSON)
			.body(of(error, message));
	}

}
