#!/usr/bin/env bash
# Load test of the calls feature (issue 3, "What must be measured"); the results are in docs/BENCHMARKS.md (## Calls).
#
#   bench/calls.sh
#
# Against the packaged jar on a throwaway database (loopback only):
#   1. wrk: POST /functions/v1/call-tracking-webhook, one distinct call per request (each for its own queue item,
#      completed by a person), BENCH_CONNECTIONS connections, after a 10 s warm-up
#      (the service keeps its own pool of database connections); beside it pgbench running the report's SQL
#      (bench/calls-report.sql, prepared statements like the service's JDBC driver) with the same concurrency and
#      duration on the same database.
#   2. the dispatcher with the simulated dialer at zero delay: after a warm-up on a quarter as many items,
#      BENCH_DISPATCH_ITEMS items over BENCH_BROADCASTS broadcasts, timed from their activation until every item has
#      its final outcome (items dialled per second);
#      beside it pgbench running the dispatcher's SQL: the claim (bench/calls-claim.sql, 50 items per claim) and the
#      report (its items spread over BENCH_BROADCASTS broadcasts like the dispatcher's), combined as
#      1 / (1/claimed + 1/reported) items per second, since both share the machine. The simulated dialer reports
#      from BENCH_DISPATCH_CLIENTS threads, the pgbench client count.
# Prints the figures and the ratios to the goal (>= 50 % of pgbench). Stops the jar and drops the database on exit.
#
# Needs: PostgreSQL reachable as PGUSER with trust (or PGPASSWORD), psql, pgbench, curl, openssl, Java 17; installs
# wrk from the Debian packages when missing. Settings (environment): BENCH_DB (calls_bench), BENCH_PORT (18391),
# BENCH_CONNECTIONS (32), BENCH_THREADS (2), BENCH_DURATION (20, seconds per measured run), BENCH_WEBHOOK_ITEMS
# (25000 queue items for wrk, twice as many for pgbench), BENCH_BROADCASTS (16), BENCH_DISPATCH_ITEMS (16000),
# BENCH_DISPATCH_CLIENTS (8, pgbench clients for the dispatcher's SQL), BENCH_JAR (target/ghl-broadcast-*.jar, built
# when missing), BENCH_JAVA_OPTS, BENCH_KEEP=1 keeps the raw output folder.
set -euo pipefail

cd "$(dirname "$0")/.."

export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
DB="${BENCH_DB:-calls_bench}"
PORT="${BENCH_PORT:-18391}"
CONNECTIONS="${BENCH_CONNECTIONS:-32}"
THREADS="${BENCH_THREADS:-2}"
DURATION="${BENCH_DURATION:-20}"
WEBHOOK_ITEMS="${BENCH_WEBHOOK_ITEMS:-25000}"
BROADCASTS="${BENCH_BROADCASTS:-16}"
DISPATCH_ITEMS="${BENCH_DISPATCH_ITEMS:-16000}"
DISPATCH_CLIENTS="${BENCH_DISPATCH_CLIENTS:-8}"
CLAIM_BATCH=50
SECRET="bench-only-jwt-secret-0123456789-abcdefghijklmnop"
CRYPTO_KEY="MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="
BASE="http://127.0.0.1:$PORT"

OUT="$(mktemp -d /tmp/calls-bench.XXXXXX)"
# shellcheck source=bench/lib.sh
source bench/lib.sh

# --- tools -------------------------------------------------------------------------------------------------------
require_tools psql pgbench curl openssl java
find_jar_and_port

# --- database ------------------------------------------------------------------------------------------------------
log "creating database $DB"
psql_admin -c "drop database if exists $DB with (force)" >/dev/null
psql_admin -c "create database $DB" >/dev/null

start_app() {
	local engine="$1"
	SPRING_DATASOURCE_URL="jdbc:postgresql://$PGHOST:$PGPORT/$DB" SPRING_DATASOURCE_USERNAME="$PGUSER" \
		SPRING_DATASOURCE_PASSWORD="${PGPASSWORD:-}" APP_AUTH_JWT_SECRET="$SECRET" APP_CRYPTO_KEY="$CRYPTO_KEY" \
		APP_DEMO_ENABLED=false SERVER_PORT="$PORT" \
		APP_ENGINE_ENABLED="$engine" APP_ENGINE_SIMULATED_DELAY=PT0S APP_ENGINE_POLL_INTERVAL=PT0.05S \
		APP_ENGINE_SIMULATED_THREADS="$DISPATCH_CLIENTS" LOGGING_LEVEL_ROOT=WARN LOGGING_LEVEL_COM_DIALSMART=INFO \
		java ${BENCH_JAVA_OPTS:--Xmx1g} -jar "$JAR" >"$OUT/app-$engine.log" 2>&1 &
	APP_PID=$!
	for _ in $(seq 1 120); do
		# our own process must have started: another one could answer on a port taken meanwhile
		if grep -q "Started GhlBroadcastApplication" "$OUT/app-$engine.log" 2>/dev/null && curl -sf "$BASE/actuator/health" >/dev/null 2>&1; then
			return 0
		fi
		kill -0 "$APP_PID" 2>/dev/null || { tail -n 50 "$OUT/app-$engine.log"; exit 1; }
		sleep 1
	done
	echo "the service did not start" >&2
	tail -n 50 "$OUT/app-$engine.log"
	exit 1
}

b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
service_token() {
	local now header payload signature
	now=$(date +%s)
	header=$(printf '{"alg":"HS256","typ":"JWT"}' | b64url)
	payload=$(printf '{"sub":"bench","role":"service_role","iat":%d,"exp":%d}' "$now" $((now + 7200)) | b64url)
	signature=$(printf '%s.%s' "$header" "$payload" | openssl dgst -sha256 -hmac "$SECRET" -binary | b64url)
	printf '%s.%s.%s' "$header" "$payload" "$signature"
}

log "starting the service (engine off) to migrate the schema"
start_app false

# one account; broadcasts and items straight in SQL (the queue's insert trigger numbers them as an enqueue would)
log "seeding queue items"
psql_db <<SQL
insert into accounts (id, name) values ('00000000-0000-0000-0000-0000000000a1', 'Calls bench');
create table bench_broadcasts (n serial primary key, id uuid not null, purpose text not null);
insert into voice_broadcasts (id, user_id, name, status, max_attempts, max_concurrent_calls, calls_per_minute)
select gen_random_uuid(), '00000000-0000-0000-0000-0000000000a1', 'bench ' || purpose || ' ' || n,
       case when purpose in ('dispatch', 'warmup') then 'paused' else 'active' end, 1, 500, 6000
  from (select 'webhook' as purpose, 1 as n union all select 'pgreport', 1
        union all select 'claim', g from generate_series(1, $BROADCASTS) g
        union all select 'pgdispatch', g from generate_series(1, $BROADCASTS) g
        union all select 'dispatch', g from generate_series(1, $BROADCASTS) g
        union all select 'warmup', g from generate_series(1, $BROADCASTS) g) p;
insert into bench_broadcasts (id, purpose)
select id, split_part(name, ' ', 2) from voice_broadcasts where user_id = '00000000-0000-0000-0000-0000000000a1'
 order by name;
create sequence bench_phone_seq;
create function bench_fill(purpose_name text, per_broadcast int) returns void language plpgsql as \$\$
declare
    b record;
begin
    for b in select id from bench_broadcasts where purpose = purpose_name loop
        insert into broadcast_queue (id, broadcast_id, user_id, phone, name)
        select gen_random_uuid(), b.id, '00000000-0000-0000-0000-0000000000a1',
               '+1212' || (200 + (p / 10000) % 700)::text || lpad((p % 10000)::text, 4, '0'), 'Contact ' || p
          from (select nextval('bench_phone_seq') as p from generate_series(1, per_broadcast)) g;
    end loop;
end \$\$;
select bench_fill('webhook', $WEBHOOK_ITEMS);
select bench_fill('pgreport', $WEBHOOK_ITEMS * 2);
select bench_fill('claim', $DISPATCH_ITEMS / $BROADCASTS * 2);
select bench_fill('dispatch', $DISPATCH_ITEMS / $BROADCASTS);
select bench_fill('warmup', $DISPATCH_ITEMS / $BROADCASTS / 4);
select bench_fill('pgdispatch', $DISPATCH_ITEMS / $BROADCASTS + 1);
-- the items each pgbench report run takes in turn: one broadcast (as wrk's), or spread like the dispatcher's
create table bench_pg_items (purpose text, n bigint, id uuid not null, broadcast_id uuid not null,
                             user_id uuid not null, primary key (purpose, n));
insert into bench_pg_items (purpose, n, id, broadcast_id, user_id)
select b.purpose, row_number() over (partition by b.purpose order by random()), q.id, q.broadcast_id, q.user_id
  from broadcast_queue q join bench_broadcasts b on b.id = q.broadcast_id
 where b.purpose in ('pgreport', 'pgdispatch');
create sequence bench_seq_pgreport;
create sequence bench_seq_pgdispatch;
insert into rate_limit_buckets (id, state, expires_at) select 'bench-' || id, '\x00', 0 from bench_broadcasts;
analyze;
SQL
psql_db -A -t -c "select q.id from broadcast_queue q join bench_broadcasts b on b.id = q.broadcast_id
	where b.purpose = 'webhook' order by q.seq" >"$OUT/items.txt"

# --- 1. call-tracking-webhook ----------------------------------------------------------------------------------
TOKEN="$(service_token)"
log "warming up the webhook"
IDS_FILE="$OUT/items.txt" WRK_THREADS="$THREADS" TOKEN="$TOKEN" OFFSET=$((WEBHOOK_ITEMS - 8000)) \
	wrk -t "$THREADS" -c "$CONNECTIONS" -d 10s -s bench/calls.lua "$BASE" >"$OUT/wrk-warmup.txt"
log "wrk: call-tracking-webhook, $CONNECTIONS connections, ${DURATION}s"
IDS_FILE="$OUT/items.txt" WRK_THREADS="$THREADS" TOKEN="$TOKEN" OFFSET=0 \
	wrk -t "$THREADS" -c "$CONNECTIONS" -d "${DURATION}s" --latency -s bench/calls.lua "$BASE" >"$OUT/wrk-webhook.txt"
cat "$OUT/wrk-webhook.txt"
WEBHOOK_RPS=$(awk '/^Requests\/sec/ {print $2}' "$OUT/wrk-webhook.txt")
if grep -q "Non-2xx" "$OUT/wrk-webhook.txt"; then
	echo "some webhook requests failed:" >&2
	grep "Non-2xx" "$OUT/wrk-webhook.txt" >&2
	exit 1
fi
RECORDED=$(psql_db -A -t -c "select count(*) from call_attempts a join bench_broadcasts b on b.id = a.broadcast_id
	where b.purpose = 'webhook' and a.outcome = 'answered'")
log "attempts recorded through the webhook: $RECORDED"

log "pgbench: the report's SQL, $CONNECTIONS clients, ${DURATION}s"
pgbench -n -M prepared -c "$CONNECTIONS" -j "$THREADS" -T "$DURATION" -D purpose=pgreport -D seq=bench_seq_pgreport \
	-f bench/calls-report.sql "$DB" >"$OUT/pgbench-report.txt"
cat "$OUT/pgbench-report.txt" | grep -E "tps|latency|transactions"
PG_REPORT_TPS=$(awk '/^tps/ {print $3; exit}' "$OUT/pgbench-report.txt")

stop_app

# --- 2. dispatcher with the simulated dialer -------------------------------------------------------------------
log "pgbench: the claim's SQL ($CLAIM_BATCH items per claim), $DISPATCH_CLIENTS clients"
pgbench -n -M prepared -c "$DISPATCH_CLIENTS" -j "$THREADS" -t $((DISPATCH_ITEMS * 2 / CLAIM_BATCH / DISPATCH_CLIENTS / 2)) \
	-D broadcasts="$BROADCASTS" -f bench/calls-claim.sql "$DB" >"$OUT/pgbench-claim.txt"
grep -E "tps|latency" "$OUT/pgbench-claim.txt"
PG_CLAIM_TPS=$(awk '/^tps/ {print $3; exit}' "$OUT/pgbench-claim.txt")
log "pgbench: the report's SQL for $DISPATCH_ITEMS items over $BROADCASTS broadcasts, $DISPATCH_CLIENTS clients"
pgbench -n -M prepared -c "$DISPATCH_CLIENTS" -j "$THREADS" -t $((DISPATCH_ITEMS / DISPATCH_CLIENTS)) -D purpose=pgdispatch \
	-D seq=bench_seq_pgdispatch -f bench/calls-report.sql "$DB" \
	>"$OUT/pgbench-report-dispatch.txt"
PG_REPORT8_TPS=$(awk '/^tps/ {print $3; exit}' "$OUT/pgbench-report-dispatch.txt")

# only the measured broadcasts are active while the engine runs
psql_db -c "update voice_broadcasts set status = 'paused' where id in (select id from bench_broadcasts where purpose not in ('dispatch', 'warmup'))"
log "starting the service with the engine on (simulated dialer, zero delay)"
start_app true
wait_until_dispatched() {
	local purpose="$1" deadline=$(( $(date +%s) + 300 )) left
	while :; do
		left=$(psql_db -A -t -c "select coalesce(sum(s.pending + s.calling + s.retry), 0) from broadcast_queue_stats s
			join bench_broadcasts b on b.id = s.broadcast_id where b.purpose = '$purpose'")
		[[ "$left" -eq 0 ]] && return 0
		if [[ $(date +%s) -gt $deadline ]]; then
			echo "the dispatcher did not finish the $purpose broadcasts within 300 s ($left items left)" >&2
			exit 1
		fi
		sleep 0.2
	done
}
log "warming up the dispatcher"
psql_db -c "update voice_broadcasts set status = 'active' where id in (select id from bench_broadcasts where purpose = 'warmup')"
wait_until_dispatched warmup
log "dispatcher: $DISPATCH_ITEMS items over $BROADCASTS broadcasts"
START_NS=$(date +%s%N)
psql_db -c "update voice_broadcasts set status = 'active' where id in (select id from bench_broadcasts where purpose = 'dispatch')"
wait_until_dispatched dispatch
END_NS=$(date +%s%N)
DIALLED=$(psql_db -A -t -c "select count(*) from call_attempts a join bench_broadcasts b on b.id = a.broadcast_id
	where b.purpose = 'dispatch'")
stop_app

DISPATCH_SECONDS=$(awk -v s="$START_NS" -v e="$END_NS" 'BEGIN {printf "%.2f", (e - s) / 1e9}')
DISPATCH_RATE=$(awk -v n="$DIALLED" -v t="$DISPATCH_SECONDS" 'BEGIN {printf "%.0f", n / t}')
PG_CLAIMED=$(awk -v t="$PG_CLAIM_TPS" -v b="$CLAIM_BATCH" 'BEGIN {printf "%.0f", t * b}')
PG_DISPATCH=$(awk -v c="$PG_CLAIMED" -v r="$PG_REPORT8_TPS" 'BEGIN {printf "%.0f", 1 / (1 / c + 1 / r)}')

echo
echo "=== calls benchmark ($(nproc) cores, $(psql_db -A -t -c 'show server_version'), $(date -u +%F)) ==="
printf 'webhook:    %8.0f requests/s (wrk, %d connections)   pgbench same SQL: %8.0f tps   ratio %s\n' \
	"$WEBHOOK_RPS" "$CONNECTIONS" "$PG_REPORT_TPS" \
	"$(awk -v a="$WEBHOOK_RPS" -v b="$PG_REPORT_TPS" 'BEGIN {printf "%.0f %%", 100 * a / b}')"
printf 'dispatcher: %8d items/s (%d items in %s s)      pgbench same SQL: %8d items/s (claims %d items/s, reports %.0f/s)   ratio %s\n' \
	"$DISPATCH_RATE" "$DIALLED" "$DISPATCH_SECONDS" "$PG_DISPATCH" "$PG_CLAIMED" "$PG_REPORT8_TPS" \
	"$(awk -v a="$DISPATCH_RATE" -v b="$PG_DISPATCH" 'BEGIN {printf "%.0f %%", 100 * a / b}')"
grep -E "Latency|50%|99%" "$OUT/wrk-webhook.txt" || true
