"""A short-lived cache of GET responses, with ETag and Cache-Control for clients and proxies.

Entries are kept by Flask-Caching: in Redis when QUOTEDB_REDIS_URL is set, so every process shares them,
in each process's memory otherwise. Every entry records the generation number it was made in, a counter
kept in the same store; any successful write (an API POST, an article a job stored, or a load from the
command line with the same QUOTEDB_REDIS_URL) moves it on, so no process serves a read older than a write. A
read fetches the counter and the entry in one round trip. Entries live QUOTEDB_CACHE_SECONDS (0 turns the
cache off); a job's state is never cached. If the store stops answering, reads go to the database as if nothing
were cached, and it is logged.
"""
import logging
import time

from flask import Flask, current_app, g, request
from redis.exceptions import RedisError

from ..extensions import cache
from ..jobs import article_stored

CACHED_PREFIX = "/api/v1/"
NEVER_CACHED = "/api/v1/jobs/"  # a job's state changes outside any request: a client polling it must see it now
GENERATION = "generation"
STORE_ERRORS = (RedisError, OSError)  # what a store that stopped answering raises
log = logging.getLogger(__name__)
_last_warning = 0.0


def _enabled() -> bool:
    return bool(current_app.config.get("QUOTEDB_CACHE_SECONDS"))


def _cacheable() -> bool:
    return (request.method in ("GET", "HEAD") and request.path.startswith(CACHED_PREFIX)
            and not request.path.startswith(NEVER_CACHED))


def _store_down(error: Exception) -> None:
    global _last_warning
    if time.monotonic() - _last_warning > 60:  # once a minute, not once a request
        _last_warning = time.monotonic()
        log.warning("response cache unavailable, serving from the database: %s", error)


def new_generation() -> None:
    """Every cached read is stale from now on, in every process that shares the store."""
    try:
        generation = cache.cache.inc(GENERATION)  # the store's own atomic increment (INCR on Redis, no expiry)
        if not current_app.config.get("QUOTEDB_REDIS_URL"):
            cache.set(GENERATION, generation, timeout=0)  # in memory, inc() would give it the entries' lifetime
    except STORE_ERRORS as error:
        _store_down(error)


def _serve_cached():
    if not _enabled() or not _cacheable():
        return None
    try:  # one round trip: the generation and the entry together (MGET on Redis)
        generation, entry = cache.get_many(GENERATION, request.url)
    except STORE_ERRORS as error:
        _store_down(error)
        return None
    g.cache_generation = generation or 0
    if entry is None or entry[0] != g.cache_generation:
        return None  # never cached, or cached before the latest write
    g.cache_hit = True
    _, body, headers = entry
    response = current_app.response_class(body, status=200, headers=headers)
    return response.make_conditional(request)


def _store(response):
    if not _enabled() or g.get("cache_hit"):
        return response
    if request.method not in ("GET", "HEAD", "OPTIONS") and response.status_code < 400:
        new_generation()
    elif _cacheable() and response.status_code == 200 and not response.is_streamed and "cache_generation" in g:
        response.add_etag()
        response.headers["Cache-Control"] = f"public, max-age={current_app.config['QUOTEDB_CACHE_SECONDS']}"
        headers = {k: v for k, v in response.headers.items() if not k.startswith("RateLimit") and k != "X-Request-ID"}
        try:
            cache.set(request.url, (g.cache_generation, response.get_data(), headers))
        except STORE_ERRORS as error:
            _store_down(error)
        response = response.make_conditional(request)
    return response


def install_response_cache(app: Flask, redis_url: str | None) -> None:
    seconds = app.config.get("QUOTEDB_CACHE_SECONDS") or 0
    cache.init_app(app, config={
        "CACHE_TYPE": "RedisCache" if redis_url else "SimpleCache",
        "CACHE_REDIS_URL": redis_url,
        "CACHE_KEY_PREFIX": app.config["QUOTEDB_REDIS_PREFIX"] + "response:",
        "CACHE_DEFAULT_TIMEOUT": seconds,
        "CACHE_THRESHOLD": app.config["QUOTEDB_CACHE_ENTRIES"],
    })
    app.before_request(_serve_cached)
    app.after_request(_store)
    article_stored.connect(_article_stored, sender=app)


def _article_stored(app: Flask) -> None:
    """A job's article was stored (by a worker, or the serving process's own thread): a write like any other."""
    if app.config.get("QUOTEDB_CACHE_SECONDS"):
        new_generation()
