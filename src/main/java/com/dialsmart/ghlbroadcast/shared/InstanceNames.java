package com.dialsmart.ghlbroadcast.shared;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;

import org.springframework.util.StringUtils;

/**
 * The name an instance writes into the leases it takes ({@code locked_by}): the configured one, else the host name
 * and a random suffix, so that two instances on one host (or a restarted one) never share a name.
 */
public final class InstanceNames {

	private InstanceNames() {
	}

	/** {@code configured} when it has text, else a generated name. */
	public static String orGenerated(String configured) {
		return StringUtils.hasText(configured) ? configured.strip()
				: host() + "-" + UUID.randomUUID().toString().substring(0, 8);
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
