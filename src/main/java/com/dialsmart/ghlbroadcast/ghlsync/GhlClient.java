package com.dialsmart.ghlbroadcast.ghlsync;

import java.io.InputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.micrometer.observation.ObservationRegistry;
import jakarta.annotation.PreDestroy;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * GHL's API v2 (LeadConnector) as the sync uses it, on Spring's {@link RestClient}. Request bodies are built as maps
 * with GHL's own key spelling ({@code customFields}, {@code field_value}), so the service's snake_case JSON setting
 * never touches them. Every failure is thrown as a {@link GhlCallException} saying what to do about it, and every
 * answer's rate-limit headers are reported to the caller's {@link Pacing}.
 */
@Component
class GhlClient {

	private static final Logger log = LoggerFactory.getLogger(GhlClient.class);

	static final String API_VERSION = "2021-07-28";

	private static final int MAX_MESSAGE = 500;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final RestClient rest;

	private final RetryTemplate connectRetries;

	private final RetryTemplate ioRetries;

	private final GhlSyncMetrics metrics;

	private final CloseableHttpClient http;

	GhlClient(RestClient.Builder builder, GhlSyncProperties properties, GhlSyncMetrics metrics) {
		this.metrics = metrics;
		// Apache HttpClient's classic blocking I/O: a worker's request runs on the worker's own thread. The JDK client
		// behind Spring's JdkClientHttpRequestFactory hands every request to other threads (body writer, selector,
		// completion), and on a machine of one or two cores it even starts a new thread per request, which cost
		// most of the sync's CPU at GHL's rate limits.
		// one connection per sync worker thread, and a few for the operator's calls (setup, test-connection), which
		// would otherwise wait for a worker's connection
		int connectionsToGhl = Math.max(1, properties.sync().threads()) + 8;
		PoolingHttpClientConnectionManager connections = PoolingHttpClientConnectionManagerBuilder.create()
			.setMaxConnTotal(connectionsToGhl)
			.setMaxConnPerRoute(connectionsToGhl)
			.setDefaultConnectionConfig(ConnectionConfig.custom()
				.setConnectTimeout(Timeout.of(properties.connectTimeout()))
				.setSocketTimeout(Timeout.of(properties.readTimeout()))
				.setValidateAfterInactivity(TimeValue.ofSeconds(2))
				.build())
			.build();
		this.http = HttpClients.custom()
			.setConnectionManager(connections)
			// repeating a request is the sync's decision (a note must never be posted twice), never the client's
			.disableAutomaticRetries()
			.disableRedirectHandling()
			.disableCookieManagement()
			.evictIdleConnections(TimeValue.ofSeconds(30))
			.build();
		HttpComponentsClientHttpRequestFactory factory = new HttpComponentsClientHttpRequestFactory(this.http);
		factory.setReadTimeout(properties.readTimeout());
		// GhlSyncMetrics times every call by endpoint; Spring's own client observation would only add a second,
		// contended set of meters per request
		this.rest = builder.clone()
			.baseUrl(properties.baseUrl().toString())
			.requestFactory(factory)
			.observationRegistry(ObservationRegistry.NOOP)
			.build();
		// A request that never left (connection refused, connect timeout) is always safe to repeat at once; one that
		// may have reached GHL only when repeating it changes nothing (tags, custom fields, reads), never a note.
		this.connectRetries = retries(properties, GhlCallException::notSent);
		this.ioRetries = retries(properties, ex -> ex.kind() == GhlCallException.Kind.RETRYABLE && ex.status() == 0);
	}

	private static RetryTemplate retries(GhlSyncProperties properties,
			java.util.function.Predicate<GhlCallException> when) {
		return new RetryTemplate(RetryPolicy.builder()
			.maxRetries(properties.immediateRetries())
			.delay(properties.immediateRetryDelay())
			.multiplier(2)
			.predicate(ex -> ex instanceof GhlCallException call && when.test(call))
			.build());
	}

	@PreDestroy
	void stop() {
		this.http.close(CloseMode.GRACEFUL);
	}

	/** Which location and token a call is made for. */
	record Auth(String locationId, String token) {

		@Override
		public String toString() {
			return "Auth[locationId=" + this.locationId + "]";
		}

	}

	/** GHL's rate-limit headers of one answer; {@code null} components were not sent. */
	record RateInfo(Integer remaining, Long intervalMillis, Integer max) {

		static final RateInfo NONE = new RateInfo(null, null, null);

	}

	/** Paces the calls of one location: called before every HTTP attempt and after every answer. */
	interface Pacing {

		Pacing NONE = new Pacing() {
		};

		default void beforeSend() {
		}

		default void afterAnswer(RateInfo rate) {
		}

	}

	/** A location's custom field as GHL lists it. */
	record CustomField(String id, String name, String fieldKey, String dataType, List<String> picklistOptions) {
	}

	/** The answer of a token refresh. */
	record TokenPair(String accessToken, String refreshToken, long expiresInSeconds) {

		@Override
		public String toString() {
			return "TokenPair[expiresInSeconds=" + this.expiresInSeconds + "]";
		}

	}

	/** {@code POST /contacts/{id}/tags}: adds tags (never through a PUT, which would replace all of them). */
	void addTags(Auth auth, Pacing pacing, String contactId, List<String> tags) {
		send(auth, pacing, true, HttpMethod.POST, "/contacts/{id}/tags", contactId, Map.of("tags", tags), node -> null);
	}

	/** {@code PUT /contacts/{id}} with only {@code customFields: [{id, field_value}]}. */
	void updateCustomFields(Auth auth, Pacing pacing, String contactId, Map<String, String> valuesById) {
		List<Map<String, Object>> fields = new ArrayList<>();
		valuesById.forEach((id, value) -> {
			Map<String, Object> field = new LinkedHashMap<>();
			field.put("id", id);
			field.put("field_value", value);
			fields.add(field);
		});
		send(auth, pacing, true, HttpMethod.PUT, "/contacts/{id}", contactId, Map.of("customFields", fields),
				node -> null);
	}

	/** {@code POST /contacts/{id}/notes}: not repeatable (a second call writes a second note). */
	void createNote(Auth auth, Pacing pacing, String contactId, String body) {
		send(auth, pacing, false, HttpMethod.POST, "/contacts/{id}/notes", contactId, Map.of("body", body),
				node -> null);
	}

	/** {@code GET /contacts/{id}/notes}: the bodies of the contact's notes. */
	List<String> noteBodies(Auth auth, Pacing pacing, String contactId) {
		return send(auth, pacing, true, HttpMethod.GET, "/contacts/{id}/notes", contactId, null, node -> {
			List<String> bodies = new ArrayList<>();
			node.path("notes").forEach(note -> bodies.add(note.path("body").asString("")));
			return bodies;
		});
	}

	/** {@code GET /locations/{id}/customFields?model=contact}. */
	List<CustomField> customFields(Auth auth, Pacing pacing, String locationId) {
		return send(auth, pacing, true, HttpMethod.GET, "/locations/{id}/customFields?model=contact", locationId, null,
				node -> {
					List<CustomField> fields = new ArrayList<>();
					node.path("customFields").forEach(field -> fields.add(customField(field)));
					return fields;
				});
	}

	/** {@code POST /locations/{id}/customFields} for a contact field. */
	CustomField createCustomField(Auth auth, Pacing pacing, String locationId, String name, String dataType) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("name", name);
		body.put("dataType", dataType);
		body.put("model", "contact");
		return send(auth, pacing, false, HttpMethod.POST, "/locations/{id}/customFields", locationId, body,
				node -> customField(node.path("customField")));
	}

	/** {@code POST /oauth/token} with {@code grant_type=refresh_token} and {@code user_type=Location}. */
	TokenPair refreshToken(String clientId, String clientSecret, String refreshToken) {
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("client_id", clientId);
		form.add("client_secret", clientSecret);
		form.add("grant_type", "refresh_token");
		form.add("refresh_token", refreshToken);
		form.add("user_type", "Location");
		String operation = "POST /oauth/token";
		// a refresh token is single use: a refresh that may have reached GHL is never repeated blindly
		return this.connectRetries.invoke(() -> exchange(operation, operation, Pacing.NONE, () -> this.rest.post()
			.uri("/oauth/token")
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.accept(MediaType.APPLICATION_JSON)
			.body(form), node -> new TokenPair(node.path("access_token").asString(null),
					node.path("refresh_token").asString(null), node.path("expires_in").asLong(86399))));
	}

	private static CustomField customField(JsonNode node) {
		List<String> options = new ArrayList<>();
		node.path("picklistOptions").forEach(option -> options.add(option.asString("")));
		return new CustomField(node.path("id").asString(null), node.path("name").asString(null),
				node.path("fieldKey").asString(null), node.path("dataType").asString(null), options);
	}

	private <T> T send(Auth auth, Pacing pacing, boolean repeatable, HttpMethod method, String path, String id,
			Object body, Function<JsonNode, T> reader) {
		String operation = method.name() + " " + path.replace("{id}", id);
		String endpoint = method.name() + " " + path.replaceFirst("\\?.*$", "");
		RetryTemplate retries = repeatable ? this.ioRetries : this.connectRetries;
		return retries.invoke(() -> exchange(endpoint, operation, pacing, () -> {
			RestClient.RequestBodySpec spec = this.rest.method(method)
				.uri(path, id)
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + auth.token())
				.header("Version", API_VERSION)
				.accept(MediaType.APPLICATION_JSON);
			return body == null ? spec : spec.contentType(MediaType.APPLICATION_JSON).body(body);
		}, reader));
	}

	/** @param endpoint the request's template ({@code PUT /contacts/{id}}), the only form that reaches metrics */
	private <T> T exchange(String endpoint, String operation, Pacing pacing,
			java.util.function.Supplier<RestClient.RequestHeadersSpec<?>> request, Function<JsonNode, T> reader) {
		pacing.beforeSend();
		Answer answer;
		long started = System.nanoTime();
		try {
			answer = request.get().exchange((req, res) -> {
				byte[] bytes;
				try (InputStream in = res.getBody()) {
					bytes = in.readAllBytes();
				}
				return new Answer(res.getStatusCode().value(), res.getHeaders(), new String(bytes, StandardCharsets.UTF_8));
			}, true);
		}
		catch (ResourceAccessException ex) {
			this.metrics.request(endpoint, 0, System.nanoTime() - started);
			boolean sent = !connectFailure(ex);
			log.debug("GHL call {} failed: {}", operation, ex.toString());
			throw new GhlCallException(GhlCallException.Kind.RETRYABLE, 0, operation, ioMessage(ex), null, sent,
					RateInfo.NONE, ex);
		}
		this.metrics.request(endpoint, answer.status(), System.nanoTime() - started);
		RateInfo rate = rate(answer.headers());
		pacing.afterAnswer(rate);
		int status = answer.status();
		if (status >= 200 && status < 300) {
			return reader.apply(parse(answer.body()));
		}
		String message = errorMessage(answer.body());
		if (log.isDebugEnabled()) {
			log.debug("GHL answered {} on {}: {}", status, operation, message);
		}
		throw new GhlCallException(kind(status), status, operation, message, retryAfter(answer.headers()),
				status >= 500 || status == 408, rate, null);
	}

	private record Answer(int status, HttpHeaders headers, String body) {
	}

	private static GhlCallException.Kind kind(int status) {
		if (status == 429) {
			return GhlCallException.Kind.RATE_LIMITED;
		}
		if (status == 401) {
			return GhlCallException.Kind.AUTH;
		}
		if (status == 403) {
			return GhlCallException.Kind.FORBIDDEN;
		}
		if (status == 408 || status >= 500) {
			return GhlCallException.Kind.RETRYABLE;
		}
		return GhlCallException.Kind.PERMANENT;
	}

	private static boolean connectFailure(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof ConnectException || cause instanceof ConnectTimeoutException
					|| cause instanceof UnknownHostException || cause instanceof NoRouteToHostException) {
				return true;
			}
		}
		return false;
	}

	private static String ioMessage(ResourceAccessException ex) {
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		String text = root.getMessage() == null ? "" : ": " + root.getMessage();
		return root.getClass().getSimpleName() + text;
	}

	private static JsonNode parse(String body) {
		if (body == null || body.isBlank()) {
			return JSON.createObjectNode();
		}
		try {
			return JSON.readTree(body);
		}
		catch (JacksonException ex) {
			return JSON.createObjectNode();
		}
	}

	/** GHL's error text: {@code message} (a string, or an array for 422), else {@code error}, else the raw body. */
	static String errorMessage(String body) {
		if (body == null || body.isBlank()) {
			return null;
		}
		String text;
		try {
			JsonNode node = JSON.readTree(body);
			JsonNode message = node.path("message");
			if (message.isArray()) {
				List<String> parts = new ArrayList<>();
				message.forEach(part -> parts.add(part.asString("")));
				text = String.join("; ", parts);
			}
			else if (message.isString()) {
				text = message.asString();
			}
			else if (node.path("error").isString()) {
				text = node.path("error").asString();
			}
			else if (node.path("detail").isString()) {
				text = node.path("detail").asString();
			}
			else {
				text = body;
			}
		}
		catch (JacksonException ex) {
			text = body;
		}
		text = text.strip().replaceAll("\\s+", " ");
		return text.length() > MAX_MESSAGE ? text.substring(0, MAX_MESSAGE) + "…" : text;
	}

	private static RateInfo rate(HttpHeaders headers) {
		return new RateInfo(intHeader(headers, "X-RateLimit-Remaining"),
				longHeader(headers, "X-RateLimit-Interval-Milliseconds"), intHeader(headers, "X-RateLimit-Max"));
	}

	private static Integer intHeader(HttpHeaders headers, String name) {
		Long value = longHeader(headers, name);
		return value == null ? null : (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, value));
	}

	private static Long longHeader(HttpHeaders headers, String name) {
		String value = headers.getFirst(name);
		if (value == null) {
			return null;
		}
		try {
			return Long.parseLong(value.strip());
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	/** {@code Retry-After} as seconds or an HTTP date. */
	private static Duration retryAfter(HttpHeaders headers) {
		String value = headers.getFirst(HttpHeaders.RETRY_AFTER);
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			return Duration.ofSeconds(Math.max(0, Long.parseLong(value.strip())));
		}
		catch (NumberFormatException ex) {
			try {
				Duration wait = Duration.between(java.time.Instant.now(),
						ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
				return wait.isNegative() ? Duration.ZERO : wait;
			}
			catch (DateTimeParseException ignored) {
				return null;
			}
		}
	}

}
