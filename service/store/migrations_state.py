"""Where the database schema stands against the migration scripts."""

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import current_app
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from ..extensions import db


def revisions() -> tuple[str | None, str | None]:
    """(the database's current revision, the latest revision among the scripts)."""
    config = current_app.extensions["migrate"].migrate.get_config()
    head = ScriptDirectory.from_config(config).get_current_head()
    with db.engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
    return current, head


SEARCH_OBJECTS_PREFIX = "quotes_fts"


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """Autogenerate leaves the full-text search objects alone: they are written by hand, per engine."""
    return not (name or "").startswith(SEARCH_OBJECTS_PREFIX)


class DatabaseProblem(Exception):
    """A database the command cannot use; the message says what to do about it."""


def shown_url(url) -> str:
    """The database URL with its password hidden."""
    return make_url(str(url)).render_as_string(hide_password=True)


def ensure_schema(upgrade_by_itself: bool) -> str | None:
    """Check that the database answers and is at the latest migration. The embedded SQLite default is
    brought up to date by itself (returns what was done); any other database is the operator's to upgrade."""
    url = shown_url(db.engine.url)
    try:
        current, head = revisions()
    except OperationalError as error:
        raise DatabaseProblem(unreachable(url, error)) from None
    if current == head:
        return None
    if upgrade_by_itself:
        from flask_migrate import upgrade

        upgrade()
        return f"upgraded the embedded SQLite database {url} to migration {head}"
    if current is None:
        raise DatabaseProblem(f"the database {url} has no quotedb schema yet: run `quotedb db upgrade`")
    raise DatabaseProblem(
        f"the database {url} is at migration {current}, this quotedb needs {head}: run `quotedb db upgrade`"
    )


def unreachable(url: str, error: Exception) -> str:
    reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
    return f"cannot use the database {url}: {reason}"
