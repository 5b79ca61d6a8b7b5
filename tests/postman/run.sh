#!/usr/bin/env bash
# Runs the Postman collection with newman against a gateway that is already running (CI starts it; this script
# does not). Exits non-zero when the gateway never gets ready or any request or assertion fails.
#
# Environment:
#   BASE_URL                  gateway base URL                    (default http://localhost:8080)
#   STORE_URL                 development regional store base URL (default http://localhost:8081)
#   POSTMAN_EXCLUDE_FOLDERS   top-level folders to leave out, comma-separated (default "Access (SVOD)";
#                             set it to the empty string to run every folder)
#   READY_TIMEOUT_SECONDS     how long to wait for $BASE_URL/healthz/ready (default 120)
#   POSTMAN_RESULTS_DIR       where the JUnit report goes (default tests/postman/results, git-ignored)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
collection="$here/JournalGateway.postman_collection.json"
environment="$here/local.postman_environment.json"
base_url="${BASE_URL:-http://localhost:8080}"
store_url="${STORE_URL:-http://localhost:8081}"
exclude="${POSTMAN_EXCLUDE_FOLDERS-Access (SVOD)}"
ready_timeout="${READY_TIMEOUT_SECONDS:-120}"
results="${POSTMAN_RESULTS_DIR:-$here/results}"

command -v node >/dev/null || { echo "run.sh: node is required (Node.js 16 or later)" >&2; exit 2; }

# newman, pinned in package.json / package-lock.json, installed locally on first use.
newman="$here/node_modules/.bin/newman"
if [[ ! -x "$newman" ]]; then
    echo "run.sh: installing newman into tests/postman/node_modules"
    (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
fi

# Wait for readiness; node's fetch, so that curl is not needed.
echo "run.sh: waiting up to ${ready_timeout}s for $base_url/healthz/ready"
if ! node -e '
    const [url, seconds] = [process.argv[1], Number(process.argv[2])];
    const deadline = Date.now() + seconds * 1000;
    (async function poll() {
        try {
            const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
            if (res.status === 200) { process.exit(0); }
        } catch (e) { /* not listening yet */ }
        if (Date.now() > deadline) { process.exit(1); }
        setTimeout(poll, 1000);
    })();' "$base_url/healthz/ready" "$ready_timeout"; then
    echo "run.sh: $base_url/healthz/ready did not answer 200 within ${ready_timeout}s" >&2
    exit 1
fi

# newman has --folder to include, not to exclude: pass every top-level folder not excluded, in collection order.
folder_list=$(node -e '
    const collection = require(process.argv[1]);
    const excluded = new Set(process.argv[2].split(",").map(s => s.trim()).filter(Boolean));
    const unknown = [...excluded].filter(n => !collection.item.some(i => i.name === n));
    if (unknown.length) { console.error("run.sh: no such folder to exclude: " + unknown.join(", ")); process.exit(2); }
    collection.item.filter(i => !excluded.has(i.name)).forEach(i => console.log(i.name));' "$collection" "$exclude") || exit 2
folders=()
[[ -n "$folder_list" ]] && mapfile -t folders <<< "$folder_list"
if [[ ${#folders[@]} -eq 0 ]]; then
    echo "run.sh: every folder is excluded (POSTMAN_EXCLUDE_FOLDERS='$exclude')" >&2
    exit 2
fi
folder_args=()
for name in "${folders[@]}"; do folder_args+=(--folder "$name"); done
echo "run.sh: running folders: $(IFS=','; echo "${folders[*]}")"

# Whatever happens, leave no fault switched on in the regional store.
clear_faults() {
    node -e 'fetch(process.argv[1], { method: "DELETE", signal: AbortSignal.timeout(5000) }).catch(() => {})' \
        "$store_url/admin/faults" || true
}
trap clear_faults EXIT

mkdir -p "$results"
"$newman" run "$collection" \
    --environment "$environment" \
    --env-var "baseUrl=$base_url" \
    --env-var "storeUrl=$store_url" \
    "${folder_args[@]}" \
    --reporters cli,junit \
    --reporter-junit-export "$results/newman-junit.xml" \
    --timeout-request 30000
