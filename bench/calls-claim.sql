-- pgbench: the SQL of one dispatcher claim (50 items of one active broadcast), as CallDispatcher and
-- BroadcastQueueProgress run it, then the calls-per-minute bucket (bucket4j: its row locked and rewritten in its own
-- transaction after the claim), stood in for by the same work on a bench row. The first lines only pick the
-- broadcast.
\set n random(1, :broadcasts)
select id as broadcast from bench_broadcasts where purpose = 'claim' order by n offset :n - 1 limit 1 \gset
begin;
select b.user_id, b.max_concurrent_calls, b.calls_per_minute, b.calling_window_start, b.calling_window_end,
       a.default_time_zone, b.message
  from voice_broadcasts b join accounts a on a.id = b.user_id
 where b.id = :broadcast and b.status = 'active' for key share of b;
select calling from broadcast_queue_stats where broadcast_id = :broadcast for update;
with claimed as (
    update broadcast_queue q
       set status = 'calling', attempts = q.attempts + 1, locked_by = 'pgbench',
           locked_until = now() + make_interval(secs => 900), updated_at = now()
     where q.id in (select id from broadcast_queue
                     where broadcast_id = :broadcast and status in ('pending', 'retry')
                       and next_attempt_at <= now()
                     order by next_attempt_at, seq
                     limit 50
                       for update skip locked)
    returning q.id, q.user_id, q.phone, q.name, q.attempts)
select c.id, c.user_id, c.phone, c.name, c.attempts,
       exists (select 1 from dnc_list d where d.user_id = c.user_id and d.phone = c.phone)
  from claimed c;
commit;
begin;
select state from rate_limit_buckets where id = 'bench-' || :broadcast for update;
update rate_limit_buckets set state = state, expires_at = expires_at + 1 where id = 'bench-' || :broadcast;
commit;
