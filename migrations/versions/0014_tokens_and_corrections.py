"""tokens and corrections: named API tokens with a role, the audit of every correction, hidden quotes, merged
speakers' redirects, a speaker's Wikidata id

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-06 06:10:00

Issue 28. Tokens are stored as the SHA-256 of the token, never the token. A correction is one `changes`
row (who, when, what: before and after as JSON) and the rows it changed (`change_rows`); a merged speaker's
row goes, and its id and slug answer with a redirect to the survivor (`speaker_redirects`). A hidden quote
keeps its row, marked `hidden`; existing quotes are visible (the column's default fills them). An article
posted to the API names the token that posted it (`added_by`; null for what was loaded from files).
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

Document = sa.JSON().with_variant(JSONB(), "postgresql")


def upgrade():
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(100), nullable=False, unique=True),
        sa.Column("role", sa.String(10), nullable=False),
        sa.Column("digest", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("role IN ('reader', 'ingest', 'editor', 'admin')", name="token_role"),
    )
    op.create_table(
        "changes",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False, index=True),
        sa.Column("actor", sa.String(100), nullable=False, index=True),
        sa.Column("action", sa.String(20), nullable=False),
        sa.Column("target", sa.String(10), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("before", Document, nullable=False),
        sa.Column("after", Document, nullable=False),
        sa.Column("undone_by_id", sa.Integer(), sa.ForeignKey("changes.id"), nullable=True),
        sa.Index("ix_changes_target", "target", "target_id"),
    )
    op.create_table(
        "change_rows",
        sa.Column(
            "change_id", sa.Integer(), sa.ForeignKey("changes.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("kind", sa.String(10), primary_key=True),
        sa.Column("row_id", sa.Integer(), primary_key=True),
        sa.Index("ix_change_rows_row", "kind", "row_id"),
    )
    op.create_table(
        "speaker_redirects",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=False),  # the merged speaker's id
        sa.Column("slug", sa.String(320), nullable=False, unique=True),
        sa.Column("to_id", sa.Integer(), sa.ForeignKey("speakers.id", ondelete="CASCADE"), nullable=False),
    )
    op.add_column("quotes", sa.Column("hidden", sa.Boolean(), server_default=sa.false(), nullable=False))
    op.add_column("speakers", sa.Column("wikidata_id", sa.String(20), nullable=True))
    op.add_column("articles", sa.Column("added_by", sa.String(100), nullable=True))


def downgrade():
    # not batched: a copied table would lose SQLite's search triggers
    op.drop_column("articles", "added_by")
    op.drop_column("speakers", "wikidata_id")
    op.drop_column("quotes", "hidden")
    op.drop_table("speaker_redirects")
    op.drop_table("change_rows")
    op.drop_table("changes")
    op.drop_table("api_tokens")
