#!/bin/sh
# Apply migrations, retrying until the database answers, then run the command (gunicorn by default).
set -eu
tries=${QUOTEDB_MIGRATE_TRIES:-30}
n=1
until quotedb db upgrade; do
    if [ "$n" -ge "$tries" ]; then
        echo "entrypoint: migrations still failing after $tries tries (the errors are above); giving up" >&2
        exit 1
    fi
    echo "entrypoint: migration attempt $n failed; retrying in 2s" >&2
    n=$((n + 1))
    sleep 2
done
exec "$@"
