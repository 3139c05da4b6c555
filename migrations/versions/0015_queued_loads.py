"""queued loads: `quotedb load --queue`, its batches staged here for `quotedb worker`s

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06 08:40:00

A queued load reads its files as `quotedb load` does and stages the articles here, a batch a row; Redis holds
only the ids of a bounded window of batches (store/loads.py says why). Each batch keeps what storing it
counted, so a load's summary is the sum of its batches.
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

Document = sa.JSON().with_variant(JSONB(), "postgresql")


def upgrade():
    op.create_table(
        "loads",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("paths", Document, nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("window_size", sa.Integer(), nullable=False),
        sa.Column("batch_size", sa.Integer(), nullable=False),
        sa.Column("articles_read", sa.Integer(), nullable=False),
        sa.Column("items_read", sa.Integer(), nullable=False),
        sa.Column("skipped", Document, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("status IN ('reading', 'queued', 'done')", name="load_status"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_loads_key", "loads", ["key"])
    op.create_table(
        "load_batches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("load_id", sa.String(length=32), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("articles", Document, nullable=True),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("result", Document, nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status IN ('staged', 'queued', 'running', 'done', 'failed')", name="load_batch_status"
        ),
        sa.ForeignKeyConstraint(["load_id"], ["loads.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("load_id", "number"),
    )
    op.create_index("ix_load_batches_load_status", "load_batches", ["load_id", "status"])


def downgrade():
    op.drop_index("ix_load_batches_load_status", table_name="load_batches")
    op.drop_table("load_batches")
    op.drop_index("ix_loads_key", table_name="loads")
    op.drop_table("loads")
