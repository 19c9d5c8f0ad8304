package com.dialsmart.ghlbroadcast.account;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import tools.jackson.databind.json.JsonMapper;

/**
 * Bearer JWTs (HS256, our own secret) for the operator API and the platform endpoints. The GHL trigger endpoint is
 * open here because it authenticates with the webhook key itself.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	private static final Set<String> ROLES = Set.of(Roles.AUTHENTICATED, Roles.SERVICE_ROLE, Roles.VOICE_ENGINE);

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http, JsonMapper json) throws Exception {
		http.csrf(csrf -> csrf.disable())
			.sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.authorizeHttpRequests(requests -> requests
				.requestMatchers(HttpMethod.POST, "/functions/v1/ghl-webhook-trigger").permitAll()
				// Twilio signs its callbacks (X-Twilio-Signature, checked by the calls feature) instead of a bearer
				.requestMatchers(HttpMethod.POST, "/functions/v1/call-tracking-webhook/twilio").permitAll()
				// what a voice engine may call, and all it may call: every other rule below leaves voice_engine out
				.requestMatchers("/functions/v1/call-tracking-webhook")
					.hasAnyAuthority(Roles.SERVICE_AUTHORITY, Roles.VOICE_ENGINE_AUTHORITY)
				.requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info", "/error").permitAll()
				// the operator page is static; its API calls carry the operator's token
				.requestMatchers(HttpMethod.GET, "/", "/index.html", "/ghl-integration.html", "/ghl-integration.js",
						"/ghl-integration.css", "/favicon.ico").permitAll()
				.requestMatchers("/api/accounts", "/api/accounts/**").hasAuthority(Roles.SERVICE_AUTHORITY)
				.requestMatchers("/v3/api-docs", "/v3/api-docs.yaml", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**")
					.permitAll()
				.requestMatchers("/actuator/**").hasAuthority(Roles.SERVICE_AUTHORITY)
				.requestMatchers("/api/**", "/functions/**")
					.hasAnyAuthority(Roles.OPERATOR_AUTHORITY, Roles.SERVICE_AUTHORITY)
				.anyRequest().denyAll())
			.oauth2ResourceServer(server -> server
				.bearerTokenResolver(bearerTokensExceptOnTheTrigger())
				.jwt(jwt -> jwt.jwtAuthenticationConverter(SecurityConfiguration::authentication))
				.authenticationEntryPoint((request, response, ex) -> problem(json, response, HttpStatus.UNAUTHORIZED,
						"A valid bearer token is required: send 'Authorization: Bearer <JWT>' (" + ex.getMessage() + ")")))
			.exceptionHandling(handling -> handling
				.authenticationEntryPoint((request, response, ex) -> problem(json, response, HttpStatus.UNAUTHORIZED,
						"A bearer token is required: send 'Authorization: Bearer <JWT>'"))
				.accessDeniedHandler((request, response, ex) -> problem(json, response, HttpStatus.FORBIDDEN,
						voiceEngine() ? "A voice_engine token may call only the call-tracking webhook"
								: "This endpoint needs a service-role token")))
			.httpBasic(basic -> basic.disable())
			.formLogin(form -> form.disable());
		return http.build();
	}

	/**
	 * GHL's Custom Webhook action can send its own {@code Authorization: Bearer …} header; the trigger authenticates
	 * with the webhook key, so a bearer token there must not turn the request into a 401 before the key is read.
	 */
	private static BearerTokenResolver bearerTokensExceptOnTheTrigger() {
		RequestMatcher trigger = PathPatternRequestMatcher.withDefaults()
			.matcher(HttpMethod.POST, "/functions/v1/ghl-webhook-trigger");
		DefaultBearerTokenResolver resolver = new DefaultBearerTokenResolver();
		return request -> trigger.matches(request) ? null : resolver.resolve(request);
	}

	@Bean
	JwtDecoder jwtDecoder(ServiceSecrets secrets, TokenRevocations revocations) {
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withSecretKey(JwtTokens.secretKey(secrets.jwtSecret()))
			.macAlgorithm(MacAlgorithm.HS256)
			.build();
		OAuth2TokenValidator<Jwt> validator = new DelegatingOAuth2TokenValidator<>(JwtValidators.createDefault(),
				SecurityConfiguration::requireOurClaims, jwt -> notRevoked(jwt, revocations));
		decoder.setJwtValidator(validator);
		return new VerifiedTokenCache(decoder, validator, Duration.ofMinutes(5), 10_000);
	}

	private static OAuth2TokenValidatorResult requireOurClaims(Jwt jwt) {
		if (jwt.getExpiresAt() == null) {
			return failure("the token has no 'exp' claim");
		}
		String role = jwt.getClaimAsString("role");
		if (role == null || !ROLES.contains(role)) {
			return failure("the 'role' claim must be 'authenticated', 'service_role' or 'voice_engine'");
		}
		if (Roles.AUTHENTICATED.equals(role)) {
			try {
				java.util.UUID.fromString(String.valueOf(jwt.getSubject()));
			}
			catch (IllegalArgumentException ex) {
				return failure("the 'sub' claim must be the account id");
			}
		}
		return OAuth2TokenValidatorResult.success();
	}

	private static boolean voiceEngine() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		return authentication != null && authentication.getAuthorities().stream()
			.anyMatch(authority -> Roles.VOICE_ENGINE_AUTHORITY.equals(authority.getAuthority()));
	}

	/** Operator tokens only: the others name no account (docs/api.md, Revoking operator tokens). */
	private static OAuth2TokenValidatorResult notRevoked(Jwt jwt, TokenRevocations revocations) {
		if (!Roles.AUTHENTICATED.equals(jwt.getClaimAsString("role"))) {
			return OAuth2TokenValidatorResult.success();
		}
		java.util.UUID account;
		try {
			account = java.util.UUID.fromString(String.valueOf(jwt.getSubject()));
		}
		catch (IllegalArgumentException ex) {
			return OAuth2TokenValidatorResult.success(); // requireOurClaims refuses it
		}
		if (revocations.revoked(account, jwt.getIssuedAt())) {
			return failure("the account's operator tokens issued before its last revocation are revoked; "
					+ "mint a new one");
		}
		return OAuth2TokenValidatorResult.success();
	}

	private static OAuth2TokenValidatorResult failure(String description) {
		return OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", description, null));
	}

	private static AbstractAuthenticationToken authentication(Jwt jwt) {
		String role = jwt.getClaimAsString("role");
		return new JwtAuthenticationToken(jwt,
				List.of(new SimpleGrantedAuthority("ROLE_" + role.toUpperCase(java.util.Locale.ROOT))), jwt.getSubject());
	}

	private static void problem(JsonMapper json, HttpServletResponse response, HttpStatus status, String detail)
			throws IOException {
		response.setStatus(status.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		if (status == HttpStatus.UNAUTHORIZED) {
			response.setHeader("WWW-Authenticate", "Bearer");
		}
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("type", "about:blank");
		body.put("title", status.getReasonPhrase());
		body.put("status", status.value());
		body.put("detail", detail);
		json.writeValue(response.getOutputStream(), body);
	}

}
