"""Named API tokens, each with a role: made, listed and revoked by `quotedb token`, found by http/auth.py.
Only a token's SHA-256 is stored; the token itself is shown once, when it is made."""

import hashlib
import hmac
import secrets

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from .models import ROLES, ApiToken

ENVIRONMENT_TOKEN = "QUOTEDB_API_TOKEN"  # the name writes made with that variable's token are audited under


class TokenError(ValueError):
    pass


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(session: Session, name: str, role: str) -> str:
    """A new token named `name` with `role` (the caller commits); returns the token, which is never stored."""
    name = name.strip()
    if not name or len(name) > 100 or name == ENVIRONMENT_TOKEN:
        raise TokenError(f"A token's name is 1 to 100 characters, other than {ENVIRONMENT_TOKEN}.")
    if role not in ROLES:
        raise TokenError(f"No role {role!r}; choose from {', '.join(ROLES)}.")
    if session.scalar(select(ApiToken.id).where(ApiToken.name == name)) is not None:
        raise TokenError(f"A token named {name!r} exists; revoke it first.")
    token = secrets.token_urlsafe(32)
    session.add(ApiToken(name=name, role=role, digest=digest(token)))
    return token


def revoke_token(session: Session, name: str) -> bool:
    """Whether a token of that name was there (it is gone now; the caller commits)."""
    return bool(session.execute(delete(ApiToken).where(ApiToken.name == name)).rowcount)


def list_tokens(session: Session) -> list[ApiToken]:
    return list(session.scalars(select(ApiToken).order_by(ApiToken.name)))


def find_token(session: Session, token: str, environment_token: str | None) -> tuple[str, str] | None:
    """(name, role) of the token given, or None. QUOTEDB_API_TOKEN, when set, is an admin token; the others
    are found by their digest (an index lookup, then a constant-time comparison of the digests)."""
    if environment_token and hmac.compare_digest(token.encode(), environment_token.encode()):
        return ENVIRONMENT_TOKEN, "admin"
    wanted = digest(token)
    row = session.execute(
        select(ApiToken.name, ApiToken.role, ApiToken.digest).where(ApiToken.digest == wanted)
    )
    found = row.first()
    if found is None or not hmac.compare_digest(found.digest, wanted):
        return None
    return found.name, found.role


def any_tokens(session: Session) -> bool:
    return session.scalar(select(ApiToken.id).limit(1)) is not None


def allows(role: str, needed: str) -> bool:
    return ROLES.index(role) >= ROLES.index(needed)
