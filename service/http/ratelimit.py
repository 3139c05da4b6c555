"""Per-client rate limiting with Flask-Limiter: one budget per client across every process when
QUOTEDB_REDIS_URL is set (counts in Redis), per process otherwise (counts in memory).

Flask-Limiter does the counting; this module sets it up from QUOTEDB_RATE_LIMIT and writes the headers
quotedb has always sent (RateLimit-Limit, -Remaining, and -Reset as seconds until the window resets, with
Retry-After on a 429 problem). If Redis stops answering, the limiter fails open to a per-process budget in
memory (RATELIMIT_IN_MEMORY_FALLBACK_ENABLED) and logs it: reads keep answering.
"""

import math
import time

from flask import Flask, current_app, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from limits import parse as parse_rate

from ..store.breaker import REDIS_OPTIONS
from .auth import request_token

EXEMPT_PATHS = {"/health", "/ready"}


def parse_limit(value: str | None) -> str | None:
    """ "120/minute" (or "120 per minute") as Flask-Limiter takes it; empty or "off" -> None."""
    if not value or value.strip().lower() == "off":
        return None
    try:
        parse_rate(value)
    except ValueError:
        raise RuntimeError(
            f"QUOTEDB_RATE_LIMIT must look like '120/minute' or 'off', not {value!r}"
        ) from None
    return value


def install_rate_limit(app: Flask, redis_url: str | None) -> None:
    limit = parse_limit(app.config.get("QUOTEDB_RATE_LIMIT"))
    app.config.update(
        {
            "RATELIMIT_ENABLED": limit is not None,
            "RATELIMIT_STORAGE_URI": redis_url or "memory://",
            "RATELIMIT_STORAGE_OPTIONS": REDIS_OPTIONS if redis_url else {},
            "RATELIMIT_KEY_PREFIX": app.config["QUOTEDB_REDIS_PREFIX"] + "limit",
            "RATELIMIT_STRATEGY": "fixed-window",
            "RATELIMIT_HEADERS_ENABLED": False,  # written below, in quotedb's own form
            "RATELIMIT_SWALLOW_ERRORS": True,
            "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        }
    )
    token_limit = parse_limit(app.config.get("QUOTEDB_TOKEN_RATE_LIMIT")) or limit
    # one per app: it keeps the app's settings. One budget per client across every endpoint, an application
    # limit (as a default limit it was one per endpoint: 20/minute gave a client ~40 answers on each of six
    # endpoints in a minute); a request with a valid token is counted by the token's name, on the token budget
    limiter = Limiter(
        key_func=_client, app=app, application_limits=[lambda: token_limit if request_token() else limit]
    )
    limiter.request_filter(lambda: request.path in EXEMPT_PATHS)
    app.extensions["quotedb_limiter"] = limiter
    app.after_request(_annotate)


def _client() -> str:
    found = request_token()
    return f"token:{found[0]}" if found else get_remote_address()


def _annotate(response):
    limiter = current_app.extensions["quotedb_limiter"]
    current = limiter.current_limit if limiter.enabled else None
    if current is not None:
        window = current.limit.get_expiry()  # seconds; reset_at is a whole second, so clamp to it
        reset = min(window, max(1, math.ceil(current.reset_at - time.time())))
        response.headers["RateLimit-Limit"] = str(current.limit.amount)
        response.headers["RateLimit-Remaining"] = str(max(0, current.remaining))
        response.headers["RateLimit-Reset"] = str(reset)
        if response.status_code == 429:
            response.headers["Retry-After"] = str(reset)
    return response
