package com.dialsmart.ghlbroadcast.ghlsync;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class GhlSyncTests extends GhlSyncTestSupport {

	@ParameterizedTest
	@CsvSource({ "answered, broadcast_answered, 1, true", "voicemail, broadcast_voicemail_left, , false",
			"no_answer, broadcast_no_answer, , false", "busy, broadcast_busy, , false",
			"failed, broadcast_failed, 9, false" })
	void writesTheOutcomesTagFieldsAndOneNote(String outcome, String tag, String dtmf, boolean callback) {
		Account account = account(true);
		String contact = "c-" + UUID.randomUUID();
		UUID update = outcome(account, contact, outcome, dtmf, callback);

		GhlSyncService.RunResult result = syncAccount(account);

		assertThat(result.sent()).isEqualTo(1);
		assertThat(result.remaining()).isZero();
		GhlFake.Contact state = ghl.contact(contact);
		assertThat(state.tags).containsExactly(tag);
		Map<String, String> fields = new LinkedHashMap<>();
		state.fields.forEach((id, value) -> fields.put(ghl.locationState(account.location()).keyOf(id), value));
		String broadcastName = this.jdbc.sql("select name from voice_broadcasts where id = ?").param(account.broadcast())
			.query(String.class).single();
		assertThat(fields).containsOnly(Map.entry("last_broadcast_date", "2026-02-04"),
				Map.entry("broadcast_outcome", outcome), Map.entry("broadcast_name", broadcastName),
				Map.entry("broadcast_dtmf_pressed", dtmf == null ? "" : dtmf),
				Map.entry("broadcast_callback_requested", Boolean.toString(callback)),
				Map.entry("broadcast_callback_time", callback ? "2026-02-05" : ""));
		assertThat(state.notes).hasSize(1);
		assertThat(state.notes.get(0)).contains("Voice broadcast: " + broadcastName, "(" + outcome + ")",
				"DTMF pressed: " + (dtmf == null ? "none" : dtmf),
				"Callback requested: " + (callback ? "yes, at 2026-02-05T14:03:05Z" : "no"), "Call duration: 42 s",
				"Call time: 2026-02-04T14:03:05Z");
		Row row = row(update);
		assertThat(row.status()).isEqualTo("sent");
		assertThat(row.callbackStatus()).isEqualTo("sent");
		assertThat(row.lockedBy()).isNull();
		assertThat(ghl.count("POST", "/contacts/" + contact + "/tags")).as(ghl.journal()).isEqualTo(1);
		assertThat(ghl.count("PUT", "/contacts/" + contact)).isEqualTo(1);
		assertThat(ghl.count("POST", "/contacts/" + contact + "/notes")).isEqualTo(1);
	}

	@Test
	void keepsOtherLocationsGoingWhileOneAnswersSlowly() {
		Account slow = account(true);
		ghl.locationState(slow.location()).slow(1500);
		Account fast = account(true);
		bulkOutcomes(slow, slow.broadcast(), "slow-" + UUID.randomUUID(), 20);
		bulkOutcomes(fast, fast.broadcast(), "fast-" + UUID.randomUUID(), 90);

		this.sync.processPending(null, java.time.Duration.ofSeconds(8));

		// 270 requests at 90 per second: the fast location needs about 3 s of the 8 while the slow one crawls; the
		// margin (two thirds) is for a busy machine, where the sweep of every account's leftovers shares the budget
		assertThat(this.jdbc.sql("select count(*) from ghl_pending_updates where user_id = ? and status = 'sent'")
			.param(fast.id()).query(Long.class).single()).isGreaterThanOrEqualTo(60);
		assertThat(this.jdbc.sql("select count(*) from ghl_pending_updates where user_id = ? and status = 'sent'")
			.param(slow.id()).query(Long.class).single()).isLessThan(10);
	}

}
