#!/usr/bin/env bash
# Mints an HS256 JWT that a gateway started with Authentication__SigningKeys__0=<the same key> accepts: for trying
# the compose stack, where the development issuer (/dev/token) is off. Not for production, where a real identity
# provider issues tokens.
#
#   JG_SIGNING_KEY=... deploy/mint-token.sh SE2120002080-P001 SE2120002080-E001 SE2120002080-0001 vardgivare \
#       "user/Composition.crs user/Consent.cru user/AuditEvent.rs user/DocumentReference.crs" [lifetime-seconds]
set -euo pipefail
if [[ $# -lt 5 ]]; then
    echo "usage: JG_SIGNING_KEY=<base64> $0 SUB CARE_UNIT CARE_PROVIDER PROVIDER_KIND SCOPE [LIFETIME_SECONDS]" >&2
    exit 2
fi
: "${JG_SIGNING_KEY:?set JG_SIGNING_KEY (the base64 key the gateway validates with)}"
issuer="${JG_TOKEN_ISSUER:-https://journalgateway.local/dev-issuer}"
audience="${JG_TOKEN_AUDIENCE:-journalgateway}"
now=$(date +%s)
exp=$((now + ${6:-3600}))

b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
json_string() { printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g'; }

header=$(printf '{"alg":"HS256","typ":"JWT"}' | b64url)
payload=$(printf '{"iss":"%s","aud":"%s","iat":%d,"nbf":%d,"exp":%d,"sub":"%s","care_unit":"%s","care_provider":"%s","provider_kind":"%s","scope":"%s"}' \
    "$(json_string "$issuer")" "$(json_string "$audience")" "$now" "$now" "$exp" \
    "$(json_string "$1")" "$(json_string "$2")" "$(json_string "$3")" "$(json_string "$4")" "$(json_string "$5")" | b64url)
key_hex=$(printf '%s' "$JG_SIGNING_KEY" | openssl base64 -d -A | od -An -vtx1 | tr -d ' \n')
signature=$(printf '%s.%s' "$header" "$payload" | openssl dgst -sha256 -mac HMAC -macopt "hexkey:$key_hex" -binary | b64url)
printf '%s.%s.%s\n' "$header" "$payload" "$signature"
