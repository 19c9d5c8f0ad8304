/**
 * Infrastructure every feature may use: errors, phone numbers, the database in demo mode, the clock, transactions,
 * token encryption at rest, the rate-limit buckets ({@code rate_limit_buckets}). Depends on no feature package.
 */
@ApplicationModule(allowedDependencies = {})
package com.dialsmart.ghlbroadcast.shared;

import org.springframework.modulith.ApplicationModule;
