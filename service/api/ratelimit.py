"""Per-client fixed-window rate limiting with RateLimit-* headers and 429 problems.

Counts live in each worker process: behind several workers the effective limit is per worker,
so set QUOTEDB_RATE_LIMIT with that in mind (or limit at the proxy for a shared budget).
"""
import math
import re
import threading
import time

from flask import Flask, current_app, g, request

from .errors import problem

LIMIT_FORMAT = re.compile(r"^\s*(\d+)\s*/\s*(second|minute|hour)\s*$")
PERIODS = {"second": 1, "minute": 60, "hour": 3600}
EXEMPT_PATHS = {"/health", "/ready"}


def parse_limit(value: str | None) -> tuple[int, int] | None:
    """"120/minute" -> (120, 60); empty or "off" -> None."""
    if not value or value.strip().lower() == "off":
        return None
    match = LIMIT_FORMAT.match(value)
    if match is None:
        raise RuntimeError(f"QUOTEDB_RATE_LIMIT must look like '120/minute' or 'off', not {value!r}")
    return int(match.group(1)), PERIODS[match.group(2)]


class FixedWindow:
    def __init__(self, limit: int, period: int):
        self.limit, self.period = limit, period
        self.lock = threading.Lock()
        self.window_start = 0.0
        self.counts: dict[str, int] = {}

    def hit(self, client: str) -> tuple[int, int]:
        """Count one request; returns (remaining, seconds until the window resets); remaining < 0 means over."""
        now = time.monotonic()
        with self.lock:
            if now - self.window_start >= self.period:
                self.window_start, self.counts = now, {}
            count = self.counts.get(client, 0) + 1
            self.counts[client] = count
            reset = min(math.ceil(self.period), max(1, math.ceil(self.window_start + self.period - now)))  # float sums can overshoot
        return self.limit - count, reset


def _check():
    window: FixedWindow | None = current_app.extensions.get("quotedb_rate_limit")
    if window is None or request.path in EXEMPT_PATHS:
        return None
    remaining, reset = window.hit(request.remote_addr or "unknown")
    g.rate_limit = (window.limit, max(0, remaining), reset)
    if remaining < 0:
        return problem(429, "Too Many Requests", f"More than {window.limit} requests in {window.period} s; "
                       f"try again in {reset} s.", headers={"Retry-After": str(reset), **_headers()})
    return None


def _headers() -> dict:
    limit, remaining, reset = g.rate_limit
    return {"RateLimit-Limit": str(limit), "RateLimit-Remaining": str(remaining), "RateLimit-Reset": str(reset)}


def _annotate(response):
    if "rate_limit" in g:
        response.headers.update(_headers())
    return response


def install_rate_limit(app: Flask) -> None:
    limit = parse_limit(app.config.get("QUOTEDB_RATE_LIMIT"))
    if limit is not None:
        app.extensions["quotedb_rate_limit"] = FixedWindow(*limit)
    app.before_request(_check)
    app.after_request(_annotate)
