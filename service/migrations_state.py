"""Where the database schema stands against the migration scripts."""
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import current_app

from .extensions import db


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
