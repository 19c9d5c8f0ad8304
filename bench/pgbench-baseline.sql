-- The issue's physical limit: the SQL the trigger needs, without the application around it.
-- Key lookup (PostgreSQL hashes the key here, the service hashes it in Java), broadcast lookup, DNC check and the
-- insert (whose BEFORE INSERT trigger updates broadcast_queue_stats). Run with -M prepared, like the JDBC driver.
\set aid random(1, :accounts)
select a.id as uid, a.default_phone_region as region, md5('bench-broadcast-' || :aid)::uuid as bid,
       '+1646' || (200 + (n / 10000) % 800)::text || lpad((n % 10000)::text, 4, '0') as phone
  from webhook_keys k join accounts a on a.id = k.user_id, nextval('bench_phone') n
 where k.key_hash = encode(sha256(convert_to('wh_bench_' || :aid, 'UTF8')), 'hex') \gset
begin;
select name, status from voice_broadcasts where id = :bid and user_id = :uid for key share;
select exists (select 1 from dnc_list where user_id = :uid and phone = :phone);
insert into broadcast_queue (id, broadcast_id, user_id, phone, name) values (gen_random_uuid(), :bid, :uid, :phone, 'Bench');
commit;
