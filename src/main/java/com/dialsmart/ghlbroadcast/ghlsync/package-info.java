/**
 * GHL sync: the {@code ghl_pending_updates} outbox and its drain to GHL (tags, custom fields, note), the batch
 * callback endpoint, the scheduled sweep and the custom-field setup.
 */
package com.dialsmart.ghlbroadcast.ghlsync;
