"""What a write must bring: a bearer token and a JSON body; reads stay open."""
import functools
import hmac

from flask import current_app, request
from flask_smorest import abort


def token_required(view):
    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        expected = current_app.config.get("QUOTEDB_API_TOKEN")
        if not expected:
            abort(403, message="Writes are disabled: the server has no QUOTEDB_API_TOKEN configured.")
        scheme, _, given = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), expected.encode()):
            abort(401, message="A valid bearer token is required (Authorization: Bearer <token>).",
                  headers={"WWW-Authenticate": 'Bearer realm="quotedb"'})
        return view(*args, **kwargs)

    return wrapper


def require_json() -> None:
    """415 for a write whose body is not JSON, before any parsing."""
    if request.method in {"POST", "PUT", "PATCH"} and request.path.startswith("/api/") and not request.is_json:
        abort(415, message="Send the request body as application/json.")

