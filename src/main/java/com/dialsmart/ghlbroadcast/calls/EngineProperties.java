package com.dialsmart.ghlbroadcast.calls;

import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The built-in voice engine ({@code app.engine.*}).
 * @param enabled whether this instance runs the dispatcher on a schedule (every instance may: claims never overlap)
 * @param dialer {@code simulated} (no telephony account needed) or {@code twilio}
 * @param pollInterval pause between dispatcher passes when there is nothing to dial
 * @param batchSize most items one claim takes from one broadcast
 * @param lease how long a claim holds an item in {@code calling}; longer than the longest call, after which an
 * item whose result never came is taken back
 * @param rescueInterval how often expired claims are looked for
 * @param dialThreads dials placed at the same time by this instance (matters for the Twilio dialer's HTTP calls)
 * @param concurrentReports call reports (webhook, Twilio callbacks, the simulated dialer) this instance records at
 * the same time; more wait their turn. The reports of one broadcast all update its counter row, which PostgreSQL
 * serves best to a few writers at a time
 * @param reportWait how long a report waits for its turn at most; after it the webhooks answer 503
 * {@code service_unavailable} with {@code Retry-After}, so that a slow database does not pile up request threads
 * @param instanceId this instance's name on its claims (default: host name and a random suffix)
 * @param simulated the simulated dialer's outcome ratios and delay
 */
@ConfigurationProperties("app.engine")
record EngineProperties(@DefaultValue("true") boolean enabled, @DefaultValue("simulated") String dialer,
		@DefaultValue("PT1S") Duration pollInterval, @DefaultValue("50") int batchSize,
		@DefaultValue("PT15M") Duration lease, @DefaultValue("PT30S") Duration rescueInterval,
		@DefaultValue("8") int dialThreads, @DefaultValue("8") int concurrentReports,
		@DefaultValue("PT5S") Duration reportWait, String instanceId,
		@DefaultValue Simulated simulated) {

	/**
	 * The simulated dialer: after {@code delay}, each call ends with an outcome drawn with these relative weights;
	 * an answered call presses each key of {@code dtmf} with that probability.
	 */
	record Simulated(@DefaultValue("PT3S") Duration delay, @DefaultValue("0.55") double answered,
			@DefaultValue("0.2") double voicemail, @DefaultValue("0.15") double noAnswer,
			@DefaultValue("0.05") double busy, @DefaultValue("0.05") double failed, Map<String, Double> dtmf,
			@DefaultValue("4") int threads) {

		Simulated {
			if (dtmf == null) {
				dtmf = Map.of("1", 0.1, "9", 0.02);
			}
			if (answered < 0 || voicemail < 0 || noAnswer < 0 || busy < 0 || failed < 0
					|| answered + voicemail + noAnswer + busy + failed <= 0) {
				throw new IllegalArgumentException(
						"app.engine.simulated ratios must be 0 or more, and not all 0");
			}
		}

	}

}
