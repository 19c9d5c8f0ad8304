package com.dialsmart.ghlbroadcast.broadcast;

import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.LockModeType;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

/** The operator API's reads and changes of queue items; the hot paths use SQL ({@link BroadcastQueueProgress}). */
interface QueueItemRepository extends JpaRepository<QueueItem, UUID> {

	/** Items in dialling order; the total comes from the broadcast's counters, so no count query is run. */
	@Query("select q from QueueItem q where q.broadcastId = :broadcastId order by q.seq")
	java.util.List<QueueItem> findByBroadcast(UUID broadcastId, Pageable page);

	@Query("select q from QueueItem q where q.broadcastId = :broadcastId and q.status = :status order by q.seq")
	java.util.List<QueueItem> findByBroadcastAndStatus(UUID broadcastId, QueueItemStatus status, Pageable page);

	/** Locks the item for a change, if it is in this broadcast of this account. */
	@Lock(LockModeType.PESSIMISTIC_WRITE)
	@Query("select q from QueueItem q where q.id = :id and q.broadcastId = :broadcastId and q.accountId = :accountId")
	Optional<QueueItem> findForUpdate(UUID id, UUID broadcastId, UUID accountId);

}
