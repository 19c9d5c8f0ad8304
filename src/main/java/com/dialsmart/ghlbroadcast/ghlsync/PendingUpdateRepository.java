package com.dialsmart.ghlbroadcast.ghlsync;

import java.util.Collection;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.LockModeType;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

/** The operator API's reads and retries of outbox rows; the outbox's own work is SQL ({@link PendingUpdateStore}). */
interface PendingUpdateRepository extends JpaRepository<PendingUpdate, UUID> {

	/** The account's updates, optionally of one status and of one broadcast ({@code null}: any). */
	@Query("""
			select p from PendingUpdate p
			 where p.accountId = :accountId and (:status is null or p.status = :status)
			   and (:broadcastId is null or p.broadcastId = :broadcastId)""")
	Page<PendingUpdate> findForList(UUID accountId, PendingUpdate.Status status, UUID broadcastId, Pageable page);

	/** The account's failed updates (of one broadcast, with the given ids), locked for the retry. */
	@Lock(LockModeType.PESSIMISTIC_WRITE)
	@Query("""
			select p from PendingUpdate p
			 where p.accountId = :accountId and p.status = :failed
			   and (:broadcastId is null or p.broadcastId = :broadcastId)
			   and (:allIds = true or p.id in :ids)""")
	List<PendingUpdate> findFailedForUpdate(UUID accountId, PendingUpdate.Status failed, UUID broadcastId,
			boolean allIds, Collection<UUID> ids);

}
