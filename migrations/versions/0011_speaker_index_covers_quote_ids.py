"""speaker index covers quote ids: a speaker's quotations listed from the index alone

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01 09:05:00

The speaker page lists a speaker's quotations newest first, so it needs each one's id and article. The index
on (speaker_id, spoke_to_id, article_id) had the article but not the id, and PostgreSQL read every one of the
speaker's quotations from the table (1,229 rows from 1,205 pages, 5.7 ms at 1M quotes); with the id included
the same rows come from the index (0.3 ms). SQLite indexes hold the row id already. The index is rebuilt in
the upgrade's transaction, which locks the quotes table until it commits (1.9 s at 1M quotes).
"""

from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

COLUMNS = ["speaker_id", "spoke_to_id", "article_id"]
NAME = "ix_quotes_speaker_outlet_article"


def upgrade():
    op.drop_index(NAME, table_name="quotes")
    op.create_index(NAME, "quotes", COLUMNS, postgresql_include=["id"])


def downgrade():
    op.drop_index(NAME, table_name="quotes")
    op.create_index(NAME, "quotes", COLUMNS)
