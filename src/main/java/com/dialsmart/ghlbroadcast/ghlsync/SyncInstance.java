package com.dialsmart.ghlbroadcast.ghlsync;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;

import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/** This instance's name in {@code locked_by} and refresh leases: configured, or host name plus a random suffix. */
@Component
class SyncInstance {

	private final String id;

	SyncInstance(GhlSyncProperties properties) {
		String configured = properties.sync().instanceId();
		this.id = StringUtils.hasText(configured) ? configured.strip() : host() + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	String id() {
		return this.id;
	}

	private static String host() {
		try {
			String name = InetAddress.getLocalHost().getHostName();
			return name.length() > 40 ? name.substring(0, 40) : name;
		}
		catch (UnknownHostException ex) {
			return "instance";
		}
	}

}
