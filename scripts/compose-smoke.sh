#!/usr/bin/env bash
# A manual smoke of the real docker-compose.yml (root, a few minutes; not in the test suite or CI): podman-compose
# brings it up with `--scale worker=N`, the `load` service runs a queued load (`quotedb load --queue --wait`) of
# the seeds and a small JSON Lines archive, the API's published port shows the articles, the quotes and the
# load, and every worker's log shows batches it took; then everything the run made is removed.
# No image can be pulled on these machines: python:3.11-slim-bookworm, postgres:16-bookworm and
# redis:7-bookworm are stood in for by images built here (the debootstrap base, Debian's PostgreSQL 15 and
# Redis 7.0: docker/standins/), tagged with those names for the run only. Prints each step's elapsed time.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/podman-base.sh
exec 9>/run/lock/quotedb-compose-smoke.lock  # one run at a time: a second one's cleanup would end the first's
flock -n 9 || { echo "compose-smoke: another run is going on"; exit 1; }

WORKERS=${SMOKE_WORKERS:-2}
PROJECT=quotedb-compose-smoke
PODMAN_COMPOSE=podman-compose==1.6.0  # Debian's 1.0.3 parses --scale and ignores it
COMPOSE_VENV=/var/tmp/quotedb-${PODMAN_COMPOSE/==/-}
POSTGRES_STANDIN=localhost/quotedb-standin-postgres:15
REDIS_STANDIN=localhost/quotedb-standin-redis:7.0
# names the compose file and the Dockerfile use -> what stands in for them here
declare -A STANDINS=(
    [docker.io/library/python:3.11-slim-bookworm]=$BASE
    [docker.io/library/postgres:16-bookworm]=$POSTGRES_STANDIN
    [docker.io/library/redis:7-bookworm]=$REDIS_STANDIN
)
export QUOTEDB_API_TOKEN=smoke-token-$(date +%s%N)
# podman-compose gives every replica the same `-p`, and podman refuses a host range for one port ("host and
# container port ranges have different lengths: 2 vs 1"): each replica takes a free port on 127.0.0.1
export QUOTEDB_API_PORTS=127.0.0.1:
QUOTEDB_ARCHIVES=$(mktemp -d)
CONTAINERS_CONF=$(mktemp --suffix=.conf)
export QUOTEDB_ARCHIVES CONTAINERS_CONF
printf '[containers]\ndefault_ulimits = [%s]\n' "$(printf '"%s", ' "${PODMAN_ULIMITS[@]}")" >"$CONTAINERS_CONF"

compose() { "$COMPOSE_VENV/bin/podman-compose" -p "$PROJECT" "$@"; }
containers_of() {  # the running containers of a service, by name
    podman ps --filter "label=com.docker.compose.project=$PROJECT" --filter "label=com.docker.compose.service=$1" \
        --format '{{.Names}}' | sort
}

leftovers() {  # what of this project podman still holds
    podman ps -aq --filter "label=com.docker.compose.project=$PROJECT"
    podman volume ls -q --filter "label=com.docker.compose.project=$PROJECT"
    podman network ls -q --filter "label=com.docker.compose.project=$PROJECT"
    podman pod ls -q --filter "name=pod_$PROJECT"
}

cleanup() {
    compose --profile load down --volumes >/dev/null 2>&1 || true
    # podman-compose down stops the replicas the file asks for, not the ones --scale added; the pod holds them all
    podman pod rm -f "pod_$PROJECT" >/dev/null 2>&1 || true
    podman volume ls -q --filter "label=com.docker.compose.project=$PROJECT" | xargs -r podman volume rm -f >/dev/null
    podman network ls -q --filter "label=com.docker.compose.project=$PROJECT" | xargs -r podman network rm -f >/dev/null
    for name in "${!STANDINS[@]}"; do podman untag "${STANDINS[$name]}" "$name" 2>/dev/null || true; done
}
trap 'cleanup; rm -rf "$QUOTEDB_ARCHIVES" "$CONTAINERS_CONF"; remove_base_rootfs' EXIT

install_podman
if [ ! -x "$COMPOSE_VENV/bin/podman-compose" ]; then
    step "installing $PODMAN_COMPOSE from PyPI into $COMPOSE_VENV"
    python3 -m venv "$COMPOSE_VENV"
    "$COMPOSE_VENV/bin/pip" install --quiet "$PODMAN_COMPOSE" >/dev/null 2>&1
fi
build_base
echo "$("$COMPOSE_VENV/bin/podman-compose" version 2>/dev/null | paste -sd ' ')"

step "building the stand-ins for postgres:16-bookworm and redis:7-bookworm from Debian packages"
for standin in "postgres $POSTGRES_STANDIN" "redis $REDIS_STANDIN"; do
    set -- $standin
    podman build --format docker --build-arg BASE_IMAGE="$BASE" -f "docker/standins/$1.Containerfile" -t "$2" \
        docker/standins >/tmp/quotedb-compose-smoke-build.log 2>&1 \
        || { tail -30 /tmp/quotedb-compose-smoke-build.log; exit 1; }
done
for name in "${!STANDINS[@]}"; do podman tag "${STANDINS[$name]}" "$name"; done

step "writing the archives: the seeds and a JSON Lines archive of 6 articles"
cp seed/* "$QUOTEDB_ARCHIVES"/
python3 - "$QUOTEDB_ARCHIVES/smoke.jsonl" <<'PY'
import json, sys

people = ["Ann Lee", "Omar Haddad", "Grace Kim", "Luis Ortega", "Priya Nair", "Tom Berg"]
with open(sys.argv[1], "w") as out:
    for n, name in enumerate(people, 1):
        text = (
            f"The council of Smoketown met on Monday to vote on plan number {n}.\n\n"
            f'"We have waited long enough for plan {n}, and the town is ready," said {name}, who chairs '
            f"the works committee.\n\n{name} added that building would start in the spring."
        )
        article = {"id": f"smoke-{n}", "title": f"Smoketown votes on plan {n}", "text": text,
                   "url": f"https://smoke.example/plans/{n}", "published_at": "2026-12-01",
                   "publisher": "Smoketown Gazette"}
        out.write(json.dumps(article) + "\n")
PY
chmod -R a+rX "$QUOTEDB_ARCHIVES"  # the image runs as an unprivileged user
articles=$(($(find "$QUOTEDB_ARCHIVES" -name '*.txt' | wc -l) + 6))

step "building the project's image for api, worker and load (podman-compose build, one service at a time)"
# all at once, podman-compose runs a build per container (api's replicas too) in parallel, none using the cache
for service in api worker load; do
    compose --profile load build "$service" >/tmp/quotedb-compose-smoke-build.log 2>&1 \
        || { tail -30 /tmp/quotedb-compose-smoke-build.log; exit 1; }
done

step "podman-compose up -d --scale worker=$WORKERS"
compose up -d --scale worker="$WORKERS" >/tmp/quotedb-compose-smoke-up.log 2>&1 \
    || { tail -30 /tmp/quotedb-compose-smoke-up.log; exit 1; }
podman ps --filter "label=com.docker.compose.project=$PROJECT" --format '{{.Names}}\t{{.Status}}\t{{.Ports}}'
workers=$(containers_of worker)
# podman-compose 1.6 gives every service --scale does not name one container, deploy.replicas or not
echo "workers: $(echo "$workers" | wc -l); api replicas: $(containers_of api | wc -l) (Docker Compose keeps 2)"
api_ports=$(for api in $(containers_of api); do podman port "$api" 8000; done)
for address in $api_ports; do
    for _ in $(seq 90); do
        curl -fsS "http://$address/ready" >/dev/null 2>&1 && break
        sleep 2
    done
    echo "$address/ready: $(curl -fsS "http://$address/ready")"
done
first=$(echo "$api_ports" | head -1)
for worker in $workers; do  # the model loaded: a worker still loading it would take no batch of a quick load
    for _ in $(seq 90); do
        podman logs "$worker" 2>&1 | grep -q "Listening on" && break
        sleep 2
    done
    echo "$worker: $(podman logs "$worker" 2>&1 | grep -m1 "Listening on")"
done

step "podman-compose run --rm load quotedb load --queue --wait --batch 1 /archives ($articles articles)"
compose --profile load run --rm -T load quotedb load --queue --wait --quiet --batch 1 /archives \
    | tee /tmp/quotedb-compose-smoke-load.log
load_id=$(sed -n 's/^load \([0-9a-f]\{32\}\).*/\1/p' /tmp/quotedb-compose-smoke-load.log)

step "checking through the API ($first) and the workers' logs"
api() { curl -fsS "http://$first$1"; }
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
load=$(api "/api/v1/loads/$load_id")
echo "GET /api/v1/loads/$load_id: $(printf '%s' "$load" | json 'd["status"], d["batches"], d["summary"]')"
stored=$(api "/api/v1/articles" | json 'd["pagination"]["total"]')
derbeiko=$(api "/api/v1/quotes?speaker=Mr%20Derbeiko" | json 'd["pagination"]["total"]')
ann_lee=$(api "/api/v1/quotes?speaker=Ann%20Lee" | json 'd["pagination"]["total"]')
echo "articles stored: $stored of $articles; quotes by Mr Derbeiko (a seed): $derbeiko; by Ann Lee (smoke.jsonl): $ann_lee"
ok=true
[ "$(printf '%s' "$load" | json 'd["status"]')" = done ] && [ "$stored" = "$articles" ] \
    && [ "$derbeiko" = 6 ] && [ "$ann_lee" -ge 1 ] || ok=false
[ "$(echo "$workers" | wc -l)" = "$WORKERS" ] || ok=false
for worker in $workers; do
    took=$(podman logs "$worker" 2>&1 | grep -c "Job OK (load-$load_id-" || true)
    echo "$worker took $took batches"
    [ "$took" -ge 1 ] || ok=false
done
if ! $ok; then
    echo "compose-smoke: FAILED"
    for container in $(containers_of api) $workers; do echo "== $container"; podman logs --tail 15 "$container"; done
    exit 1
fi
step "tearing down"
cleanup
left=$(leftovers | wc -l)
echo "containers, volumes, networks and pods of $PROJECT left: $left"
[ "$left" = 0 ] || { echo "compose-smoke: FAILED to clean up"; exit 1; }
step "compose-smoke: passed"
