package com.dialsmart.ghlbroadcast.system;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.dialsmart.ghlbroadcast.support.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class OpenApiDocumentationTests extends IntegrationTest {

	private static final String TRIGGER = "/functions/v1/ghl-webhook-trigger";

	@Autowired
	MockMvcTester mvc;

	@Autowired
	ApplicationContext context;

	@Autowired
	JsonMapper json;

	JsonNode apiDocs;

	@BeforeEach
	void fetchApiDocs() {
		MvcTestResult result = this.mvc.get().uri("/v3/api-docs").exchange();
		assertThat(result).hasStatusOk();
		this.apiDocs = this.json.readTree(result.getResponse().getContentAsByteArray());
	}

	@Test
	void documentsEveryEndpointOfTheApplication() {
		Set<String> handled = new TreeSet<>();
		for (RequestMappingHandlerMapping mapping : this.context.getBeansOfType(RequestMappingHandlerMapping.class)
			.values()) {
			for (Map.Entry<RequestMappingInfo, HandlerMethod> entry : mapping.getHandlerMethods().entrySet()) {
				if (!entry.getValue().getBeanType().getName().startsWith("com.dialsmart.")) {
					continue;
				}
				RequestMappingInfo info = entry.getKey();
				Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
				assertThat(methods).as("HTTP methods of %s", entry.getValue()).isNotEmpty();
				for (String pattern : info.getPatternValues()) {
					for (RequestMethod method : methods) {
						handled.add(method.name() + " " + withoutRegex(pattern));
					}
				}
			}
		}
		Set<String> documented = new TreeSet<>();
		this.apiDocs.get("paths").properties().forEach(path -> path.getValue().properties()
			.forEach(operation -> documented.add(operation.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey())));

		assertThat(handled).as("endpoints of the application").contains("POST " + TRIGGER, "GET /api/broadcasts");
		assertThat(documented).as("operations in /v3/api-docs").containsAll(handled);
	}

	@Test
	void describesTheTriggerBodyWithTheSeedExamples() {
		JsonNode operation = this.apiDocs.get("paths").get(TRIGGER).get("post");
		JsonNode examples = operation.at("/requestBody/content/application~1json/examples");
		assertThat(names(examples)).contains("add_to_broadcast", "test", "list_broadcasts");
		assertThat(examples.at("/add_to_broadcast/value/action").asString()).isEqualTo("add_to_broadcast");
		assertThat(examples.at("/add_to_broadcast/value/ghl_contact_id").isString()).isTrue();
		assertThat(operation.at("/responses/200/content/application~1json/examples/queued/value/status").asString())
			.isEqualTo("queued");
		assertThat(names(operation.get("responses"))).contains("200", "400", "401", "404", "429", "503");
		assertThat(operation.at("/security/0").has("webhook_key")).isTrue();
	}

	@Test
	void declaresBearerJwtAndWebhookKeySecuritySchemes() {
		JsonNode schemes = this.apiDocs.at("/components/securitySchemes");
		assertThat(schemes.at("/bearer_jwt/scheme").asString()).isEqualTo("bearer");
		assertThat(schemes.at("/bearer_jwt/bearerFormat").asString()).isEqualTo("JWT");
		assertThat(schemes.at("/webhook_key/in").asString()).isEqualTo("header");
		assertThat(schemes.at("/webhook_key/name").asString()).isEqualTo("X-Webhook-Key");
		assertThat(this.apiDocs.at("/security/0").has("bearer_jwt")).isTrue();
	}

	@Test
	void namesSchemaPropertiesInSnakeCase() {
		JsonNode properties = this.apiDocs.at("/components/schemas/TriggerAddResponse/properties");
		assertThat(names(properties)).contains("queue_item_id", "broadcast_name").doesNotContain("queueItemId");
	}

	@Test
	void documentsTheAccountHeaderInsteadOfTheCallerParameter() {
		JsonNode parameters = this.apiDocs.at("/paths/~1api~1broadcasts/get/parameters");
		List<String> names = new ArrayList<>();
		parameters.forEach(parameter -> names.add(parameter.get("name").asString()));
		assertThat(names).contains("X-Account-Id", "page", "size").doesNotContain("caller", "account_id", "accountId");
	}

	@Test
	void servesDocsAndSwaggerUiWithoutAToken() {
		assertThat(this.mvc.get().uri("/v3/api-docs").exchange()).hasStatusOk();
		assertThat(this.mvc.get().uri("/v3/api-docs.yaml").exchange()).hasStatusOk();
		assertThat(this.mvc.get().uri("/swagger-ui/index.html").exchange()).hasStatusOk();
		MvcTestResult ui = this.mvc.get().uri("/swagger-ui.html").exchange();
		assertThat(ui).hasStatus(HttpStatus.FOUND);
		assertThat(ui).headers().hasValue("Location", "/swagger-ui/index.html");
	}

	private static Set<String> names(JsonNode node) {
		return new TreeSet<>(node.propertyNames());
	}

	/** {@code /x/{action:a|b}} → {@code /x/{action}}, as the OpenAPI path templates write it. */
	static String withoutRegex(String pattern) {
		StringBuilder out = new StringBuilder();
		int depth = 0;
		boolean skipping = false;
		for (char c : pattern.toCharArray()) {
			if (c == '{') {
				depth++;
				if (depth > 1) {
					continue;
				}
			}
			else if (c == '}') {
				depth--;
				if (depth > 0) {
					continue;
				}
				skipping = false;
			}
			else if (c == ':' && depth == 1) {
				skipping = true;
				continue;
			}
			if (!skipping) {
				out.append(c);
			}
		}
		return out.toString();
	}

}
