"""ingest jobs: articles extracted off the request path, and where each stands

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 06:40:00

POST /api/v1/articles answers a long article with 202 and a job; a worker (RQ on Redis, or a thread of
the serving process) extracts and stores it. The job's state lives here so both kinds of worker and the
API read the same truth.
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "ingest_jobs",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("submission", sa.JSON().with_variant(JSONB(), "postgresql"), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("status IN ('queued', 'running', 'done', 'failed')", name="job_status"),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_ingest_jobs_sha256", "ingest_jobs", ["sha256"])


def downgrade():
    op.drop_index("ix_ingest_jobs_sha256", table_name="ingest_jobs")
    op.drop_table("ingest_jobs")
