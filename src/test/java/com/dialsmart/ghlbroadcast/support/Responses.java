package com.dialsmart.ghlbroadcast.support;

import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;

import com.jayway.jsonpath.JsonPath;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/** Reads values out of a response body, for the next request of a test. */
public final class Responses {

	private Responses() {
	}

	public static <T> T path(MvcTestResult result, String jsonPath) {
		return JsonPath.read(body(result), jsonPath);
	}

	public static String body(MvcTestResult result) {
		try {
			return result.getResponse().getContentAsString(StandardCharsets.UTF_8);
		}
		catch (UnsupportedEncodingException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
