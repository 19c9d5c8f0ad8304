#!/usr/bin/env bash
# GHL sync benchmark: drains pending updates over several GHL locations against a small fake GHL server (in the
# test JVM; src/test/.../ghlsync/BenchGhlServer.java) that enforces N requests per fixed window per location and
# answers 429 above it, and prints the drain time beside the floor 3 x updates / (locations x limit rate) and the
# number of 429s. The service runs on the embedded PostgreSQL, as in the tests.
#
# usage: bench/sync.sh [updates] [locations] [limit] [window-ms] [instances]
#   defaults: 10000 updates, 20 locations, 100 requests per 10000 ms per location (GHL's own limit), 1 instance:
#   floor 150 s, about 4 minutes in all. Shorter windows run faster but measure the machine more than the pacing:
#   at 100 per 2000 ms (1 000 requests per second in all) 2 shared cores running the service, its database and the
#   fake are near their limit, and at 100 per 1000 ms they are the limit (docs/BENCHMARKS.md).
# environment: BENCH_SHARE (the service paces at this share of the limit, default 0.95),
#              BENCH_WORKERS (workers per location and instance, default 4), BENCH_THREADS (pool size, default 128)
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p target

updates=${1:-10000}
locations=${2:-20}
limit=${3:-100}
window=${4:-10000}
instances=${5:-1}

./mvnw -B test -Dtest=GhlSyncBenchmark -Dsurefire.failIfNoSpecifiedTests=false -Djacoco.skip=true \
  -Dbench.sync=true -Dbench.updates="$updates" -Dbench.locations="$locations" -Dbench.limit="$limit" \
  -Dbench.window-ms="$window" -Dbench.instances="$instances" -Dbench.share="${BENCH_SHARE:-0.95}" \
  -Dbench.workers-per-location="${BENCH_WORKERS:-4}" -Dbench.threads="${BENCH_THREADS:-128}" \
  > target/bench-sync.log 2>&1 || {
    tail -50 target/bench-sync.log
    exit 1
  }
sed -n "/^GHL sync benchmark/,/^  timeline/p" target/surefire-reports/com.dialsmart.ghlbroadcast.ghlsync.GhlSyncBenchmark-output.txt
echo "  machine      $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $(java -version 2>&1 | head -1)"
