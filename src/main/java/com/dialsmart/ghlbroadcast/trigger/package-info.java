/**
 * The GHL workflow trigger ({@code POST /functions/v1/ghl-webhook-trigger}): webhook-key auth, rate limits shared by
 * all instances, contact validation, queueing, and the activity log behind the Webhook tab.
 */
@ApplicationModule(allowedDependencies = { "broadcast", "account", "shared" })
package com.dialsmart.ghlbroadcast.trigger;

import org.springframework.modulith.ApplicationModule;
