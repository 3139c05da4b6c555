"""full-text search over quotations: SQLite FTS5, PostgreSQL GIN on to_tsvector

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 01:20:00

The search objects are named quotes_fts*; they live only in migrations (autogenerate skips them,
see service/store/migrations_state.py). On SQLite, triggers keep the FTS5 table in step with quotes; a
later batch migration that rebuilds the quotes table must recreate them.
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

SQLITE_UP = [
    "CREATE VIRTUAL TABLE quotes_fts USING fts5(text, content='quotes', content_rowid='id', "
    "tokenize='porter unicode61 remove_diacritics 2')",
    "INSERT INTO quotes_fts(rowid, text) SELECT id, text FROM quotes",
    "CREATE TRIGGER quotes_fts_insert AFTER INSERT ON quotes BEGIN "
    "INSERT INTO quotes_fts(rowid, text) VALUES (new.id, new.text); END",
    "CREATE TRIGGER quotes_fts_delete AFTER DELETE ON quotes BEGIN "
    "INSERT INTO quotes_fts(quotes_fts, rowid, text) VALUES ('delete', old.id, old.text); END",
    "CREATE TRIGGER quotes_fts_update AFTER UPDATE OF text ON quotes BEGIN "
    "INSERT INTO quotes_fts(quotes_fts, rowid, text) VALUES ('delete', old.id, old.text); "
    "INSERT INTO quotes_fts(rowid, text) VALUES (new.id, new.text); END",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS quotes_fts_update",
    "DROP TRIGGER IF EXISTS quotes_fts_delete",
    "DROP TRIGGER IF EXISTS quotes_fts_insert",
    "DROP TABLE IF EXISTS quotes_fts",
]
POSTGRES_UP = ["CREATE INDEX quotes_fts_gin ON quotes USING gin (to_tsvector('english', text))"]
POSTGRES_DOWN = ["DROP INDEX IF EXISTS quotes_fts_gin"]


def _run(statements_by_dialect: dict) -> None:
    for statement in statements_by_dialect.get(op.get_bind().dialect.name, []):
        op.execute(statement)


def upgrade():
    _run({"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP})


def downgrade():
    _run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN})
