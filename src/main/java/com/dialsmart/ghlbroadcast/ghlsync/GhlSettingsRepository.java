package com.dialsmart.ghlbroadcast.ghlsync;

import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

interface GhlSettingsRepository extends JpaRepository<GhlSettings, UUID> {

}
