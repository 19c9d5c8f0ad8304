-- pgbench: the SQL of one call report (a new call, completed by a person, account without GHL sync, broadcast
-- without auto-complete), statement for statement as CallOutcomeService runs it. The first line only picks the next
-- unused queue item of the run (-D purpose=..., -D seq=...); the HTTP request or the dialer carries its id.
select id as item, broadcast_id as broadcast, user_id as account from bench_pg_items
 where purpose = :purpose and n = (select nextval(:seq)) \gset
begin;
select q.id, q.user_id, q.broadcast_id, b.name, b.status, q.phone, q.ghl_contact_id, q.status, q.attempts,
       b.max_attempts, b.retry_delay_minutes, b.callback_delay_minutes, b.dtmf_actions::text, q.ghl_callback_status,
       b.auto_complete
  from broadcast_queue q join voice_broadcasts b on b.id = q.broadcast_id
 where q.id = :item for update of q;
insert into call_attempts (id, queue_item_id, broadcast_id, user_id, provider, provider_call_id, status, started_at,
                           raw_event)
values (gen_random_uuid(), :item, :broadcast, :account, 'external', 'pg-' || :item, 'queued',
        '2026-02-04T15:30:00Z', '[]'::jsonb)
on conflict (provider_call_id) do update set provider_call_id = excluded.provider_call_id
returning id as attempt, queue_item_id, status, answered_by, duration_seconds, dtmf, outcome \gset
select exists (select 1 from ghl_sync_settings where user_id = :account and sync_enabled and location_id is not null);
update call_attempts
   set status = 'completed', outcome = 'answered', attempt_number = 1, answered_by = 'human', duration_seconds = 30,
       dtmf = null, ended_at = '2026-02-04T15:30:00Z',
       raw_event = raw_event || jsonb_build_array(cast('{"queue_item_id":"x","call_id":"y","status":"completed","answered_by":"human","duration_seconds":30,"timestamp":"2026-02-04T15:30:00Z"}' as jsonb)),
       updated_at = now()
 where id = :attempt;
with item as (
    update broadcast_queue
       set status = 'completed', attempts = 1, last_outcome = coalesce('answered', last_outcome),
           next_attempt_at = case when 'completed' = 'retry' then now() + make_interval(mins => 30) else next_attempt_at end,
           dtmf_pressed = coalesce(null, dtmf_pressed), callback_requested = callback_requested or false,
           callback_time = coalesce(null, callback_time), ghl_callback_status = coalesce('skipped', ghl_callback_status),
           locked_by = null, locked_until = null, updated_at = now()
     where id = :item
    returning next_attempt_at, broadcast_id),
counted as (
    update broadcast_queue_stats s
       set outcome_answered = outcome_answered + (coalesce('answered', '') = 'answered')::int,
           outcome_voicemail = outcome_voicemail + (coalesce('answered', '') = 'voicemail')::int,
           outcome_no_answer = outcome_no_answer + (coalesce('answered', '') = 'no_answer')::int,
           outcome_busy = outcome_busy + (coalesce('answered', '') = 'busy')::int,
           outcome_failed = outcome_failed + (coalesce('answered', '') = 'failed')::int
      from item
     where s.broadcast_id = item.broadcast_id and true
    returning 1)
select next_attempt_at from item;
commit;
