package com.dialsmart.ghlbroadcast.account;

import java.util.UUID;

/**
 * The account a presented webhook key belongs to.
 *
 * @param keyId a stable, non-secret id of the key (part of its hash), for rate-limit buckets
 * @param keyPrefix the key's visible prefix ({@code wh_AbC123}), as the settings page shows it
 * @param previousKey whether the key is the one a rotation replaced, still valid during the overlap
 * ({@code app.trigger.key-rotation-overlap}), rather than the account's current key
 */
public record WebhookKeyOwner(UUID accountId, String accountName, String defaultPhoneRegion, String keyId,
		String keyPrefix, boolean previousKey) {
}
