/** Voice broadcasts and their queues of contacts ({@code voice_broadcasts}, {@code broadcast_queue}). */
@ApplicationModule(allowedDependencies = { "dnc", "account", "shared" })
package com.dialsmart.ghlbroadcast.broadcast;

import org.springframework.modulith.ApplicationModule;
