/**
 * Accounts (the tenants) and authentication: operator and service-role JWTs, the {@code Caller} of a request, and each
 * account's webhook key ({@code accounts}, {@code webhook_keys}).
 */
@ApplicationModule(allowedDependencies = "shared")
package com.dialsmart.ghlbroadcast.account;

import org.springframework.modulith.ApplicationModule;
