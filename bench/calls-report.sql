-- pgbench: the SQL of one call-tracking-webhook report (a new call, completed by a person, account without GHL
-- sync), statement for statement as CallOutcomeService runs it. The first line only picks the next unused queue
-- item (the HTTP request carries its id).
select id as item, broadcast_id as broadcast, user_id as account from bench_pg_items where n = (select nextval('bench_pg_seq')) \gset
begin;
select q.id, q.user_id, q.broadcast_id, b.name, b.status, q.phone, q.ghl_contact_id, q.status, q.attempts,
       b.max_attempts, b.retry_delay_minutes, b.callback_delay_minutes, b.dtmf_actions::text, q.ghl_callback_status
  from broadcast_queue q join voice_broadcasts b on b.id = q.broadcast_id
 where q.id = :item for update of q;
insert into call_attempts (id, queue_item_id, broadcast_id, user_id, provider, provider_call_id, status, started_at,
                           raw_event)
values (gen_random_uuid(), :item, :broadcast, :account, 'external', 'pg-' || :item, 'queued',
        '2026-02-04T15:30:00Z', '[]'::jsonb)
on conflict (provider_call_id) do nothing;
select id as attempt, queue_item_id, status, answered_by, duration_seconds, dtmf, outcome
  from call_attempts where provider_call_id = 'pg-' || :item for update \gset
update broadcast_queue
   set status = 'completed', attempts = 1, last_outcome = coalesce('answered', last_outcome),
       next_attempt_at = case when 'completed' = 'retry' then now() + make_interval(mins => 30) else next_attempt_at end,
       dtmf_pressed = coalesce(null, dtmf_pressed), callback_requested = callback_requested or false,
       callback_time = coalesce(null, callback_time), locked_by = null, locked_until = null, updated_at = now()
 where id = :item
returning next_attempt_at;
update broadcast_queue_stats set outcome_answered = outcome_answered + 1 where broadcast_id = :broadcast;
update call_attempts
   set status = 'completed', outcome = 'answered', attempt_number = 1, answered_by = 'human', duration_seconds = 30,
       dtmf = null, ended_at = '2026-02-04T15:30:00Z',
       raw_event = raw_event || jsonb_build_array(cast('{"queue_item_id":"x","call_id":"y","status":"completed","answered_by":"human","duration_seconds":30,"timestamp":"2026-02-04T15:30:00Z"}' as jsonb)),
       updated_at = now()
 where id = :attempt;
select exists (select 1 from ghl_sync_settings where user_id = :account and sync_enabled and location_id is not null);
update broadcast_queue set ghl_callback_status = 'skipped', updated_at = now() where id = :item;
update voice_broadcasts b set status = 'completed', completed_at = now(), updated_at = now()
  from broadcast_queue_stats s
 where b.id = :broadcast and s.broadcast_id = b.id and b.status = 'active' and b.auto_complete
   and s.pending + s.calling + s.retry = 0
returning b.user_id;
commit;
