package com.dialsmart.ghlbroadcast.account;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param jwtSecret HS256 signing secret of all JWTs, at least 32 bytes (env {@code APP_AUTH_JWT_SECRET})
 * @param tokenValidity lifetime of operator tokens minted by {@code POST /api/accounts/{id}/tokens}
 */
@ConfigurationProperties("app.auth")
record AuthProperties(String jwtSecret, @DefaultValue("P30D") Duration tokenValidity) {
}
