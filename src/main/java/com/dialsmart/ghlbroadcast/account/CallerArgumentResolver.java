package com.dialsmart.ghlbroadcast.account;

import java.util.List;
import java.util.UUID;

import com.dialsmart.ghlbroadcast.shared.InvalidRequestException;
import com.dialsmart.ghlbroadcast.shared.NotFoundException;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Resolves {@link Caller} parameters from the authenticated JWT. */
@Configuration(proxyBeanMethods = false)
class CallerArgumentResolver implements HandlerMethodArgumentResolver, WebMvcConfigurer {

	private final AccountService accounts;

	CallerArgumentResolver(AccountService accounts) {
		this.accounts = accounts;
	}

	@Override
	public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
		resolvers.add(this);
	}

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return parameter.getParameterType() == Caller.class;
	}

	@Override
	public Caller resolveArgument(MethodParameter parameter, ModelAndViewContainer mavContainer,
			NativeWebRequest webRequest, WebDataBinderFactory binderFactory) {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication == null || !(authentication.getPrincipal() instanceof Jwt jwt)) {
			throw new InsufficientAuthenticationException("A bearer token is required");
		}
		if (Roles.SERVICE_ROLE.equals(jwt.getClaimAsString("role"))) {
			String header = webRequest.getHeader(Caller.ACCOUNT_HEADER);
			if (header == null || header.isBlank()) {
				throw new InvalidRequestException("A service-role token acts for any account: name the account in the "
						+ Caller.ACCOUNT_HEADER + " header");
			}
			UUID accountId;
			try {
				accountId = UUID.fromString(header.strip());
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidRequestException(Caller.ACCOUNT_HEADER + " must be an account id (a UUID)");
			}
			if (!this.accounts.exists(accountId)) {
				throw new NotFoundException("Account " + accountId + " not found");
			}
			return new Caller(accountId, true);
		}
		if (!Roles.AUTHENTICATED.equals(jwt.getClaimAsString("role"))) {
			// the security rules keep voice-engine tokens off the operator API; this is the second lock
			throw new AccessDeniedException("A " + jwt.getClaimAsString("role") + " token does not act for an account");
		}
		UUID accountId = UUID.fromString(jwt.getSubject());
		if (!this.accounts.exists(accountId)) {
			throw new InsufficientAuthenticationException("The token's account no longer exists");
		}
		return new Caller(accountId, false);
	}

}
