"""article external id: the id an archive gives an article, kept so loading it again is "unchanged"

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23 08:30:00

JSON Lines archives carry their own article ids; a crawl re-exported with a fixed typo has a new text but the
same id, and must not become a second article.
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade():
    # a column and a unique index, not a constraint: SQLite adds both in place, without copying the table
    op.add_column("articles", sa.Column("external_id", sa.String(length=200), nullable=True))
    op.create_index("uq_articles_external_id", "articles", ["external_id"], unique=True)


def downgrade():
    op.drop_index("uq_articles_external_id", table_name="articles")
    op.drop_column("articles", "external_id")  # SQLite 3.35+ drops a column in place
