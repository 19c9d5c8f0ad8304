#!/usr/bin/env bash
# The whole flow on one machine, with no accounts anywhere: the service on its embedded PostgreSQL with the
# simulated dialer, and a local fake of GHL (WireMock). It sends 50 contacts the way a GHL workflow would, lets the
# dialer call them, and prints what the fake GHL received per contact and the get_status counts.
# Exits non-zero if any contact did not get its tag, fields and note.
# Usage: scripts/demo.sh        (builds the jar if target/ has none; leaves its files in target/demo)
set -euo pipefail
cd "$(dirname "$0")/.."

CONTACTS=${DEMO_CONTACTS:-50}
WAIT_SECONDS=${DEMO_WAIT_SECONDS:-240}
WIREMOCK_VERSION=3.13.2
WORK=target/demo
rm -rf "$WORK"
mkdir -p "$WORK/ghl-fake"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1]))" "$1"; }

jar=$(ls target/ghl-broadcast-*.jar 2>/dev/null | grep -v '\.original$' | head -1 || true)
if [ -z "$jar" ]; then
    ./mvnw -B -DskipTests package
    jar=$(ls target/ghl-broadcast-*.jar | grep -v '\.original$' | head -1)
fi
wiremock_jar="$HOME/.m2/repository/org/wiremock/wiremock-standalone/$WIREMOCK_VERSION/wiremock-standalone-$WIREMOCK_VERSION.jar"
if [ ! -f "$wiremock_jar" ]; then
    ./mvnw -B -q dependency:get -Dartifact="org.wiremock:wiremock-standalone:$WIREMOCK_VERSION" >/dev/null
fi

pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

ghl_port=$(free_port)
cp -r scripts/demo-ghl-fake/mappings "$WORK/ghl-fake/"
java -jar "$wiremock_jar" --port "$ghl_port" --bind-address 127.0.0.1 --root-dir "$WORK/ghl-fake" \
    --disable-banner > "$WORK/ghl-fake.log" 2>&1 &
pids+=($!)

app_port=$(free_port)
java -jar "$jar" --server.port="$app_port" --app.data-dir="$WORK/data" \
    --app.ghl.base-url="http://127.0.0.1:$ghl_port" --app.ghl.sync.interval=2s \
    --app.engine.simulated.delay=200ms --app.engine.poll-interval=500ms > "$WORK/service.log" 2>&1 &
pids+=($!)
base="http://127.0.0.1:$app_port"

echo "Starting the service (log: $WORK/service.log) and the GHL fake on port $ghl_port ..."
for _ in $(seq 1 120); do
    if curl -fs "$base/actuator/health" >/dev/null 2>&1 && grep -q 'Webhook key:' "$WORK/service.log"; then break; fi
    sleep 1
done
curl -fs "$base/actuator/health" >/dev/null || { echo "The service did not start; see $WORK/service.log" >&2; exit 1; }
token=$(sed -n 's/^Operator token: *//p' "$WORK/service.log" | head -1)
key=$(grep -o 'wh_[A-Za-z0-9_-]*' "$WORK/service.log" | head -1)
auth=(-H "Authorization: Bearer $token" -H 'Content-Type: application/json')

echo "Connecting the demo account to the GHL fake and setting up the six custom fields ..."
curl -fs -X PUT "$base/api/ghl/settings" "${auth[@]}" \
    -d '{"location_id":"demoLocation1","auth_mode":"private_token","access_token":"pit-demo-token","sync_enabled":true}' >/dev/null
curl -fs -X POST "$base/api/ghl/custom-fields/setup" "${auth[@]}" | json '", ".join(d["created"]) + " created"'

# A broadcast that dials around the clock and does not retry, so the demo ends in seconds at any hour
broadcast=$(curl -fs -X POST "$base/api/broadcasts" "${auth[@]}" -d '{"name":"Demo run","max_attempts":1,
    "calling_window_start":"00:00","calling_window_end":"23:59","max_concurrent_calls":20,"calls_per_minute":1200}' \
    | json 'd["id"]')
curl -fs -X POST "$base/api/broadcasts/$broadcast/activate" "${auth[@]}" >/dev/null

echo "Sending $CONTACTS contacts the way a GHL workflow's Custom Webhook step does ..."
for i in $(seq 1 "$CONTACTS"); do
    phone=$(printf '+1212555%04d' $((100 + i)))
    status=$(curl -s -X POST "$base/functions/v1/ghl-webhook-trigger" -H 'Content-Type: application/json' \
        -H "X-Webhook-Key: $key" \
        -d "{\"action\":\"add_to_broadcast\",\"broadcast_id\":\"$broadcast\",\"phone\":\"$phone\",
             \"name\":\"Demo Contact $i\",\"ghl_contact_id\":\"demoContact$i\",\"email\":\"contact$i@example.com\"}" \
        | json 'd.get("status", d.get("error"))')
    [ "$status" = queued ] || { echo "Contact $i was not queued: $status" >&2; exit 1; }
done

echo "Waiting for the simulated dialer and the sync to GHL (at most ${WAIT_SECONDS}s) ..."
status_body="{\"action\":\"get_status\",\"broadcast_id\":\"$broadcast\"}"
deadline=$((SECONDS + WAIT_SECONDS))
while [ $SECONDS -lt $deadline ]; do
    sent=$(curl -fs -X POST "$base/functions/v1/ghl-batch-callback" "${auth[@]}" -d "$status_body" \
        | json 'd.get("callback_status", {}).get("sent", 0)')
    [ "$sent" -ge "$CONTACTS" ] && break
    sleep 2
done

echo
echo "What the GHL fake received, per contact:"
curl -fs "http://127.0.0.1:$ghl_port/__admin/requests?limit=10000" > "$WORK/ghl-requests.json"
set +e
python3 - "$WORK/ghl-requests.json" "$CONTACTS" <<'PY'
import json, re, sys
requests = json.load(open(sys.argv[1]))["requests"]
contacts = int(sys.argv[2])
seen = {}
for entry in requests:
    r = entry["request"]
    m = re.match(r"^/contacts/([^/?]+)(/tags|/notes)?$", r["url"].split("?")[0])
    if not m:
        continue
    c = seen.setdefault(m.group(1), {"tags": [], "fields": 0, "notes": []})
    body = json.loads(r.get("body") or "{}")
    if m.group(2) == "/tags":
        c["tags"] += body.get("tags", [])
    elif m.group(2) == "/notes":
        c["notes"].append(body.get("body", ""))
    elif r["method"] == "PUT":
        c["fields"] = max(c["fields"], len(body.get("customFields", [])))
missing = []
print(f"{'contact':<16} {'tag':<26} {'fields':<7} note")
for i in range(1, contacts + 1):
    cid = f"demoContact{i}"
    c = seen.get(cid)
    ok = c is not None and len(c["tags"]) == 1 and c["fields"] == 6 and len(c["notes"]) == 1
    if not ok:
        missing.append(cid)
    c = c or {"tags": [], "fields": 0, "notes": []}
    note = c["notes"][0].splitlines()[0] if c["notes"] else "-"
    print(f"{cid:<16} {','.join(c['tags']) or '-':<26} {c['fields']:<7} {note}{'' if ok else '   <-- MISSING'}")
print()
if missing:
    print(f"{len(missing)} of {contacts} contacts did not get exactly one tag, six fields and one note: {', '.join(missing)}")
    sys.exit(1)
print(f"All {contacts} contacts got one tag, six custom fields and one note.")
PY
result=$?
set -e

echo
echo "get_status:"
curl -fs -X POST "$base/functions/v1/ghl-batch-callback" "${auth[@]}" -d "$status_body" | python3 -m json.tool
exit $result
