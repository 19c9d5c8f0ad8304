/**
 * Accounts (the tenants) and authentication: operator, service-role and voice-engine JWTs (operator ones revocable per
 * account), the {@code Caller} of a request, and each account's webhook key ({@code accounts}, {@code webhook_keys}).
 */
@ApplicationModule(allowedDependencies = "shared")
package com.dialsmart.ghlbroadcast.account;

import org.springframework.modulith.ApplicationModule;
