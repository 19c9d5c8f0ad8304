package com.dialsmart.ghlbroadcast.shared;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Scheduled jobs run unless {@code app.scheduling.enabled=false} (tests call the services directly). */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@ConditionalOnBooleanProperty(name = "app.scheduling.enabled", matchIfMissing = true)
class SchedulingConfiguration {

}
