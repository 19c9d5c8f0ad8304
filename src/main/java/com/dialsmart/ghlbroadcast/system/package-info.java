/**
 * Application-wide web wiring that no feature calls: the OpenAPI document and the request log with request ids.
 * Depends on {@code shared} and on {@code account} (to document the {@code Caller} parameter).
 */
@ApplicationModule(allowedDependencies = { "account", "shared" })
package com.dialsmart.ghlbroadcast.system;

import org.springframework.modulith.ApplicationModule;
