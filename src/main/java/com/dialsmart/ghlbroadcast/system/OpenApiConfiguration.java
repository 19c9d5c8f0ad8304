package com.dialsmart.ghlbroadcast.system;

import java.util.Arrays;

import com.dialsmart.ghlbroadcast.account.Caller;
import com.dialsmart.ghlbroadcast.shared.ApiDocs;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document at {@code /v3/api-docs} (Swagger UI at {@code /swagger-ui.html}). Every operation needs a
 * bearer JWT unless it names another scheme with {@code @SecurityRequirement(name = ApiDocs.…)}.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	private static final String PROBLEM = "Problem";

	static {
		// resolved from the token, not sent by clients; its X-Account-Id header is documented below instead
		SpringDocUtils.getConfig().addRequestWrapperToIgnore(Caller.class);
	}

	@Bean
	OpenAPI openApi(@Value("${spring.application.name}") String name) {
		String version = OpenApiConfiguration.class.getPackage().getImplementationVersion();
		return new OpenAPI()
			.info(new Info().title("GHL voice broadcast service")
				.version(version != null ? version : "dev")
				.description("Connects GoHighLevel workflows to voice broadcasts (" + name + "). JSON names are "
						+ "snake_case; operator API errors are application/problem+json."))
			.components(new Components()
				.addSecuritySchemes(ApiDocs.BEARER_JWT, new SecurityScheme().type(SecurityScheme.Type.HTTP)
					.scheme("bearer")
					.bearerFormat("JWT")
					.description("HS256 JWT with claims sub (account id), role (authenticated or service_role), exp. "
							+ "Service-role tokens name the account in header " + Caller.ACCOUNT_HEADER + "."))
				.addSecuritySchemes(ApiDocs.WEBHOOK_KEY, new SecurityScheme().type(SecurityScheme.Type.APIKEY)
					.in(SecurityScheme.In.HEADER)
					.name("X-Webhook-Key")
					.description("The account's webhook key (wh_…); the trigger also accepts it as body field "
							+ "webhook_key.")))
			.addSecurityItem(new SecurityRequirement().addList(ApiDocs.BEARER_JWT));
	}

	/** Schemas in the snake_case the API speaks (springdoc's resolver does not read Boot's Jackson 3 settings). */
	@Bean
	ModelResolver snakeCaseModelResolver() {
		return new ModelResolver(Json.mapper().copy().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE));
	}

	/** Every operator API error is a problem+json whose detail says what to fix. */
	@Bean
	OpenApiCustomizer problemResponses() {
		return openApi -> {
			openApi.getComponents().addSchemas(PROBLEM, new ObjectSchema().description("RFC 9457 problem details")
				.addProperty("type", new StringSchema())
				.addProperty("title", new StringSchema())
				.addProperty("status", new IntegerSchema())
				.addProperty("detail", new StringSchema().description("What to fix"))
				.addProperty("instance", new StringSchema()));
			openApi.getPaths().forEach((path, item) -> {
				if (path.startsWith("/api/")) {
					item.readOperations().forEach(operation -> operation.getResponses().addApiResponse("4XX",
							new ApiResponse().description("Refused: bad input (400), no or invalid token (401), not "
									+ "allowed (403), not found in this account (404) or a conflicting state (409)")
								.content(new Content().addMediaType("application/problem+json",
										new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))))));
				}
			});
		};
	}

	/** Operations that act for an account take {@code X-Account-Id} from service-role callers. */
	@Bean
	OperationCustomizer callerAccountHeader() {
		return (operation, handlerMethod) -> {
			boolean takesCaller = Arrays.stream(handlerMethod.getMethodParameters())
				.anyMatch(parameter -> parameter.getParameterType() == Caller.class);
			if (takesCaller) {
				operation.addParametersItem(new HeaderParameter().name(Caller.ACCOUNT_HEADER)
					.required(false)
					.description("Service-role tokens only: the id of the account to act for")
					.schema(new StringSchema().format("uuid")));
			}
			return operation;
		};
	}

}
