-- pgbench: the SQL of one dispatcher claim (up to 50 items of one active broadcast), as CallDispatcher and
-- BroadcastQueueProgress run it: one auto-committed statement, the two reads of the owners' tables (accounts,
-- dnc_list) for the batch, then the calls-per-minute bucket (bucket4j: its row
-- locked and rewritten in its own transaction), stood in for by the same work on a bench row. The first lines only
-- pick the broadcast.
\set n random(1, :broadcasts)
select id as broadcast from bench_broadcasts where purpose = 'claim' order by n offset :n - 1 limit 1 \gset
with slot as (
    select b.user_id, b.max_concurrent_calls, b.calls_per_minute, b.calling_window_start,
           b.calling_window_end, b.message,
           greatest(0, least(50, b.max_concurrent_calls - s.calling)) as free
      from broadcast_queue_stats s
      join voice_broadcasts b on b.id = s.broadcast_id
     where s.broadcast_id = :broadcast and b.status = 'active'
       for update of s for key share of b),
claimed as (
    update broadcast_queue q
       set status = 'calling', attempts = q.attempts + 1, locked_by = 'pgbench',
           locked_until = now() + make_interval(secs => 900), updated_at = now()
     where q.id in (select id from broadcast_queue
                     where broadcast_id = :broadcast and status in ('pending', 'retry')
                       and next_attempt_at <= now()
                     order by next_attempt_at, seq
                     limit coalesce((select free from slot), 0)
                       for update skip locked)
    returning q.id, q.phone, q.name, q.attempts)
select s.user_id as account, coalesce(array_agg(c.phone) filter (where c.id is not null), '{}') as phones
  from slot s left join claimed c on true
 group by s.user_id \gset
-- after the claim, once per claimed batch: the account's default time zone and the batch's phones on its DNC list
select default_time_zone from accounts where id = :account;
select phone from dnc_list where user_id = :account and phone = any(:phones::varchar[]);
begin;
select state from rate_limit_buckets where id = 'bench-' || :broadcast for update;
update rate_limit_buckets set state = state, expires_at = expires_at + 1 where id = 'bench-' || :broadcast;
commit;
