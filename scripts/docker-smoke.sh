#!/usr/bin/env bash
# Build the unchanged Dockerfile with podman on a Debian base made here with debootstrap (base images
# cannot be pulled on these machines), run it, load the seeds, query the API through the published
# port, and clean up. Needs root (apt-get, debootstrap). Prints the elapsed time of each step.
set -euo pipefail
cd "$(dirname "$0")/.."

. scripts/podman-base.sh

IMAGE=localhost/quotedb:smoke
NAME=quotedb-smoke-$$
PORT=${SMOKE_PORT:-18080}
TOKEN=smoke-token-$(date +%s%N)
RUN_OPTS=(--runtime runc "${PODMAN_ULIMITS[@]/#/--ulimit=}")

cleanup() {
    podman rm -f "$NAME" >/dev/null 2>&1 || true
    remove_base_rootfs
}
trap cleanup EXIT

install_podman
build_base

step "building $IMAGE from the Dockerfile"
podman build --format docker "${RUN_OPTS[@]}" \
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
