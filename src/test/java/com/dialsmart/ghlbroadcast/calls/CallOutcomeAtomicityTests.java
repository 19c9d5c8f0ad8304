package com.dialsmart.ghlbroadcast.calls;

import java.util.UUID;

import com.dialsmart.ghlbroadcast.support.Fixtures;
import com.dialsmart.ghlbroadcast.support.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.test.context.event.RecordApplicationEvents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The outbox row and the outcome commit together or not at all. Faults are injected with database triggers that
 * fire only for this test's marked contacts, so the rest of the shared database is untouched.
 */
@RecordApplicationEvents
class CallOutcomeAtomicityTests extends IntegrationTest {

	@Autowired
	Fixtures fixtures;

	@Autowired
	CallsTestSupport support;

	@Autowired
	CallOutcomeService outcomes;

	Fixtures.Tenant tenant;

	@BeforeEach
	void setUp() {
		this.support.jdbc().sql("""
				create or replace function calls_test_fault() returns trigger language plpgsql as $$
				begin
				    raise exception 'injected fault (test)';
				end $$""").update();
		this.support.jdbc().sql("drop trigger if exists calls_test_fail_outbox on ghl_pending_updates").update();
		this.support.jdbc().sql("""
				create trigger calls_test_fail_outbox before insert on ghl_pending_updates for each row
				when (new.ghl_contact_id like 'fail-outbox-%') execute function calls_test_fault()""").update();
		this.support.jdbc().sql("drop trigger if exists calls_test_fail_item on broadcast_queue").update();
		// fails the item's own change after the outbox row was written (its callback status becoming queued)
		this.support.jdbc().sql("""
				create trigger calls_test_fail_item before update on broadcast_queue for each row
				when (new.ghl_callback_status = 'queued' and new.ghl_contact_id like 'fail-item-%')
				execute function calls_test_fault()""").update();
		this.tenant = this.fixtures.tenant();
		this.support.enableSync(this.tenant.accountId());
	}

	private CallReport answered(UUID item, String callId) {
		return new CallReport(item, "external", callId, CallStatus.COMPLETED, "human", 30, null, null, null, null,
				"{}");
	}

	@Test
	void savesNoOutcomeWhenThePendingUpdateCannotBeWritten() {
		UUID item = this.support.enqueue(this.tenant.accountId(), this.tenant.broadcastId(), Fixtures.uniquePhone(),
				"fail-outbox-" + UUID.randomUUID());
		String callId = "CA" + UUID.randomUUID();
		assertThatThrownBy(() -> this.outcomes.report(answered(item, callId))).isInstanceOf(DataAccessException.class)
			.hasMessageContaining("injected fault");
		CallsTestSupport.Item row = this.support.item(item);
		assertThat(row.status()).isEqualTo("pending");
		assertThat(row.attempts()).isZero();
		assertThat(row.lastOutcome()).isNull();
		assertThat(row.ghlCallbackStatus()).isEqualTo("pending");
		assertThat(this.support.attempts(item)).isEmpty();
		assertThat(this.support.pendingUpdates(item)).isEmpty();

		// once the fault is gone, the provider's redelivery records the call once
		this.support.jdbc().sql("update broadcast_queue set ghl_contact_id = 'ghl-ok' where id = ?").param(item).update();
		assertThat(this.outcomes.report(answered(item, callId)).effect()).isEqualTo(CallOutcomeService.Effect.RECORDED);
		assertThat(this.support.item(item).status()).isEqualTo("completed");
		assertThat(this.support.pendingUpdates(item)).hasSize(1);
		assertThat(this.support.attempts(item)).hasSize(1);
	}

	@Test
	void savesNoPendingUpdateWhenTheOutcomeCannotBeSaved() {
		UUID item = this.support.enqueue(this.tenant.accountId(), this.tenant.broadcastId(), Fixtures.uniquePhone(),
				"fail-item-" + UUID.randomUUID());
		assertThatThrownBy(() -> this.outcomes.report(answered(item, "CA" + UUID.randomUUID())))
			.isInstanceOf(DataAccessException.class)
			.hasMessageContaining("injected fault");
		assertThat(this.support.pendingUpdates(item)).isEmpty();
		assertThat(this.support.attempts(item)).isEmpty();
		CallsTestSupport.Item row = this.support.item(item);
		assertThat(row.status()).isEqualTo("pending");
		assertThat(row.lastOutcome()).isNull();
	}

}
