/**
 * Calls: the call-tracking webhooks (JSON and Twilio) that record each call attempt and its outcome, and the voice
 * engine that dials the queue (dispatcher, calling window, {@link com.dialsmart.ghlbroadcast.calls.Dialer} port with
 * the simulated and Twilio dialers). Outcomes land on the queue item and, when final, in the GHL outbox in the same
 * transaction.
 */
@ApplicationModule(allowedDependencies = { "broadcast", "dnc", "ghlsync", "account", "shared" })
package com.dialsmart.ghlbroadcast.calls;

import org.springframework.modulith.ApplicationModule;
