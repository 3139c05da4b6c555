"""A short-lived cache of GET responses, with ETag and Cache-Control for clients and proxies.

Entries are kept by Flask-Caching: in Redis when QUOTEDB_REDIS_URL is set, so every process shares them,
in each process's memory otherwise. Every entry records the generation number it was made in, a counter
kept in the same store; the store's one notice of new articles (store/notices.py: an API POST, an article a
job stored, a load from the command line with the same QUOTEDB_REDIS_URL) moves it on, so no process serves a
read older than a write.

With Redis, each process also keeps a copy of the entries it served lately (a cachelib SimpleCache of
QUOTEDB_CACHE_ENTRIES), and learns of every new generation from a subscription (cache_generation.py): a repeat
is served from that copy with no round trip, as fast as the in-process cache. An entry this process has no
copy of is fetched with the counter in one round trip (MGET), as is everything while the subscription is not
trusted. Entries live QUOTEDB_CACHE_SECONDS in each place (0 turns the cache off); a job's state is never
cached. If the store stops answering, reads go to the database as if nothing were cached, and it is logged.
"""

import logging
import time
from typing import NamedTuple

from cachelib import SimpleCache
from flask import Flask, current_app, g, request

from ..extensions import cache
from ..store.breaker import REDIS_OPTIONS
from ..store.breaker import redis as breaker
from ..store.notices import articles_stored, corrections_made
from .cache_generation import STORE_ERRORS, SharedGeneration

CACHED_PREFIX = "/api/v1/"
NEVER_CACHED = (
    "/api/v1/jobs/",  # a job's state changes outside any request: a client polling it must see it now
    "/api/v1/changes",  # the audit is for tokens: a copy served before the view would skip the token check
)
GENERATION = "generation"
COPIES = "quotedb_cache_copies"  # in app.extensions, with Redis
log = logging.getLogger(__name__)
_last_warning = 0.0


class Copies(NamedTuple):
    """With Redis: the generation as this process hears of it, and its copies of the entries it served."""

    generation: SharedGeneration
    entries: SimpleCache


def _enabled() -> bool:
    return bool(current_app.config.get("QUOTEDB_CACHE_SECONDS"))


def _cacheable() -> bool:
    return (
        request.method in ("GET", "HEAD")
        and request.path.startswith(CACHED_PREFIX)
        and not request.path.startswith(NEVER_CACHED)
        and not request.path.endswith("/changes")  # a speaker's history: the audit too
        and "include_hidden" not in request.args  # an editor's view: never served to anyone else
    )


def _store_down(error: Exception | None = None) -> None:
    """Redis failed (`error`: open the breaker) or the breaker is open: say so once a minute."""
    if error is not None:
        breaker.trip(error)
    global _last_warning
    if time.monotonic() - _last_warning > 60:  # once a minute, not once a request
        _last_warning = time.monotonic()
        log.warning(
            "response cache unavailable, serving from the database: %s", error or "Redis failed lately"
        )


def new_generation() -> None:
    """Every cached read is stale from now on, in every process that shares the store."""
    copies = current_app.extensions.get(COPIES)
    if not breaker.closed:
        return
    try:
        if copies is not None:
            copies.generation.advance()  # INCR and PUBLISH to every process, atomically
        else:
            generation = cache.cache.inc(GENERATION)
            cache.set(
                GENERATION, generation, timeout=0
            )  # in memory, inc() would give it the entries' lifetime
    except STORE_ERRORS as error:
        _store_down(error)


def _serve_cached():
    if not _enabled() or not _cacheable():
        return None
    if not breaker.closed:
        _store_down()
        return None
    generation, entry = _copy_of(request.url)
    if entry is None or entry[0] != generation:
        if not breaker.closed:
            return None
        try:  # one round trip: the generation and the entry together (MGET on Redis)
            generation, entry = cache.get_many(GENERATION, request.url)
        except STORE_ERRORS as error:
            _store_down(error)
            return None
        generation = generation or 0
        _keep_copy(request.url, entry, generation)
    g.cache_generation = generation
    if entry is None or entry[0] != generation:
        return None  # never cached, or cached before the latest write
    g.cache_hit = True
    _, body, headers = entry
    response = current_app.response_class(body, status=200, headers=headers)
    return response.make_conditional(request)


def _moves_generation() -> bool:
    """Whether this process's writes move the generation: with Redis always, so that a process that caches
    nothing itself (a worker, a replica with the cache off) still makes the others' entries stale."""
    return _enabled() or bool(current_app.config.get("QUOTEDB_REDIS_URL"))


def _store(response):
    if g.get("cache_hit"):
        return response
    if (
        _enabled()
        and _cacheable()
        and response.status_code == 200
        and not response.is_streamed
        and "cache_generation" in g
    ):
        response.add_etag()
        response.headers["Cache-Control"] = f"public, max-age={current_app.config['QUOTEDB_CACHE_SECONDS']}"
        headers = {
            k: v for k, v in response.headers.items() if not k.startswith("RateLimit") and k != "X-Request-ID"
        }
        entry = (g.cache_generation, response.get_data(), headers)
        _keep_copy(request.url, entry, g.cache_generation)
        try:
            if breaker.closed:
                cache.set(request.url, entry)
        except STORE_ERRORS as error:
            _store_down(error)
        response = response.make_conditional(request)
    return response


def install_response_cache(app: Flask, redis_url: str | None) -> None:
    seconds = app.config.get("QUOTEDB_CACHE_SECONDS") or 0
    prefix = app.config["QUOTEDB_REDIS_PREFIX"] + "response:"
    cache.init_app(
        app,
        config={
            "CACHE_TYPE": "RedisCache" if redis_url else "SimpleCache",
            "CACHE_REDIS_URL": redis_url,
            "CACHE_KEY_PREFIX": prefix,
            "CACHE_DEFAULT_TIMEOUT": seconds,
            "CACHE_THRESHOLD": app.config["QUOTEDB_CACHE_ENTRIES"],
            "CACHE_OPTIONS": REDIS_OPTIONS if redis_url else None,
        },
    )
    if redis_url:
        app.extensions[COPIES] = Copies(
            SharedGeneration(redis_url, prefix + GENERATION),
            SimpleCache(threshold=app.config["QUOTEDB_CACHE_ENTRIES"], default_timeout=seconds),
        )
    app.before_request(_serve_cached)
    app.after_request(_store)
    articles_stored.connect(_articles_stored, sender=app)
    corrections_made.connect(_articles_stored, sender=app)


def _copy_of(url: str):
    """(generation, entry) from this process's copies, when it is sure of the generation; else (None,
    None)."""
    copies = current_app.extensions.get(COPIES)
    generation = copies.generation.latest() if copies is not None else None
    return (generation, copies.entries.get(url)) if generation is not None else (None, None)


def _keep_copy(url: str, entry, generation: int) -> None:
    copies = current_app.extensions.get(COPIES)
    if copies is not None and entry is not None and entry[0] == generation:
        copies.entries.set(url, entry)


def _articles_stored(app: Flask) -> None:
    """New articles were stored (posted, a job's, loaded): every cached read is stale. Sent inside the app's
    context, in whichever process stored them."""
    if _moves_generation():
        new_generation()
