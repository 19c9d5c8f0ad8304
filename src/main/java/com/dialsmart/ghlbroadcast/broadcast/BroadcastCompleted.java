package com.dialsmart.ghlbroadcast.broadcast;

import java.util.UUID;

/**
 * Published when a broadcast becomes {@code completed} (by an operator, or automatically). Listeners that act on
 * it should use {@code @TransactionalEventListener} so they run only after the completion commits.
 */
public record BroadcastCompleted(UUID broadcastId, UUID accountId) {
}
