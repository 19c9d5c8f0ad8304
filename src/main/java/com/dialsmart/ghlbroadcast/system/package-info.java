/**
 * Application-wide web wiring that no feature calls: the OpenAPI document and the request log with request ids.
 * Depends on {@code shared} and on {@code account} (to document the {@code Caller} parameter).
 */
package com.dialsmart.ghlbroadcast.system;
