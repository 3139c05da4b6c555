# quotedb API image: dependencies from the hash-pinned lock, gunicorn, non-root, migrations on start.
# The base is a build argument so that an image can be built where registries are out of reach
# (make docker-smoke builds its own Debian base with debootstrap).
ARG BASE_IMAGE=python:3.11-slim-bookworm

FROM ${BASE_IMAGE} AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1 PYTHONDONTWRITEBYTECODE=1
WORKDIR /src
RUN python3 -m venv /opt/venv && /opt/venv/bin/python -m pip install --quiet --upgrade pip
COPY requirements.lock ./
RUN /opt/venv/bin/python -m pip install --quiet --require-hashes -r requirements.lock
COPY pyproject.toml README.md ./
COPY service ./service
RUN /opt/venv/bin/python -m pip install --quiet --no-deps . && /opt/venv/bin/python -m compileall -q /opt/venv

FROM ${BASE_IMAGE}
RUN useradd --system --uid 10001 --user-group --home-dir /app --no-create-home quotedb \
    && mkdir -p /app/instance && chown quotedb:quotedb /app/instance
COPY --from=build /opt/venv /opt/venv
COPY migrations /app/migrations
COPY seed /app/seed
COPY docker/entrypoint.sh /app/entrypoint.sh
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    QUOTEDB_ENV=production \
    QUOTEDB_MIGRATIONS=/app/migrations \
    QUOTEDB_INSTANCE_PATH=/app/instance
WORKDIR /app
USER quotedb
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python3", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=4)"]
ENTRYPOINT ["/app/entrypoint.sh"]
# The buffering threaded worker (service/http/buffering_worker.py): slow clients wait in its event loop, not in a thread.
# No control socket: gunicorn's default is in $HOME (/app), which the user cannot write ("Control server error").
CMD ["gunicorn", "--bind", "0.0.0.0:8000", "--workers", "2", "--worker-class", "service.http.buffering_worker.BufferingWorker", \
     "--threads", "4", "--timeout", "120", "--limit-request-line", "0", "--no-control-socket", "service.wsgi:app"]
