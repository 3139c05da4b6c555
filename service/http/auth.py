"""Who may write: the one guard every write route wears (`token_required`), a bearer token compared with
QUOTEDB_API_TOKEN. Roles, when they come, are more decorators here, checked the same way."""

import functools
import hmac

from flask import current_app, request
from flask_smorest import abort


def token_required(view):
    """401 when no valid token comes (with WWW-Authenticate), 403 when a valid-looking request cannot write
    because the server has no token configured."""

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        expected = current_app.config.get("QUOTEDB_API_TOKEN")
        scheme, _, given = request.headers.get("Authorization", "").partition(" ")
        if not request.headers.get("Authorization") or scheme.lower() != "bearer":
            _unauthenticated()
        if not expected:
            abort(403, message="Writes are disabled: the server has no QUOTEDB_API_TOKEN configured.")
        if not hmac.compare_digest(given.strip().encode(), expected.encode()):
            _unauthenticated()
        return view(*args, **kwargs)

    return wrapper


def _unauthenticated():
    message = "A valid bearer token is required (Authorization: Bearer <token>)."
    if not current_app.config.get("QUOTEDB_API_TOKEN"):  # what a new user of `make run` meets first
        message += (
            " This server has no QUOTEDB_API_TOKEN set, so writes are disabled: set it and restart, "
            "or add articles with `quotedb load`."
        )
    abort(401, message=message, headers={"WWW-Authenticate": 'Bearer realm="quotedb"'})
