/**
 * GHL sync: each account's GHL settings and encrypted credentials ({@code ghl_sync_settings}: location, tokens, OAuth
 * refresh, custom-field ids), the {@code ghl_pending_updates} outbox and its drain to GHL (tags, custom fields, note)
 * paced per location ({@code ghl_location_pacing}), the batch callback endpoint, the scheduled sweep and the
 * custom-field setup.
 */
@ApplicationModule(allowedDependencies = { "broadcast", "account", "shared" })
package com.dialsmart.ghlbroadcast.ghlsync;

import org.springframework.modulith.ApplicationModule;
