-- Accounts 1..:accounts each with webhook key 'wh_bench_<n>' (stored as its SHA-256, like the service does) and
-- one active broadcast md5('bench-broadcast-<n>')::uuid; two more accounts own the single-broadcast phases
-- (:accounts + 1: small queue, :accounts + 2: the large queue). broadcast_queue_stats rows come from the trigger.
insert into accounts (id, name, default_phone_region)
select md5('bench-account-' || i)::uuid, 'Bench account ' || i, 'US' from generate_series(1, :accounts + 2) i;
insert into webhook_keys (user_id, key_hash, key_prefix, created_at)
select md5('bench-account-' || i)::uuid, encode(sha256(convert_to('wh_bench_' || i, 'UTF8')), 'hex'),
       left('wh_bench_' || i, 9), now()
  from generate_series(1, :accounts + 2) i;
insert into voice_broadcasts (id, user_id, name, status)
select md5('bench-broadcast-' || i)::uuid, md5('bench-account-' || i)::uuid, 'Bench broadcast ' || i, 'active'
  from generate_series(1, :accounts + 2) i;
-- pgbench's phones and its rate-limit rows (a bucket4j state is a few dozen bytes)
create sequence bench_phone;
insert into rate_limit_buckets (id, state, expires_at)
select 'pgbench-key:' || i, decode(repeat('00', 48), 'hex'), 0 from generate_series(1, :accounts) i;
analyze;
