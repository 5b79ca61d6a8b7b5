#!/usr/bin/env bash
# Builds local/postgres:test, the PostgreSQL image the storage tests run through Testcontainers, on a machine
# that can run a Docker engine but cannot pull images (DESIGN section 9): the base image is bootstrapped from
# the machine's own Debian mirror, so nothing comes from an image registry.
#
# Usage (as root):  eval "$(deploy/postgres-test-image/build.sh)"
# Everything it says goes to stderr; stdout carries only the exports the tests need.
# Idempotent: an engine that answers, an existing base image and an up-to-date image are reused.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SUITE="bookworm"
BASE_IMAGE="${POSTGRES_TEST_BASE_IMAGE:-local/debian:$SUITE}"
IMAGE="${POSTGRES_TEST_IMAGE:-local/postgres:test}"
# Debian 12's docker.io (20.10) speaks API 1.41; newer clients and Testcontainers ask for more unless told.
export DOCKER_API_VERSION="${DOCKER_API_VERSION:-1.41}"

log() { echo "[postgres-test-image +${SECONDS}s] $*" >&2; }
die() { log "error: $*"; exit 1; }

[ "$(id -u)" = 0 ] || die "run as root (installs packages, starts dockerd, runs debootstrap)"

ensure_tools() {
    local missing=()
    command -v docker >/dev/null 2>&1 || missing+=(docker.io)
    command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
    command -v debootstrap >/dev/null 2>&1 || missing+=(debootstrap)
    if [ "${#missing[@]}" -gt 0 ]; then
        log "installing ${missing[*]}"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq >&2
        apt-get install -y -qq --no-install-recommends $(printf '%s\n' "${missing[@]}" | sort -u) >&2
    fi
}

start_engine() {
    if docker info >/dev/null 2>&1; then
        log "docker engine already answers"
        return
    fi
    local logfile
    logfile="$(mktemp "${TMPDIR:-/tmp}/dockerd.XXXXXX.log")"
    # DOCKERD_FLAGS lets a sandbox that lacks iptables or overlayfs ask for e.g.
    # "--iptables=false --storage-driver=vfs"; the defaults work where the kernel allows them.
    log "starting dockerd ${DOCKERD_FLAGS:-} (log: $logfile)"
    # shellcheck disable=SC2086
    nohup dockerd ${DOCKERD_FLAGS:-} >"$logfile" 2>&1 &
    local pid=$!
    for _ in $(seq 1 60); do
        if docker info >/dev/null 2>&1; then
            log "docker engine up (pid $pid)"
            return
        fi
        if ! kill -0 "$pid" 2>/dev/null; then
            tail -n 20 "$logfile" >&2 || true
            if [ -z "${DOCKERD_FLAGS:-}" ]; then
                # Retry once with the settings that work without iptables and overlayfs.
                log "dockerd exited; retrying with --iptables=false --storage-driver=vfs"
                DOCKERD_FLAGS="--iptables=false --ip6tables=false --storage-driver=vfs" start_engine
                return
            fi
            die "dockerd exited; see $logfile"
        fi
        sleep 1
    done
    die "dockerd did not answer within 60 s; see $logfile"
}

# The Debian mirror this machine's apt already uses (deb822 .sources or one-line sources.list);
# read at run time so that no host name is written into the repository.
debian_mirror() {
    local files=() f
    for f in /etc/apt/sources.list.d/*.sources /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
        [ -f "$f" ] && files+=("$f")
    done
    [ "${#files[@]}" -gt 0 ] || return 1
    awk -v suite="$SUITE" '
        function pick(uri) { if (uri !~ /security/ && uri ~ /\/debian\/?$/) { print uri; exit } }
        # deb822: blank line ends a stanza; take URIs of a stanza whose Suites include the plain suite.
        /^[[:space:]]*$/ { if (uris != "" && suites ~ ("(^| )" suite "( |$)")) { n = split(uris, u, " "); for (i = 1; i <= n; i++) pick(u[i]) } uris = ""; suites = ""; next }
        /^URIs:/   { sub(/^URIs:[[:space:]]*/, ""); uris = $0; next }
        /^Suites:/ { sub(/^Suites:[[:space:]]*/, ""); suites = $0; next }
        # one-line format: deb [options] URI suite components...
        /^deb[[:space:]]/ {
            line = $0; sub(/^deb[[:space:]]+(\[[^]]*\][[:space:]]+)?/, "", line)
            split(line, w, /[[:space:]]+/); if (w[2] == suite) pick(w[1]); next
        }
        END { if (uris != "" && suites ~ ("(^| )" suite "( |$)")) { n = split(uris, u, " "); for (i = 1; i <= n; i++) pick(u[i]) } }
    ' "${files[@]}" | head -n 1
}

ensure_base_image() {
    if docker image inspect "$BASE_IMAGE" >/dev/null 2>&1; then
        log "$BASE_IMAGE present"
        return
    fi
    local mirror rootfs
    mirror="$(debian_mirror)" || true
    [ -n "$mirror" ] || die "no Debian mirror for $SUITE found in the apt sources"
    rootfs="$(mktemp -d "${TMPDIR:-/tmp}/debian-rootfs.XXXXXX")"
    # mktemp makes the directory 0700, and tar records it as the image's "/": under the vfs storage driver
    # (no overlay mount to mask it) no user but root could then reach /usr/lib, and postgres dies at once.
    chmod 0755 "$rootfs"
    log "debootstrap --variant=minbase $SUITE from the machine's apt mirror"
    debootstrap --variant=minbase "$SUITE" "$rootfs" "$mirror" >&2
    # A Docker image needs no apt caches or package lists; they are fetched again in the Dockerfile.
    rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
    tar -C "$rootfs" -c . | docker import - "$BASE_IMAGE" >&2
    rm -rf "$rootfs"
    log "imported $BASE_IMAGE"
}

build_image() {
    log "docker build -t $IMAGE"
    # Host networking: the build reaches the mirror the way the host does, even with no NAT for docker0.
    # The legacy builder keeps this working with the 20.10 engine and without buildx.
    DOCKER_BUILDKIT=0 docker build --network host --build-arg "BASE_IMAGE=$BASE_IMAGE" -t "$IMAGE" "$HERE" >&2
}

# A container on the default bridge, as Testcontainers starts it: fails here, with the engine's reason,
# rather than in every test (e.g. when something removed the docker0 bridge under a running engine).
smoke_test() {
    if ! docker run --rm --entrypoint /bin/sh "$IMAGE" -c 'setpriv --reuid=postgres --regid=postgres --clear-groups postgres --version' >&2; then
        die "a container of $IMAGE does not start on this engine; see the error above"
    fi
}

started=$SECONDS
ensure_tools
start_engine
ensure_base_image
build_image
smoke_test
log "done in $((SECONDS - started)) s"

cat <<EXPORTS
export DOCKER_API_VERSION=1.41
export TESTCONTAINERS_RYUK_DISABLED=true
export TESTCONTAINERS_HOST_OVERRIDE=127.0.0.1
export JOURNALGATEWAY_POSTGRES_IMAGE=$IMAGE
EXPORTS
