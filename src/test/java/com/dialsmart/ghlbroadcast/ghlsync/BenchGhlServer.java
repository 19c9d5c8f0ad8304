package com.dialsmart.ghlbroadcast.ghlsync;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The benchmark's GHL: a small HTTP server (the JDK's) answering the sync's calls like GHL, enforcing N requests per
 * fixed window per location (429 with {@code X-RateLimit-*} headers above it), and counting each contact's
 * successful mutations. Much lighter than WireMock, so that on a small machine the benchmark measures the sync and
 * not the fake. The tests use {@link GhlFake}, which also validates every request against GHL's specs.
 */
final class BenchGhlServer implements AutoCloseable {

	private final HttpServer server;

	private final ExecutorService executor = Executors.newFixedThreadPool(32);

	private final int limit;

	private final long windowMillis;

	private final Map<String, Location> byToken = new ConcurrentHashMap<>();

	/** Successful mutations per "METHOD path". */
	private final Map<String, AtomicInteger> mutations = new ConcurrentHashMap<>();

	BenchGhlServer(int limit, long windowMillis) throws IOException {
		this.limit = limit;
		this.windowMillis = windowMillis;
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
		this.server.setExecutor(this.executor);
		this.server.createContext("/", this::handle);
		this.server.start();
	}

	String baseUrl() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	void location(String locationId, String token) {
		this.byToken.put(token, new Location(locationId));
	}

	List<Location> locations() {
		return List.copyOf(this.byToken.values());
	}

	Map<String, AtomicInteger> mutations() {
		return this.mutations;
	}

	/** Forgets what the warm-up sent: arrivals, 429s and mutations. */
	void reset() {
		this.mutations.clear();
		for (Location location : this.byToken.values()) {
			location.arrivals.clear();
			location.tooMany.set(0);
		}
	}

	final class Location {

		final String id;

		final List<Long> arrivals = Collections.synchronizedList(new ArrayList<>());

		final AtomicInteger tooMany = new AtomicInteger();

		private long windowStart;

		private int inWindow;

		Location(String id) {
			this.id = id;
		}

		synchronized int admit(long now) {
			this.arrivals.add(now);
			long start = now - now % BenchGhlServer.this.windowMillis;
			if (start != this.windowStart) {
				this.windowStart = start;
				this.inWindow = 0;
			}
			if (this.inWindow >= BenchGhlServer.this.limit) {
				this.tooMany.incrementAndGet();
				return -1;
			}
			this.inWindow++;
			return BenchGhlServer.this.limit - this.inWindow;
		}

		int maxInAnyWindow() {
			List<Long> times;
			synchronized (this.arrivals) {
				times = new ArrayList<>(this.arrivals);
			}
			Collections.sort(times);
			int max = 0;
			int from = 0;
			for (int to = 0; to < times.size(); to++) {
				while (times.get(to) - times.get(from) >= BenchGhlServer.this.windowMillis) {
					from++;
				}
				max = Math.max(max, to - from + 1);
			}
			return max;
		}

	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange; InputStream in = exchange.getRequestBody()) {
			in.readAllBytes();
			String method = exchange.getRequestMethod();
			String path = exchange.getRequestURI().getPath();
			String authorization = exchange.getRequestHeaders().getFirst("Authorization");
			Location location = authorization == null ? null : this.byToken.get(authorization.substring(7));
			if (location == null) {
				send(exchange, 401, "{\"statusCode\":401,\"message\":\"Invalid JWT\"}");
				return;
			}
			long now = System.currentTimeMillis();
			int left = location.admit(now);
			exchange.getResponseHeaders().add("X-RateLimit-Max", Integer.toString(this.limit));
			exchange.getResponseHeaders().add("X-RateLimit-Interval-Milliseconds", Long.toString(this.windowMillis));
			exchange.getResponseHeaders().add("X-RateLimit-Remaining", Integer.toString(Math.max(0, left)));
			if (left < 0) {
				send(exchange, 429, "Too Many Requests");
				return;
			}
			if (method.equals("GET") && path.endsWith("/customFields")) {
				StringBuilder fields = new StringBuilder("{\"customFields\":[");
				int n = 0;
				for (String key : SyncValues.FIELDS.keySet()) {
					fields.append(n++ == 0 ? "" : ",")
						.append("{\"id\":\"f")
						.append(n)
						.append("\",\"fieldKey\":\"contact.")
						.append(key)
						.append("\",\"dataType\":\"TEXT\"}");
				}
				send(exchange, 200, fields.append("]}").toString());
				return;
			}
			if (method.equals("GET")) {
				send(exchange, 200, "{\"notes\":[]}");
				return;
			}
			this.mutations.computeIfAbsent(method + " " + path, k -> new AtomicInteger()).incrementAndGet();
			send(exchange, method.equals("PUT") ? 200 : 201, "{}");
		}
	}

	private static void send(HttpExchange exchange, int status, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

}
