package com.dialsmart.ghlbroadcast.account;

import java.util.UUID;

/** An account (the seed's "user"): a GHL agency sub-account using the service. */
public record AccountView(UUID id, String name, String defaultPhoneRegion) {
}
