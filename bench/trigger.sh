#!/usr/bin/env bash
# Load test of the GHL trigger endpoint (issue 2, "What must be measured"); the results are in docs/BENCHMARKS.md.
#
#   bench/trigger.sh
#
# Against the packaged jar on a throwaway database (loopback only):
#   1. wrk: add_to_broadcast with fresh phones over 1 000 accounts (each a key and an active broadcast);
#   2. pgbench, same concurrency and duration, on the same database: the SQL the request needs (the physical limit),
#      once as the issue's baseline (key, broadcast, DNC, insert) and once with everything the service does;
#   3. wrk against one broadcast with a small queue, then against one holding BENCH_QUEUE_SIZE queued items.
# Prints requests/s, p50/p99 latency and the ratios to the goals. Stops the jar and drops the database on exit.
#
# Needs: PostgreSQL reachable as PGUSER with trust (or PGPASSWORD), psql, pgbench, curl, Java 17; installs wrk
# from the Debian packages when missing. Settings (environment): BENCH_DB (ghl_bench), BENCH_PORT (18089),
# BENCH_CONNECTIONS (32), BENCH_THREADS (2), BENCH_DURATION (30, seconds per measured run), BENCH_WARMUP (10),
# BENCH_ACCOUNTS (1000), BENCH_QUEUE_SIZE (500000), BENCH_JAR (target/ghl-broadcast-*.jar, built when missing),
# BENCH_JAVA_OPTS, BENCH_KEEP=1 keeps the raw output folder.
set -euo pipefail

cd "$(dirname "$0")/.."

export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
DB="${BENCH_DB:-ghl_bench}"
PORT="${BENCH_PORT:-18089}"
CONNECTIONS="${BENCH_CONNECTIONS:-32}"
THREADS="${BENCH_THREADS:-2}"
DURATION="${BENCH_DURATION:-30}"
WARMUP="${BENCH_WARMUP:-10}"
ACCOUNTS="${BENCH_ACCOUNTS:-1000}"
QUEUE_SIZE="${BENCH_QUEUE_SIZE:-500000}"
# far above what 1 000 keys (or one key) can send in a minute here: no request is refused, but every request still
# takes its token from its bucket4j row in rate_limit_buckets, exactly as in production
REQUESTS_PER_MINUTE=100000000
URL="http://127.0.0.1:$PORT/functions/v1/ghl-webhook-trigger"

OUT="$(mktemp -d /tmp/ghl-bench.XXXXXX)"
# shellcheck source=bench/lib.sh
source bench/lib.sh

# --- tools -------------------------------------------------------------------------------------------------------
require_tools psql pgbench curl java
find_jar_and_port

# --- machine -----------------------------------------------------------------------------------------------------
echo "== machine"
echo "cpus: $(nproc), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
echo "memory: $(free -g | awk '/^Mem:/ {print $2 " GiB total, " $7 " GiB available"}')"
echo "postgresql: $(psql_admin -Atc 'show server_version'), shared_buffers $(psql_admin -Atc 'show shared_buffers'), max_connections $(psql_admin -Atc 'show max_connections')"
echo "java: $(java -version 2>&1 | head -n 1)"
echo "wrk: $(wrk -v 2>&1 | head -n 1 | cut -d' ' -f1-2)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

# --- database and service ----------------------------------------------------------------------------------------
log "creating database $DB"
psql_admin -c "drop database if exists $DB with (force)" >/dev/null
psql_admin -c "create database $DB" >/dev/null

log "starting $JAR on 127.0.0.1:$PORT"
# shellcheck disable=SC2086
SPRING_DATASOURCE_URL="jdbc:postgresql://$PGHOST:$PGPORT/$DB" \
SPRING_DATASOURCE_USERNAME="$PGUSER" SPRING_DATASOURCE_PASSWORD="${PGPASSWORD:-}" \
APP_AUTH_JWT_SECRET="bench-only-$(head -c 24 /dev/urandom | base64 | tr -d '/+=')" \
APP_CRYPTO_KEY="$(head -c 32 /dev/urandom | base64)" \
APP_SCHEDULING_ENABLED=false APP_DEMO_ENABLED=false \
	java ${BENCH_JAVA_OPTS:-} -jar "$JAR" --server.address=127.0.0.1 --server.port="$PORT" \
	--app.data-dir="$OUT/data" --app.trigger.requests-per-minute=$REQUESTS_PER_MINUTE \
	>"$OUT/app.log" 2>&1 &
APP_PID=$!
for i in $(seq 1 180); do
	if curl -sf "http://127.0.0.1:$PORT/actuator/health" >/dev/null; then break; fi
	if ! kill -0 "$APP_PID" 2>/dev/null; then tail -n 50 "$OUT/app.log"; echo "the service did not start" >&2; exit 1; fi
	[[ $i -eq 180 ]] && { tail -n 50 "$OUT/app.log"; echo "no healthy service after 180 s" >&2; exit 1; }
	sleep 1
done
log "service healthy ($(grep -o 'Started [A-Za-z]* in [0-9.]* seconds' "$OUT/app.log" || echo started))"

log "seeding $ACCOUNTS accounts with keys and active broadcasts"
psql_db -v accounts="$ACCOUNTS" -f bench/seed.sql
# targets: "key<TAB>broadcast id" per line
psql_db -At -F $'\t' -c "select 'wh_bench_' || i, md5('bench-broadcast-' || i)::uuid from generate_series(1, $ACCOUNTS) i" >"$OUT/targets.tsv"
psql_db -At -F $'\t' -c "select 'wh_bench_' || i, md5('bench-broadcast-' || i)::uuid from generate_series($ACCOUNTS + 1, $ACCOUNTS + 1) i" >"$OUT/target-small.tsv"
psql_db -At -F $'\t' -c "select 'wh_bench_' || i, md5('bench-broadcast-' || i)::uuid from generate_series($ACCOUNTS + 2, $ACCOUNTS + 2) i" >"$OUT/target-large.tsv"

curl -s -o "$OUT/probe.json" -H 'Content-Type: application/json' "$URL" \
	-d "{\"action\":\"add_to_broadcast\",\"webhook_key\":\"wh_bench_1\",\"broadcast_id\":\"$(cut -f2 "$OUT/targets.tsv" | head -n 1)\",\"phone\":\"+12025550143\"}"
grep -q '"status":"queued"' "$OUT/probe.json" || { cat "$OUT/probe.json"; echo; echo "probe request was not queued" >&2; exit 1; }

# --- helpers -----------------------------------------------------------------------------------------------------
queued() { psql_db -Atc "select count(*) from broadcast_queue"; }
field() { sed -n "s/.*\b$2=\([0-9.]*\).*/\1/p" "$1"; }

# CPU time per request is disturbed less than throughput by other work on a shared machine: every 0.5 s, the CPU ticks
# of the service JVM, this database's backends and the load generator (pid $1) go to file $2.
cpu_sample() {
	local client=$1 t pid
	t=$(date +%s.%N)
	awk -v t="$t" -v p="$APP_PID" '{print t, "jvm", p, $14 + $15}' "/proc/$APP_PID/stat" 2>/dev/null || true
	awk -v t="$t" '/^cpu / {print t, "busy", 0, $2 + $3 + $4 + $7 + $8 + $9; print t, "total", 0, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9}' /proc/stat
	for pid in $(pgrep -f "^postgres: .* $DB( |$)" || true); do
		awk -v t="$t" -v p="$pid" '{print t, "pg", p, $14 + $15}' "/proc/$pid/stat" 2>/dev/null || true
	done
	awk -v t="$t" -v p="$client" '{print t, "client", p, $14 + $15}' "/proc/$client/stat" 2>/dev/null || true
	return 0
}
cpu_sampler() {
	while kill -0 "$1" 2>/dev/null; do cpu_sample "$1" >>"$2"; sleep 0.5; done
}
# cpu_per_request SAMPLES COUNT: "jvm_cpu_ms=… pg_cpu_ms=… client_cpu_ms=…" per request (processes that existed at
# the first sample count from there, later ones from their start), and other_cpu_pct: the share of the machine that
# everything else used meanwhile (other builds, PostgreSQL's background processes), the sign of a disturbed run
cpu_per_request() {
	awk -v n="$2" -v hz="$(getconf CLK_TCK)" '
		NR == 1 { t0 = $1 }
		{ key = $2 " " $3; if (!(key in first)) first[key] = ($1 == t0) ? $4 : 0; last[key] = $4 }
		END {
			for (k in last) { split(k, a, " "); sum[a[1]] += last[k] - first[k] }
			printf "jvm_cpu_ms=%.2f pg_cpu_ms=%.2f client_cpu_ms=%.2f other_cpu_pct=%.0f", sum["jvm"] * 1000 / hz / n,
				sum["pg"] * 1000 / hz / n, sum["client"] * 1000 / hz / n,
				(sum["total"] > 0 ? 100 * (sum["busy"] - sum["jvm"] - sum["pg"] - sum["client"]) / sum["total"] : 0)
		}' "$1"
}

# run_wrk NAME TARGETS AREA SECONDS [RATE]: as fast as possible, or paced at RATE requests/s
run_wrk() {
	local name=$1 targets=$2 area=$3 seconds=$4 rate=${5:-} before after pid sampler
	before=$(queued)
	log "wrk $name: $CONNECTIONS connections, $THREADS threads, ${seconds} s${rate:+, paced at $rate requests/s} (load $(cut -d' ' -f1 /proc/loadavg))"
	BENCH_RATE="$rate" BENCH_THREADS="$THREADS" wrk -t"$THREADS" -c"$CONNECTIONS" -d"${seconds}s" --timeout 10s -s bench/trigger.lua "$URL" -- "$targets" "$area" \
		>"$OUT/wrk-$name.txt" 2>&1 &
	pid=$!
	: >"$OUT/cpu-$name.txt"
	cpu_sample "$pid" >>"$OUT/cpu-$name.txt"
	cpu_sampler "$pid" "$OUT/cpu-$name.txt" &
	sampler=$!
	wait "$pid" || { cat "$OUT/wrk-$name.txt"; exit 1; }
	wait "$sampler"
	cpu_sample "$pid" >>"$OUT/cpu-$name.txt"
	after=$(queued)
	echo "$(grep '^RESULT' "$OUT/wrk-$name.txt") $(cpu_per_request "$OUT/cpu-$name.txt" "$(field "$OUT/wrk-$name.txt" requests)")" \
		>"$OUT/wrk-$name.result"
	sed "s/^RESULT/  /" "$OUT/wrk-$name.result"
	echo "   rows queued: $((after - before))"
	if [[ "$(field "$OUT/wrk-$name.txt" non2xx)" != 0 || "$(field "$OUT/wrk-$name.txt" socket_errors)" != 0 ]]; then
		echo "   WARNING: some requests failed; see $OUT/wrk-$name.txt and $OUT/app.log"
		BENCH_KEEP=1
	fi
}

# run_pgbench NAME SCRIPT: tps and per-transaction latency percentiles from pgbench's transaction log
run_pgbench() {
	local name=$1 script=$2 pid sampler
	log "pgbench $name: $CONNECTIONS clients, $THREADS threads, ${DURATION} s (load $(cut -d' ' -f1 /proc/loadavg))"
	local attempt
	for attempt in 1 2 3 4 5; do
		rm -rf "$OUT/pgbench-$name"
		mkdir -p "$OUT/pgbench-$name"
		pgbench -n -M prepared -c "$CONNECTIONS" -j "$THREADS" -T "$DURATION" -D accounts="$ACCOUNTS" -f "$script" \
			-l --log-prefix="$OUT/pgbench-$name/log" "$DB" >"$OUT/pgbench-$name.txt" 2>&1 &
		pid=$!
		: >"$OUT/cpu-$name.txt"
		cpu_sample "$pid" >>"$OUT/cpu-$name.txt"
		cpu_sampler "$pid" "$OUT/cpu-$name.txt" &
		sampler=$!
		if wait "$pid"; then wait "$sampler"; break; fi
		wait "$sampler"
		# on a shared server other clients may hold most of max_connections for a while
		if [[ $attempt -lt 5 ]] && grep -q 'too many clients' "$OUT/pgbench-$name.txt"; then
			log "PostgreSQL has no $CONNECTIONS free connections now; retrying in 20 s"
			sleep 20
			continue
		fi
		cat "$OUT/pgbench-$name.txt"
		exit 1
	done
	cat "$OUT/pgbench-$name"/log.* | awk '{print $3}' | sort -n >"$OUT/pgbench-$name/latencies"
	local count tps p50 p99 failed
	count=$(wc -l <"$OUT/pgbench-$name/latencies")
	tps=$(sed -n 's/^tps = \([0-9.]*\) (without initial connection time)/\1/p' "$OUT/pgbench-$name.txt")
	failed=$(sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' "$OUT/pgbench-$name.txt")
	p50=$(awk -v n="$count" 'NR == int(n * 0.50 + 0.5) {printf "%.2f", $1 / 1000}' "$OUT/pgbench-$name/latencies")
	p99=$(awk -v n="$count" 'NR == int(n * 0.99 + 0.5) {printf "%.2f", $1 / 1000}' "$OUT/pgbench-$name/latencies")
	printf 'RESULT transactions=%d rps=%.1f p50_ms=%s p99_ms=%s failed=%s %s\n' "$count" "$tps" "$p50" "$p99" \
		"${failed:-0}" "$(cpu_per_request "$OUT/cpu-$name.txt" "$count")" >"$OUT/pgbench-$name.result"
	sed "s/^RESULT/  /" "$OUT/pgbench-$name.result"
	rm -rf "$OUT/pgbench-$name"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
verdict() { awk -v v="$1" -v limit="$2" -v op="$3" 'BEGIN {ok = (op == "ge") ? v >= limit : v <= limit; print ok ? "met" : "MISSED"}'; }

# --- 1: many accounts, service vs pgbench ---------------------------------------------------------------------------
echo "== configuration"
echo "service: $JAR, JVM defaults${BENCH_JAVA_OPTS:+ + $BENCH_JAVA_OPTS}, Hikari pool and Tomcat threads from application.properties"
echo "rate limiter: ON - every request takes a token from its key's bucket4j row (select for update + update in"
echo "  rate_limit_buckets); the limit is $REQUESTS_PER_MINUTE/min so that no request of this test is refused"
echo "load: $CONNECTIONS connections, $THREADS wrk/pgbench threads, ${DURATION} s per run, ${WARMUP} s JVM warm-up first"

run_wrk warmup "$OUT/targets.tsv" 718 "$WARMUP" >/dev/null
run_wrk accounts "$OUT/targets.tsv" 212 "$DURATION"
run_pgbench baseline bench/pgbench-baseline.sql
run_pgbench full bench/pgbench-full.sql
# the latency goal holds "at that load": half the physical limit, offered at a steady rate
GOAL_RATE=$(awk -v r="$(field "$OUT/pgbench-baseline.result" rps)" 'BEGIN {printf "%d", r / 2}')
run_wrk paced "$OUT/targets.tsv" 347 "$DURATION" "$GOAL_RATE"
echo "   rate-limit rows of the service's keys: $(psql_db -Atc "select count(*) from rate_limit_buckets where id like 'trigger-key:%'") (the limiter ran)"

# --- 2: one broadcast, small queue vs large queue --------------------------------------------------------------------
LARGE_ID="$(cut -f2 "$OUT/target-large.tsv")"
log "seeding $QUEUE_SIZE queued items into broadcast $LARGE_ID"
SEED_START=$(date +%s)
# One insert with triggers off (session_replication_role), then the counters set once: the same rows and counters
# the counting trigger would give (seq continues from the stats row), in seconds instead of minutes, because the
# row-by-row trigger update of one stats row grows slower as its row versions pile up inside a transaction.
psql_db <<SQL
begin;
set local session_replication_role = replica;
insert into broadcast_queue (id, broadcast_id, user_id, seq, phone, name)
select gen_random_uuid(), s.broadcast_id, b.user_id, s.enqueued + g + 1,
       '+1312' || (200 + g / 10000)::text || lpad((g % 10000)::text, 4, '0'), 'Seeded ' || g
  from broadcast_queue_stats s join voice_broadcasts b on b.id = s.broadcast_id, generate_series(0, $QUEUE_SIZE - 1) g
 where s.broadcast_id = '$LARGE_ID';
update broadcast_queue_stats set enqueued = enqueued + $QUEUE_SIZE, pending = pending + $QUEUE_SIZE
 where broadcast_id = '$LARGE_ID';
commit;
SQL
psql_db -c "vacuum analyze" -c "checkpoint"
echo "   seeded in $(( $(date +%s) - SEED_START )) s: $(psql_db -Atc "select count(*) || ' rows, seq ' || min(seq) || '..' || max(seq)
	|| ', counters enqueued ' || (select enqueued from broadcast_queue_stats where broadcast_id = '$LARGE_ID')
	|| ', pending ' || (select pending from broadcast_queue_stats where broadcast_id = '$LARGE_ID')
	from broadcast_queue where broadcast_id = '$LARGE_ID'")"

run_wrk small-queue "$OUT/target-small.tsv" 415 "$DURATION"
run_wrk large-queue "$OUT/target-large.tsv" 415 "$DURATION"

# --- summary -------------------------------------------------------------------------------------------------------
W="$OUT/wrk-accounts.result" B="$OUT/pgbench-baseline.result" F="$OUT/pgbench-full.result" P="$OUT/wrk-paced.result"
S="$OUT/wrk-small-queue.result" L="$OUT/wrk-large-queue.result"
throughput_ratio=$(ratio "$(field "$W" rps)" "$(field "$B" rps)")
p50_ratio=$(ratio "$(field "$L" p50_ms)" "$(field "$S" p50_ms)")
p99_ratio=$(ratio "$(field "$L" p99_ms)" "$(field "$S" p99_ms)")
echo
echo "== results ($CONNECTIONS connections, ${DURATION} s each)"
printf '%-48s %9s %8s %8s   %-34s %s\n' "run" "req/s" "p50 ms" "p99 ms" "CPU ms/request: JVM + PG + client" \
	"others' CPU"
row() {
	printf '%-48s %9s %8s %8s   %-34s %s %%\n' "$1" "$(field "$2" rps)" "$(field "$2" p50_ms)" "$(field "$2" p99_ms)" \
		"$(field "$2" jvm_cpu_ms) + $(field "$2" pg_cpu_ms) + $(field "$2" client_cpu_ms)" "$(field "$2" other_cpu_pct)"
}
row "service, $ACCOUNTS accounts (wrk)" "$W"
row "pgbench baseline: key, broadcast, DNC, insert" "$B"
row "pgbench full: + rate limit, dup, position, log" "$F"
row "service, paced at half the pgbench baseline" "$P"
row "service, one broadcast, small queue" "$S"
row "service, one broadcast, $QUEUE_SIZE queued" "$L"
echo
echo "throughput / pgbench baseline: $throughput_ratio (goal >= 0.50: $(verdict "$throughput_ratio" 0.5 ge))"
echo "throughput / pgbench full:     $(ratio "$(field "$W" rps)" "$(field "$F" rps)")"
echo "p99 at half the pgbench baseline ($GOAL_RATE requests/s offered, $(field "$P" rps) served): $(field "$P" p99_ms) ms (goal <= 50 ms: $(verdict "$(field "$P" p99_ms)" 50 le))"
echo "p99 at saturation ($CONNECTIONS connections): $(field "$W" p99_ms) ms (pgbench baseline: $(field "$B" p99_ms) ms)"
echo "latency $QUEUE_SIZE queued / small queue: p50 $p50_ratio, p99 $p99_ratio (goal <= 1.5: $(verdict "$p99_ratio" 1.5 le) on p99, $(verdict "$p50_ratio" 1.5 le) on p50)"
DISTURBED=$(cat "$W" "$B" "$F" "$P" "$S" "$L" | awk '{for (i = 1; i <= NF; i++) if ($i ~ /^other_cpu_pct=/) {split($i, kv, "="); if (kv[2] > max) max = kv[2]}} END {print max + 0}')
echo "other processes used up to $DISTURBED % of the machine during a run$( ((DISTURBED > 10)) && echo ": the figures are disturbed, run again on a quieter machine")"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
