package com.dialsmart.ghlbroadcast.account;

import java.util.UUID;

/**
 * The account a presented webhook key belongs to.
 *
 * @param keyId a stable, non-secret id of the key (part of its hash), for rate-limit buckets
 */
public record WebhookKeyOwner(UUID accountId, String accountName, String defaultPhoneRegion, String keyId) {
}
