package com.dialsmart.ghlbroadcast.broadcast;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.LockModeType;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

interface VoiceBroadcastRepository extends JpaRepository<VoiceBroadcast, UUID> {

	Optional<VoiceBroadcast> findByIdAndAccountId(UUID id, UUID accountId);

	@Lock(LockModeType.PESSIMISTIC_WRITE)
	@Query("select b from VoiceBroadcast b where b.id = :id and b.accountId = :accountId")
	Optional<VoiceBroadcast> findForUpdate(UUID id, UUID accountId);

	List<VoiceBroadcast> findByAccountIdOrderByCreatedAtDesc(UUID accountId, Pageable page);

	long countByAccountId(UUID accountId);

}
