"""Configuration, read from the environment only (see README and .env.example)."""

import os


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise RuntimeError(f"{name} must be a whole number, not {raw!r}") from None


def from_environment(instance_path: str) -> dict:
    database_url = (
        os.environ.get("DATABASE_URL") or f"sqlite:///{os.path.join(instance_path, 'quotedb.sqlite3')}"
    )
    if database_url.startswith("postgres://"):
        database_url = "postgresql+psycopg://" + database_url.removeprefix("postgres://")
    elif database_url.startswith("postgresql://"):
        database_url = "postgresql+psycopg://" + database_url.removeprefix("postgresql://")
    return {
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "QUOTEDB_ENV": os.environ.get("QUOTEDB_ENV", "development"),
        "QUOTEDB_API_TOKEN": os.environ.get("QUOTEDB_API_TOKEN") or None,
        "QUOTEDB_RATE_LIMIT": os.environ.get("QUOTEDB_RATE_LIMIT", "600/minute"),
        # a request with a valid token (a reader's or above) is counted by token, against this budget
        "QUOTEDB_TOKEN_RATE_LIMIT": os.environ.get("QUOTEDB_TOKEN_RATE_LIMIT", "6000/minute"),
        "QUOTEDB_MAX_PER_PAGE": _int("QUOTEDB_MAX_PER_PAGE", 100),
        "QUOTEDB_COUNT_CAP": _int("QUOTEDB_COUNT_CAP", 10_000),
        "QUOTEDB_CACHE_SECONDS": _int("QUOTEDB_CACHE_SECONDS", 5),
        "QUOTEDB_CACHE_ENTRIES": _int("QUOTEDB_CACHE_ENTRIES", 2000),
        "QUOTEDB_REDIS_URL": os.environ.get("QUOTEDB_REDIS_URL") or None,
        "QUOTEDB_REDIS_PREFIX": os.environ.get("QUOTEDB_REDIS_PREFIX") or "quotedb:",
        "MAX_CONTENT_LENGTH": _int("QUOTEDB_MAX_BODY_BYTES", 2 * 1024 * 1024),
        "SECRET_KEY": os.environ.get("SECRET_KEY") or None,
        "API_TITLE": "quotedb",
        "API_VERSION": "v1",
        "OPENAPI_VERSION": "3.0.3",
        "OPENAPI_URL_PREFIX": "/api/v1",
        "OPENAPI_JSON_PATH": "openapi.json",
        "OPENAPI_SWAGGER_UI_PATH": "/docs",
        "OPENAPI_SWAGGER_UI_URL": "/api/v1/docs/assets/",  # served from swagger-ui-bundle: no CDN
        "API_SPEC_OPTIONS": {
            "info": {
                "description": "Who said what, to whom, and where: quotations extracted from news articles, "
                "with their speakers and the outlets they spoke to."
            },
            "components": {"securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer"}}},
        },
    }


def engine_options(database_url: str, options: dict) -> dict:
    if database_url.startswith("sqlite"):
        # wait for a concurrent writer (another loader) instead of failing at once
        return {**options, "connect_args": {"timeout": 30, **options.get("connect_args", {})}}
    if database_url.startswith("postgresql"):
        # Planning a page of quotations (five joins) cost more than running it: 0.87 ms against 0.17 ms at 1M
        # quotes. Every query here writes its joins in the order to run them (the page's ids first, then each
        # row's article, speaker and outlets by key), so the planner keeps that order instead of searching.
        # Dates come back in UTC whatever the server's TimeZone: a stored day near 9999-12-31 read in a zone
        # east
        # of UTC would be past what Python can represent (sources/sanitize.py).
        planner = "-c join_collapse_limit=1 -c timezone=UTC"
        connect_args = options.get("connect_args", {})
        return {
            **options,
            "connect_args": {
                **connect_args,
                "options": f"{planner} {connect_args.get('options', '')}".strip(),
            },
        }
    return options
