"""Who may do what: a bearer token names an account with a role (store/tokens.py; QUOTEDB_API_TOKEN is an
admin), and each write route wears the decorator of the role it needs: `ingest_required` (POST articles),
`editor_required` (corrections), `admin_required`; `reader_required` guards the one read that names token
holders (the audit). A role may do what the roles before it may (reader < ingest < editor < admin). No valid
token: 401; a token without the role: 403. `actor()` is the token's name, which the audit records."""

import functools

from flask import current_app, g, request
from flask_smorest import abort

from ..extensions import db
from ..store.tokens import allows, any_tokens, find_token


def role_required(role: str):
    def decorator(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            _require(role)
            return view(*args, **kwargs)

        return wrapper

    return decorator


reader_required = role_required("reader")  # reads that name people: the audit (its actors are tokens' names)
ingest_required = role_required("ingest")
editor_required = role_required("editor")
admin_required = role_required("admin")
token_required = ingest_required  # the name the write guard had before roles


def actor() -> str:
    return g.token_name


def has_role(role: str) -> bool:
    """Whether the request carries a valid token with `role` (for reads that show more to an editor); never
    refuses."""
    found = request_token()
    return found is not None and allows(found[1], role)


def _require(role: str) -> None:
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    if not request.headers.get("Authorization") or scheme.lower() != "bearer":
        _unauthenticated()
    found = request_token()
    if found is None:
        if not current_app.config.get("QUOTEDB_API_TOKEN") and not any_tokens(db.session):
            if role == "reader":
                abort(403, message="This read needs a token, and the server has none: see `quotedb token`.")
            abort(403, message="Writes are disabled: the server has no QUOTEDB_API_TOKEN configured.")
        _unauthenticated()
    name, granted = found
    if not allows(granted, role):
        abort(403, message=f"The token {name!r} has the role {granted!r}; this needs {role!r} or above.")
    g.token_name = name


def request_token() -> tuple[str, str] | None:
    """(name, role) of the request's valid bearer token, or None; looked up once per request."""
    if "token" not in g:
        scheme, _, given = request.headers.get("Authorization", "").partition(" ")
        valid = scheme.lower() == "bearer" and given.strip()
        g.token = (
            find_token(db.session, given.strip(), current_app.config.get("QUOTEDB_API_TOKEN"))
            if valid
            else None
        )
    return g.token


def _unauthenticated():
    message = "A valid bearer token is required (Authorization: Bearer <token>)."
    if not current_app.config.get("QUOTEDB_API_TOKEN"):  # what a new user of `make run` meets first
        message += (
            " This server has no QUOTEDB_API_TOKEN set: set it and restart, or "
            "create a token with `quotedb token create NAME --role ROLE` "
            "(articles can also be added with `quotedb load`)."
        )
    abort(401, message=message, headers={"WWW-Authenticate": 'Bearer realm="quotedb"'})
