package com.dialsmart.ghlbroadcast.ghlsync;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.extension.requestfilter.RequestFilterAction;
import com.github.tomakehurst.wiremock.extension.requestfilter.StubRequestFilterV2;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A fake GHL (API v2) on WireMock for the sync's tests, one per JVM:
 * <ul>
 * <li>every request is validated against GHL's official OpenAPI specs (copied into {@code ghl-openapi/}), with
 * undeclared properties refused as GHL does; a request that does not validate gets a 422 and is recorded as a
 * violation, which fails the test ({@link #assertNoViolations()});</li>
 * <li>{@code Authorization: Bearer} must carry a token registered for a location (else 401, like GHL's "Invalid
 * JWT"), and location paths must be that token's location (else 403);</li>
 * <li>per location it can enforce N requests per fixed window (429, with or without {@code X-RateLimit-*} headers),
 * answer slowly, and it records when each request arrived;</li>
 * <li>it keeps what GHL would: each contact's tags, custom-field values and notes, each location's custom fields,
 * and single-use OAuth refresh tokens.</li>
 * </ul>
 * Tests change behaviour with ordinary WireMock stubs of higher priority (500s, faults, delays, 429s); those bypass
 * the state, as a failed GHL request would.
 */
public final class GhlFake {

	static final String TRANSFORMER = "ghl";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Pattern CONTACT = Pattern.compile("/contacts/([^/?]+)(/tags|/notes)?");

	private static final Pattern LOCATION = Pattern.compile("/locations/([^/?]+)/customFields");

	private static GhlFake instance;

	private final WireMockServer server;

	private final Map<String, OpenApiInteractionValidator> validators = new LinkedHashMap<>();

	private final List<String> violations = new CopyOnWriteArrayList<>();

	private final Map<String, String> locationsByToken = new ConcurrentHashMap<>();

	private final Map<String, String> refreshTokens = new ConcurrentHashMap<>();

	private final Map<String, Location> locations = new ConcurrentHashMap<>();

	private final Map<String, Contact> contacts = new ConcurrentHashMap<>();

	private final AtomicInteger ids = new AtomicInteger();

	private final AtomicInteger unauthorized = new AtomicInteger();

	private volatile boolean validate = true;

	private GhlFake() {
		LevelResolver strict = LevelResolver.create()
			.withLevel("validation.schema.additionalProperties", ValidationReport.Level.ERROR)
			.build();
		for (String spec : List.of("contacts", "locations", "oauth")) {
			String url = GhlFake.class.getResource("/ghl-openapi/apps/" + spec + ".json").toString();
			// parsed leniently: GHL's own contacts spec has a defect in an endpoint the sync never calls
			// (/contacts/bulk/tags/update/{type} does not declare {type}), which the strict loader rejects
			ParseOptions options = new ParseOptions();
			options.setResolve(true);
			OpenAPI api = new OpenAPIV3Parser().read(url, null, options);
			this.validators.put(spec, OpenApiInteractionValidator.createFor(api).withLevelResolver(strict).build());
		}
		// the schema machinery loads lazily and slowly: warm it up, or the first request of a test would time out
		this.validators.get("contacts").validateRequest(SimpleRequest.Builder.put("/contacts/warmup")
			.withHeader("Version", "2021-07-28")
			.withHeader("Authorization", "Bearer warmup")
			.withContentType("application/json")
			.withBody("{\"customFields\":[{\"id\":\"x\",\"field_value\":\"y\"}]}")
			.build());
		this.server = new WireMockServer(WireMockConfiguration.options()
			.dynamicPort()
			.containerThreads(150)
			.asynchronousResponseEnabled(true)
			.asynchronousResponseThreads(50)
			.extensions(new Gate(), new Behaviour()));
		this.server.start();
		reset();
	}

	public static synchronized GhlFake get() {
		if (instance == null) {
			instance = new GhlFake();
		}
		return instance;
	}

	public String baseUrl() {
		return this.server.baseUrl();
	}

	WireMockServer wireMock() {
		return this.server;
	}

	/** Forgets stubs, journal, violations and state, and installs the default behaviour. */
	void reset() {
		this.server.resetAll();
		this.violations.clear();
		this.locationsByToken.clear();
		this.refreshTokens.clear();
		this.locations.clear();
		this.contacts.clear();
		this.unauthorized.set(0);
		this.server.stubFor(WireMock.any(WireMock.anyUrl())
			.atPriority(10)
			.willReturn(WireMock.aResponse().withTransformers(TRANSFORMER)));
	}

	// ---- setup -------------------------------------------------------------------------------------------------

	/** Turns the spec validation off (the benchmark measures the sync, not the validator) or back on. */
	void validate(boolean on) {
		this.validate = on;
	}

	/** A location that accepts {@code token}. */
	Location location(String locationId, String token) {
		Location location = this.locations.computeIfAbsent(locationId, Location::new);
		this.locationsByToken.put(token, locationId);
		return location;
	}

	/** Makes {@code token} invalid (401) from now on. */
	void revoke(String token) {
		this.locationsByToken.remove(token);
	}

	/** A refresh token that {@code POST /oauth/token} accepts once, issuing tokens for the location. */
	void refreshToken(String refreshToken, String locationId) {
		this.refreshTokens.put(refreshToken, locationId);
	}

	/** Creates the seed's six fields in the location, as the setup would. */
	void createBroadcastFields(String locationId) {
		SyncValues.FIELDS.forEach((key, spec) -> this.locations.get(locationId).addField(spec.name(), spec.dataType()));
	}

	// ---- checks ------------------------------------------------------------------------------------------------

	void assertNoViolations() {
		assertThat(this.violations).as("requests that do not validate against GHL's OpenAPI specs").isEmpty();
	}

	List<String> violations() {
		return List.copyOf(this.violations);
	}

	/** Requests refused with 401 (unknown or revoked token). */
	int unauthorized() {
		return this.unauthorized.get();
	}

	Contact contact(String contactId) {
		return this.contacts.get(contactId);
	}

	Location locationState(String locationId) {
		return this.locations.get(locationId);
	}

	/** Requests that GHL answered with 2xx, per method and path (e.g. {@code POST /contacts/c1/notes}). */
	Map<String, Integer> successfulCalls() {
		Map<String, Integer> counts = new LinkedHashMap<>();
		for (ServeEvent event : this.server.getAllServeEvents()) {
			int status = event.getResponse().getStatus();
			if (status >= 200 && status < 300) {
				String key = event.getRequest().getMethod().getName() + " " + path(event.getRequest().getUrl());
				counts.merge(key, 1, Integer::sum);
			}
		}
		return counts;
	}

	/** The journal, oldest first, one line per request: for failure messages. */
	String journal() {
		StringBuilder out = new StringBuilder();
		List<ServeEvent> events = new ArrayList<>(this.server.getAllServeEvents());
		Collections.reverse(events);
		for (ServeEvent event : events) {
			out.append(event.getRequest().getLoggedDate().toInstant())
				.append(' ')
				.append(event.getRequest().getMethod().getName())
				.append(' ')
				.append(event.getRequest().getUrl())
				.append(" -> ")
				.append(event.getResponse().getStatus())
				.append(" (")
				.append(event.getTiming() == null ? "?" : event.getTiming().getTotalTime())
				.append(" ms)\n");
		}
		return out.toString();
	}

	int count(String method, String path) {
		return (int) this.server.getAllServeEvents()
			.stream()
			.filter(e -> e.getRequest().getMethod().getName().equals(method) && path(e.getRequest().getUrl()).equals(path))
			.count();
	}

	// ---- model -------------------------------------------------------------------------------------------------

	/** One GHL location (sub-account). */
	final class Location {

		final String id;

		final List<ObjectNode> fields = new CopyOnWriteArrayList<>();

		/** When each request of the location arrived (ms), all requests, 429s included. */
		final List<Long> arrivals = Collections.synchronizedList(new ArrayList<>());

		final AtomicInteger tooManyRequests = new AtomicInteger();

		volatile int limit;

		volatile long windowMillis;

		volatile boolean rateHeaders;

		volatile int delayMillis;

		private long windowStart;

		private int inWindow;

		Location(String id) {
			this.id = id;
		}

		/** Enforces {@code limit} requests per fixed window of {@code windowMillis}; 0 turns it off. */
		Location limit(int limit, long windowMillis, boolean rateHeaders) {
			this.limit = limit;
			this.windowMillis = windowMillis;
			this.rateHeaders = rateHeaders;
			return this;
		}

		Location slow(int delayMillis) {
			this.delayMillis = delayMillis;
			return this;
		}

		ObjectNode addField(String name, String dataType) {
			ObjectNode field = JSON.createObjectNode();
			field.put("id", "cf" + GhlFake.this.ids.incrementAndGet() + "x" + this.id);
			field.put("name", name);
			field.put("fieldKey", "contact." + name.strip().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_"));
			field.put("dataType", dataType);
			field.put("position", this.fields.size());
			field.put("model", "contact");
			field.put("locationId", this.id);
			this.fields.add(field);
			return field;
		}

		/** The field's key ({@code broadcast_outcome}) by its id. */
		String keyOf(String fieldId) {
			return this.fields.stream()
				.filter(f -> f.path("id").asString().equals(fieldId))
				.map(f -> f.path("fieldKey").asString().substring("contact.".length()))
				.findFirst()
				.orElse(null);
		}

		/** Counts the request; returns the requests left in the window, or -1 when it is over the limit. */
		synchronized int admit(long now) {
			this.arrivals.add(now);
			if (this.limit <= 0) {
				return Integer.MAX_VALUE;
			}
			long start = now - now % this.windowMillis;
			if (start != this.windowStart) {
				this.windowStart = start;
				this.inWindow = 0;
			}
			if (this.inWindow >= this.limit) {
				this.tooManyRequests.incrementAndGet();
				return -1;
			}
			this.inWindow++;
			return this.limit - this.inWindow;
		}

		synchronized long windowLeftMillis(long now) {
			return this.windowMillis - now % this.windowMillis;
		}

		/** The largest number of requests that arrived within any {@code window} ms (sliding). */
		int maxInAnyWindow(long window) {
			List<Long> times;
			synchronized (this.arrivals) {
				times = new ArrayList<>(this.arrivals);
			}
			Collections.sort(times);
			int max = 0;
			int from = 0;
			for (int to = 0; to < times.size(); to++) {
				while (times.get(to) - times.get(from) >= window) {
					from++;
				}
				max = Math.max(max, to - from + 1);
			}
			return max;
		}

	}

	/** What GHL keeps of one contact. */
	static final class Contact {

		final Set<String> tags = Collections.synchronizedSet(new LinkedHashSet<>());

		/** Custom-field values by field id. */
		final Map<String, String> fields = new ConcurrentHashMap<>();

		final List<String> notes = new CopyOnWriteArrayList<>();

	}

	// ---- WireMock extensions ---------------------------------------------------------------------------------------

	/** Runs before stub matching for every request: spec validation, authentication, rate limit. */
	private final class Gate implements StubRequestFilterV2 {

		@Override
		public String getName() {
			return "ghl-gate";
		}

		@Override
		public RequestFilterAction filter(Request request, ServeEvent serveEvent) {
			String path = path(request.getUrl());
			String violation = GhlFake.this.validate ? validate(request, path) : null;
			if (violation != null) {
				GhlFake.this.violations.add(violation);
				return RequestFilterAction.stopWith(json(422, """
						{"statusCode":422,"message":["%s"],"error":"Unprocessable Entity"}"""
					.formatted(violation.replace("\"", "'").replace("\n", " "))));
			}
			if (path.startsWith("/oauth/")) {
				return RequestFilterAction.continueWith(request);
			}
			String authorization = request.getHeader("Authorization");
			String token = authorization != null && authorization.startsWith("Bearer ") ? authorization.substring(7) : "";
			String locationId = GhlFake.this.locationsByToken.get(token);
			if (locationId == null) {
				GhlFake.this.unauthorized.incrementAndGet();
				return RequestFilterAction.stopWith(json(401,
						"{\"statusCode\":401,\"message\":\"Invalid JWT\",\"error\":\"Unauthorized\"}"));
			}
			Matcher location = LOCATION.matcher(path);
			if (location.matches() && !location.group(1).equals(locationId)) {
				return RequestFilterAction.stopWith(json(403,
						"{\"statusCode\":403,\"message\":\"The token does not have access to this location.\"}"));
			}
			Location state = GhlFake.this.locations.get(locationId);
			long now = System.currentTimeMillis();
			int left = state.admit(now);
			if (left < 0) {
				ResponseDefinitionBuilder tooMany = WireMock.aResponse()
					.withStatus(429)
					.withHeader("Content-Type", "text/plain")
					.withBody("Too Many Requests");
				if (state.rateHeaders) {
					tooMany.withHeader("X-RateLimit-Remaining", "0")
						.withHeader("X-RateLimit-Max", Integer.toString(state.limit))
						.withHeader("X-RateLimit-Interval-Milliseconds", Long.toString(state.windowLeftMillis(now)));
				}
				return RequestFilterAction.stopWith(tooMany.build());
			}
			return RequestFilterAction.continueWith(request);
		}

	}

	private String validate(Request request, String path) {
		String spec = path.startsWith("/contacts/") ? "contacts"
				: path.startsWith("/locations/") ? "locations" : path.startsWith("/oauth/") ? "oauth" : null;
		if (spec == null) {
			return request.getMethod().getName() + " " + path + ": not an endpoint of the GHL specs in use";
		}
		SimpleRequest.Builder builder = new SimpleRequest.Builder(request.getMethod().getName(), path);
		for (HttpHeader header : request.getHeaders().all()) {
			builder.withHeader(header.key(), header.values());
		}
		query(request.getUrl()).forEach(builder::withQueryParam);
		String body = request.getBodyAsString();
		if (body != null && !body.isEmpty()) {
			builder.withBody(body);
		}
		ValidationReport report = this.validators.get(spec).validateRequest(builder.build());
		if (!report.hasErrors()) {
			return null;
		}
		StringBuilder text = new StringBuilder(request.getMethod().getName() + " " + path + " " + body + ":");
		report.getMessages().forEach(m -> text.append(" [").append(m.getKey()).append("] ").append(m.getMessage()));
		return text.toString();
	}

	/** GHL's behaviour behind the default stub. */
	private final class Behaviour implements ResponseDefinitionTransformerV2 {

		@Override
		public String getName() {
			return TRANSFORMER;
		}

		@Override
		public boolean applyGlobally() {
			return false;
		}

		@Override
		public ResponseDefinition transform(ServeEvent event) {
			Request request = event.getRequest();
			String method = request.getMethod().getName();
			String path = path(request.getUrl());
			ResponseDefinitionBuilder response = ResponseDefinitionBuilder.like(event.getResponseDefinition())
				.withHeader("Content-Type", "application/json");
			String locationId = GhlFake.this.locationsByToken.get(bearer(request));
			Location location = locationId == null ? null : GhlFake.this.locations.get(locationId);
			if (location != null) {
				if (location.delayMillis > 0) {
					response.withFixedDelay(location.delayMillis);
				}
				if (location.rateHeaders && location.limit > 0) {
					response.withHeader("X-RateLimit-Max", Integer.toString(location.limit))
						.withHeader("X-RateLimit-Interval-Milliseconds", Long.toString(location.windowMillis))
						.withHeader("X-RateLimit-Remaining",
								Integer.toString(Math.max(0, location.limit - location.inWindow)));
				}
			}
			if (path.equals("/oauth/token")) {
				return token(request, response);
			}
			Matcher contact = CONTACT.matcher(path);
			if (contact.matches()) {
				Contact state = GhlFake.this.contacts.computeIfAbsent(contact.group(1), id -> new Contact());
				JsonNode body = bodyOf(request);
				String sub = contact.group(2) == null ? "" : contact.group(2);
				switch (method + " " + sub) {
					case "POST /tags" -> {
						body.path("tags").forEach(tag -> state.tags.add(tag.asString()));
						ObjectNode out = JSON.createObjectNode();
						ArrayNode tags = out.putArray("tags");
						state.tags.forEach(tags::add);
						return response.withStatus(201).withBody(out.toString()).build();
					}
					case "PUT " -> {
						body.path("customFields").forEach(f -> state.fields.put(f.path("id").asString(),
								f.path("field_value").asString()));
						ObjectNode out = JSON.createObjectNode();
						out.put("succeded", true);
						out.putObject("contact").put("id", contact.group(1));
						return response.withStatus(200).withBody(out.toString()).build();
					}
					case "POST /notes" -> {
						state.notes.add(body.path("body").asString());
						ObjectNode out = JSON.createObjectNode();
						ObjectNode note = out.putObject("note");
						note.put("id", "n" + GhlFake.this.ids.incrementAndGet());
						note.put("body", body.path("body").asString());
						note.put("contactId", contact.group(1));
						return response.withStatus(201).withBody(out.toString()).build();
					}
					case "GET /notes" -> {
						ObjectNode out = JSON.createObjectNode();
						ArrayNode notes = out.putArray("notes");
						state.notes.forEach(text -> notes.addObject().put("id", "n").put("body", text));
						return response.withStatus(200).withBody(out.toString()).build();
					}
					default -> {
					}
				}
			}
			Matcher fields = LOCATION.matcher(path);
			if (fields.matches() && location != null) {
				if (method.equals("GET")) {
					ObjectNode out = JSON.createObjectNode();
					ArrayNode list = out.putArray("customFields");
					location.fields.forEach(list::add);
					return response.withStatus(200).withBody(out.toString()).build();
				}
				if (method.equals("POST")) {
					JsonNode body = bodyOf(request);
					ObjectNode field = location.addField(body.path("name").asString(), body.path("dataType").asString());
					ObjectNode out = JSON.createObjectNode();
					out.set("customField", field);
					return response.withStatus(201).withBody(out.toString()).build();
				}
			}
			return response.withStatus(404).withBody("{\"statusCode\":404,\"message\":\"Not Found\"}").build();
		}

		private ResponseDefinition token(Request request, ResponseDefinitionBuilder response) {
			Map<String, String> form = query("?" + request.getBodyAsString()).entrySet()
				.stream()
				.collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get(0)));
			String locationId = GhlFake.this.refreshTokens.remove(form.getOrDefault("refresh_token", ""));
			if (locationId == null || !"refresh_token".equals(form.get("grant_type"))) {
				return response.withStatus(400)
					.withBody("{\"statusCode\":400,\"message\":\"Invalid grant: refresh token is invalid\"}")
					.build();
			}
			String access = "at-" + UUID.randomUUID();
			String refresh = "rt-" + UUID.randomUUID();
			location(locationId, access);
			GhlFake.this.refreshTokens.put(refresh, locationId);
			ObjectNode out = JSON.createObjectNode();
			out.put("access_token", access);
			out.put("token_type", "Bearer");
			out.put("expires_in", 86399);
			out.put("refresh_token", refresh);
			out.put("scope", "contacts.write locations/customFields.readonly");
			out.put("userType", "Location");
			out.put("locationId", locationId);
			out.put("userId", "u1");
			return response.withStatus(200).withBody(out.toString()).build();
		}

	}

	private static String bearer(Request request) {
		String authorization = request.getHeader("Authorization");
		return authorization != null && authorization.startsWith("Bearer ") ? authorization.substring(7) : "";
	}

	private static JsonNode bodyOf(Request request) {
		String body = request.getBodyAsString();
		return body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
	}

	private static ResponseDefinition json(int status, String body) {
		return WireMock.aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body).build();
	}

	static String path(String url) {
		int query = url.indexOf('?');
		return query < 0 ? url : url.substring(0, query);
	}

	private static Map<String, List<String>> query(String url) {
		Map<String, List<String>> params = new LinkedHashMap<>();
		int start = url.indexOf('?');
		if (start < 0 || start == url.length() - 1) {
			return params;
		}
		for (String pair : url.substring(start + 1).split("&")) {
			if (pair.isEmpty()) {
				continue;
			}
			int eq = pair.indexOf('=');
			String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
			String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
			params.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
		}
		return params;
	}

}
