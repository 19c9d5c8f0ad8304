# Shared by bench/trigger.sh and bench/calls.sh, sourced once DB (the throwaway database), OUT (the raw output
# folder) and PORT are set: database helpers, stopping the service and cleaning up on exit (the database is dropped,
# the output folder kept only on failure or with BENCH_KEEP=1), the tools the scripts need, and the jar
# (BENCH_JAR, else target/ghl-broadcast-*.jar, built when missing).

case "$DB" in
	*[!a-z0-9_]* | "") echo "BENCH_DB must be a plain lower-case name" >&2; exit 2 ;;
esac

APP_PID=""

psql_db() { psql -X -q -v ON_ERROR_STOP=1 -d "$DB" "$@"; }
psql_admin() { psql -X -q -v ON_ERROR_STOP=1 -d postgres "$@"; }
log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*"; }

stop_app() {
	if [[ -n "$APP_PID" ]] && kill -0 "$APP_PID" 2>/dev/null; then
		kill "$APP_PID" 2>/dev/null || true
		for _ in $(seq 1 30); do kill -0 "$APP_PID" 2>/dev/null || break; sleep 1; done
		kill -9 "$APP_PID" 2>/dev/null || true
	fi
	APP_PID=""
}

bench_cleanup() {
	local status=$?
	stop_app
	psql_admin -c "drop database if exists $DB with (force)" >/dev/null 2>&1 || true
	if [[ "${BENCH_KEEP:-0}" == 1 || $status -ne 0 ]]; then
		echo "raw output kept in $OUT"
	else
		rm -rf "$OUT"
	fi
	exit $status
}
trap bench_cleanup EXIT
trap 'exit 130' INT TERM

# wrk from the Debian packages when missing, then every other tool named must be there
require_tools() {
	if ! command -v wrk >/dev/null; then
		log "installing wrk from the Debian packages"
		if [[ $(id -u) -eq 0 ]]; then apt-get update -qq && apt-get install -y -qq wrk >/dev/null
		else sudo apt-get update -qq && sudo apt-get install -y -qq wrk >/dev/null; fi
	fi
	local tool
	for tool in "$@"; do
		command -v "$tool" >/dev/null || { echo "$tool is required" >&2; exit 2; }
	done
}

# sets JAR; refuses a port another process answers on
find_jar_and_port() {
	JAR="${BENCH_JAR:-}"
	[[ -n "$JAR" ]] || JAR="$(ls target/ghl-broadcast-*.jar 2>/dev/null | grep -v -- '-plain.jar' | head -n 1 || true)"
	if [[ -z "$JAR" ]]; then
		log "building the jar"
		./mvnw -B -DskipTests package >"$OUT/build.log" 2>&1 || { tail -n 50 "$OUT/build.log"; exit 1; }
		JAR="$(ls target/ghl-broadcast-*.jar | grep -v -- '-plain.jar' | head -n 1)"
	fi
	if curl -s -o /dev/null "http://127.0.0.1:$PORT/"; then
		echo "port $PORT is in use; set BENCH_PORT" >&2
		exit 2
	fi
}
