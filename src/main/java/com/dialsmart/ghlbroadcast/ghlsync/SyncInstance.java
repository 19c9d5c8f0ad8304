package com.dialsmart.ghlbroadcast.ghlsync;

import com.dialsmart.ghlbroadcast.shared.InstanceNames;
import org.springframework.stereotype.Component;

/** This instance's name in {@code locked_by} and refresh leases: configured, or host name plus a random suffix. */
@Component
class SyncInstance {

	private final String id;

	SyncInstance(GhlSyncProperties properties) {
		this.id = InstanceNames.orGenerated(properties.sync().instanceId());
	}

	String id() {
		return this.id;
	}

}
