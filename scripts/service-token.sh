#!/usr/bin/env bash
# Prints a service-role JWT (HS256) for the platform: account provisioning, process_pending, call tracking.
# The secret is APP_AUTH_JWT_SECRET, or in demo mode the one generated in ./data/secrets.properties.
# Usage: scripts/service-token.sh [hours-valid, default 1]
set -euo pipefail
hours="${1:-1}"
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
payload=$(printf '{"sub":"service","role":"service_role","iat":%d,"exp":%d}' "$now" "$exp" | b64url)
signature=$(printf '%s.%s' "$header" "$payload" | openssl dgst -sha256 -hmac "$secret" -binary | b64url)
echo "$header.$payload.$signature"
