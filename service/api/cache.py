"""A short-lived cache of GET responses in each worker, with ETag and Cache-Control for clients and proxies.

Popular reads (a famous speaker's quotes, the front page of /quotes) repeat; at a million quotes each
costs several database round trips, a cached copy costs none. Entries live QUOTEDB_CACHE_SECONDS
(0 turns the cache off) and a successful write through this worker empties its cache at once; other
workers, and loads run from the command line, show up within that many seconds.
"""
import threading
import time
from collections import OrderedDict

from flask import Flask, current_app, g, request

CACHED_PREFIX = "/api/v1/"


class ResponseCache:
    def __init__(self, seconds: float, entries: int):
        self.seconds, self.entries = seconds, entries
        self.lock = threading.Lock()
        self.store: OrderedDict[str, tuple[float, bytes, dict]] = OrderedDict()

    def get(self, key: str):
        with self.lock:
            entry = self.store.get(key)
            if entry is None or entry[0] < time.monotonic():
                return None
            self.store.move_to_end(key)
            return entry

    def put(self, key: str, body: bytes, headers: dict) -> None:
        with self.lock:
            self.store[key] = (time.monotonic() + self.seconds, body, headers)
            self.store.move_to_end(key)
            while len(self.store) > self.entries:
                self.store.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.store.clear()


def _cache() -> ResponseCache | None:
    return current_app.extensions.get("quotedb_response_cache")


def _cacheable() -> bool:
    return request.method in ("GET", "HEAD") and request.path.startswith(CACHED_PREFIX)


def _serve_cached():
    cache = _cache()
    if cache is None or not _cacheable():
        return None
    entry = cache.get(request.url)
    if entry is None:
        return None
    g.cache_hit = True
    _expires, body, headers = entry
    response = current_app.response_class(body, status=200, headers=headers)
    return response.make_conditional(request)


def _store(response):
    cache = _cache()
    if cache is None or g.get("cache_hit"):
        return response
    if request.method not in ("GET", "HEAD", "OPTIONS") and response.status_code < 400:
        cache.clear()  # this worker never serves a read older than its own write
    elif _cacheable() and response.status_code == 200 and not response.direct_passthrough:
        response.add_etag()
        response.headers["Cache-Control"] = f"public, max-age={int(cache.seconds)}"
        cache.put(request.url, response.get_data(), dict(response.headers))
        response = response.make_conditional(request)
    return response


def install_response_cache(app: Flask) -> None:
    seconds = app.config.get("QUOTEDB_CACHE_SECONDS") or 0
    if seconds > 0:
        app.extensions["quotedb_response_cache"] = ResponseCache(seconds, app.config["QUOTEDB_CACHE_ENTRIES"])
    app.before_request(_serve_cached)
    app.after_request(_store)
