package com.dialsmart.ghlbroadcast.trigger;

import java.io.UnsupportedEncodingException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Requests to the trigger endpoint and looks at what they stored, shared by the trigger's test classes. */
final class TriggerTestSupport {

	static final String URI = "/functions/v1/ghl-webhook-trigger";

	/** Builds bodies without Spring's naming strategy: the keys are written exactly as given. */
	static final JsonMapper JSON = JsonMapper.builder().build();

	private TriggerTestSupport() {
	}

	/** A JSON body from alternating keys and values (values may be null). */
	static String body(Object... keysAndValues) {
		Map<String, Object> map = new LinkedHashMap<>();
		for (int i = 0; i < keysAndValues.length; i += 2) {
			map.put((String) keysAndValues[i], keysAndValues[i + 1]);
		}
		return JSON.writeValueAsString(map);
	}

	static String add(String key, UUID broadcastId, String phone, Object... more) {
		Object[] fields = new Object[8 + more.length];
		fields[0] = "action";
		fields[1] = "add_to_broadcast";
		fields[2] = "webhook_key";
		fields[3] = key;
		fields[4] = "broadcast_id";
		fields[5] = broadcastId == null ? null : broadcastId.toString();
		fields[6] = "phone";
		fields[7] = phone;
		System.arraycopy(more, 0, fields, 8, more.length);
		return body(fields);
	}

	/**
	 * A client address of its own for each test: failed key checks are limited per IP in a table every test class of
	 * the run shares, so tests must not share MockMvc's default 127.0.0.1.
	 */
	static String uniqueIp() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		return "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + (1 + random.nextInt(254));
	}

	static MvcTestResult post(MockMvcTester mvc, String ip, String json) {
		return mvc.post().uri(URI).contentType(MediaType.APPLICATION_JSON).content(json).with(request -> {
			request.setRemoteAddr(ip);
			return request;
		}).exchange();
	}

	static Map<String, Object> json(MvcTestResult result) {
		try {
			return JSON.readValue(result.getResponse().getContentAsString(java.nio.charset.StandardCharsets.UTF_8),
					new TypeReference<Map<String, Object>>() {
					});
		}
		catch (UnsupportedEncodingException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static long queueRows(JdbcClient jdbc, UUID accountId) {
		return jdbc.sql("select count(*) from broadcast_queue where user_id = ?").param(accountId).query(Long.class)
			.single();
	}

	/** The stored queue row of a phone in a broadcast, every column as text. */
	static Map<String, Object> queueRow(JdbcClient jdbc, UUID broadcastId, String phone) {
		return jdbc.sql("""
				select id::text, user_id::text, phone, name, email, ghl_contact_id, status, attempts,
				       ghl_callback_status, last_outcome
				  from broadcast_queue where broadcast_id = ? and phone = ?""")
			.param(broadcastId)
			.param(phone)
			.query()
			.singleRow();
	}

}
