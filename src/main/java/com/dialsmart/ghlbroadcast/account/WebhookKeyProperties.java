package com.dialsmart.ghlbroadcast.account;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The webhook key's setting. It is named under {@code app.trigger}, beside the trigger's other settings, because the
 * key is what the trigger authenticates with and that is where an operator looks for it; but the key belongs to this
 * module, which may not read {@code trigger}'s properties, so this record binds the one setting it needs from the
 * same prefix (Spring binds a prefix to several records, each taking only its own fields).
 *
 * @param keyRotationOverlap how long the key a rotation replaces keeps working, so GHL workflows can be moved to the
 * new key one by one; {@code PT0S} ends it at once
 */
@ConfigurationProperties("app.trigger")
record WebhookKeyProperties(@DefaultValue("PT24H") Duration keyRotationOverlap) {
}
