#!/usr/bin/env bash
# Build the unchanged Dockerfile with podman on a Debian base made here with debootstrap (base images
# cannot be pulled on these machines), run it, load the seeds, query the API through the published
# port, and clean up. Needs root (apt-get, debootstrap). Prints the elapsed time of each step.
set -euo pipefail
cd "$(dirname "$0")/.."

BASE=localhost/quotedb-base:bookworm-ca
IMAGE=localhost/quotedb:smoke
NAME=quotedb-smoke-$$
PORT=${SMOKE_PORT:-18080}
TOKEN=smoke-token-$(date +%s%N)
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
RUN_OPTS=(--runtime runc --ulimit nofile=1024:1024 --ulimit nproc=1024:1024)
started=$SECONDS
step() { echo "[$((SECONDS - started))s] $*"; }

cleanup() {
    podman rm -f "$NAME" >/dev/null 2>&1 || true
    if [ -n "${ROOTFS:-}" ]; then rm -rf "$ROOTFS"; fi
}
trap cleanup EXIT

if ! command -v podman >/dev/null || ! command -v debootstrap >/dev/null || ! command -v runc >/dev/null; then
    step "installing podman, buildah, runc, debootstrap"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq podman buildah runc debootstrap uidmap slirp4netns \
        fuse-overlayfs >/dev/null
fi

if ! podman image exists "$BASE"; then
    step "building the base image with debootstrap (Debian bookworm, python3)"
    ROOTFS=$(mktemp -d)
    debootstrap --variant=minbase --include=python3,python3-venv,ca-certificates bookworm "$ROOTFS" "$MIRROR" >/dev/null
    # this machine reaches PyPI through an egress proxy with its own CA: the local base trusts what the host trusts
    if compgen -G "/usr/local/share/ca-certificates/*.crt" >/dev/null; then
        cp /usr/local/share/ca-certificates/*.crt "$ROOTFS/usr/local/share/ca-certificates/"
        chroot "$ROOTFS" update-ca-certificates >/dev/null
    fi
    rm -rf "$ROOTFS"/var/cache/apt/archives/*.deb "$ROOTFS"/var/lib/apt/lists/*
    tar -C "$ROOTFS" -c . | podman import --change 'CMD ["/bin/sh"]' \
        --change 'ENV PIP_CERT=/etc/ssl/certs/ca-certificates.crt' \
        --change 'ENV SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt' \
        - "$BASE" >/dev/null
    rm -rf "$ROOTFS"; ROOTFS=
fi

step "building $IMAGE from the Dockerfile"
podman build --format docker --runtime runc --ulimit nofile=1024:1024 --ulimit nproc=1024:1024 \
    --build-arg BASE_IMAGE="$BASE" -t "$IMAGE" . >/tmp/quotedb-smoke-build.log 2>&1 \
    || { tail -30 /tmp/quotedb-smoke-build.log; exit 1; }

step "starting the container on 127.0.0.1:$PORT"
podman run -d --name "$NAME" "${RUN_OPTS[@]}" -p "127.0.0.1:$PORT:8000" -e QUOTEDB_API_TOKEN="$TOKEN" "$IMAGE" >/dev/null
for _ in $(seq 60); do
    curl -fsS "http://127.0.0.1:$PORT/ready" >/dev/null 2>&1 && break
    sleep 2
done
curl -fsS "http://127.0.0.1:$PORT/ready"; echo

step "loading the seeds inside the container"
podman exec "$NAME" quotedb load --quiet /app/seed

step "querying the API through the published port"
body=$(curl -fsS "http://127.0.0.1:$PORT/api/v1/quotes?speaker=Mr%20Derbeiko")
total=$(printf '%s' "$body" | python3 -c 'import json,sys; print(json.load(sys.stdin)["pagination"]["total"])')
user=$(podman exec "$NAME" id -un)
health=$(podman healthcheck run "$NAME" >/dev/null 2>&1 && echo healthy || echo unhealthy)
echo "quotes by Mr Derbeiko: $total; container user: $user; healthcheck: $health"
[ "$total" = 6 ] && [ "$user" = quotedb ] && [ "$health" = healthy ] || { echo "docker-smoke: FAILED"; podman logs "$NAME" | tail -20; exit 1; }
step "docker-smoke: passed"
