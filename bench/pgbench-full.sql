-- Everything the service does in the database for one add_to_broadcast, as plain SQL: the baseline plus the
-- rate-limit transaction (bucket4j: select for update + update of the key's row), the duplicate check, the position
-- select and the webhook_activity insert, in the service's three transactions. Run with -M prepared.
\set aid random(1, :accounts)
select a.id as uid, a.default_phone_region as region, md5('bench-broadcast-' || :aid)::uuid as bid,
       '+1917' || (200 + (n / 10000) % 800)::text || lpad((n % 10000)::text, 4, '0') as phone
  from webhook_keys k join accounts a on a.id = k.user_id, nextval('bench_phone') n
 where k.key_hash = encode(sha256(convert_to('wh_bench_' || :aid, 'UTF8')), 'hex') \gset
begin;
select state from rate_limit_buckets where id = 'pgbench-key:' || :aid for update;
update rate_limit_buckets set state = state, expires_at = (extract(epoch from clock_timestamp()) * 1000)::bigint + 5000
 where id = 'pgbench-key:' || :aid;
commit;
begin;
select name, status from voice_broadcasts where id = :bid and user_id = :uid for key share;
select exists (select 1 from dnc_list where user_id = :uid and phone = :phone);
select q.id, q.status, q.seq, s.enqueued, s.pending
  from broadcast_queue q join broadcast_queue_stats s on s.broadcast_id = q.broadcast_id
 where q.broadcast_id = :bid and q.phone = :phone;
insert into broadcast_queue (id, broadcast_id, user_id, phone, name) values (gen_random_uuid(), :bid, :uid, :phone, 'Bench');
select pending from broadcast_queue_stats where broadcast_id = :bid;
insert into webhook_activity (user_id, action, http_status, result, phone, broadcast_id, message)
values (:uid, 'add_to_broadcast', 200, 'queued', :phone, :bid, 'Contact added to broadcast queue');
commit;
