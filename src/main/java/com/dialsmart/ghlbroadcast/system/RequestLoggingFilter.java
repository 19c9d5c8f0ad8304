package com.dialsmart.ghlbroadcast.system;

import java.io.IOException;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * One log line per HTTP request (method, path, status, duration, request id), and the request id in the MDC for every
 * line logged while serving it. The id is the caller's {@code X-Request-Id} when that is a plain token of at most 64
 * characters, else a new one; the response returns it. Runs before security so rejected requests are logged too.
 * <p>
 * Only the path is logged: never headers, the query string or the body, which may carry webhook keys and tokens.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class RequestLoggingFilter extends OncePerRequestFilter {

	static final String HEADER = "X-Request-Id";

	/** MDC key, also a field of structured (JSON) log lines. */
	static final String MDC_KEY = "request_id";

	private static final Pattern SANE_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

	private static final int MAX_LOGGED_PATH = 200;

	private static final Logger log = LoggerFactory.getLogger(RequestLoggingFilter.class);

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long start = System.nanoTime();
		String requestId = requestId(request.getHeader(HEADER));
		response.setHeader(HEADER, requestId);
		MDC.put(MDC_KEY, requestId);
		boolean failed = true;
		try {
			chain.doFilter(request, response);
			failed = false;
		}
		finally {
			// an exception escaping the chain becomes a 500 after this filter has returned
			int status = failed ? HttpServletResponse.SC_INTERNAL_SERVER_ERROR : response.getStatus();
			long millis = (System.nanoTime() - start) / 1_000_000;
			log.info("{} {} {} {}ms request_id={}", request.getMethod(), path(request), status, millis, requestId);
			MDC.remove(MDC_KEY);
		}
	}

	static String requestId(String incoming) {
		if (incoming != null && SANE_ID.matcher(incoming).matches()) {
			return incoming;
		}
		return UUID.randomUUID().toString();
	}

	/** The path as sent (still percent-encoded, so no control characters), without the query string. */
	private static String path(HttpServletRequest request) {
		String uri = request.getRequestURI();
		return uri.length() <= MAX_LOGGED_PATH ? uri : uri.substring(0, MAX_LOGGED_PATH) + "…";
	}

}
