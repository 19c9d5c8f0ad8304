#!/usr/bin/env bash
# Prints a service-role JWT (HS256) for the platform: account provisioning, process_pending, call tracking.
# With the role voice_engine it prints a token the call-tracking webhook accepts and nothing else does: give that one
# to a voice engine rather than a service-role token, which acts for every account.
# The secret is APP_AUTH_JWT_SECRET, or in demo mode the one generated in ./data/secrets.properties.
# Usage: scripts/service-token.sh [hours-valid, default 1] [service_role (default) | voice_engine]
set -euo pipefail
hours="${1:-1}"
role="${2:-service_role}"
case "$role" in
    service_role) subject=service ;;
    voice_engine) subject=voice-engine ;;
    *) echo "The role must be service_role or voice_engine, not '$role'" >&2; exit 1 ;;
esac
secret="${APP_AUTH_JWT_SECRET:-}"
if [ -z "$secret" ] && [ -f "${APP_DATA_DIR:-./data}/secrets.properties" ]; then
    secret=$(sed -n 's/^app\.auth\.jwt-secret=//p' "${APP_DATA_DIR:-./data}/secrets.properties" | sed 's/\\//g')
fi
if [ -z "$secret" ]; then
    echo "Set APP_AUTH_JWT_SECRET (the service's app.auth.jwt-secret)" >&2
    exit 1
fi
b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
now=$(date +%s)
exp=$((now + hours * 3600))
header=$(printf '{"alg":"HS256","typ":"JWT"}' | b64url)
payload=$(printf '{"sub":"%s","role":"%s","iat":%d,"exp":%d}' "$subject" "$role" "$now" "$exp" | b64url)
signature=$(printf '%s.%s' "$header" "$payload" | openssl dgst -sha256 -hmac "$secret" -binary | b64url)
echo "$header.$payload.$signature"
