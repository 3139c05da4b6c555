"""quote parts: the offsets of each piece of a quotation split by its attribution

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 06:00:00

A quotation such as “A,” she said, “B.” is one quote whose text is the spoken words only; its parts
([{"start", "end"}, ...]) locate each piece in the article, while start/end stay the whole envelope.
Existing rows get one part, their envelope (they were stored before the engine split quotations).
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

BACKFILL = {
    "sqlite": "UPDATE quotes SET parts = json_array(json_object('start', start_offset, 'end', end_offset))",
    "postgresql": "UPDATE quotes SET parts = jsonb_build_array(jsonb_build_object('start', start_offset, "
    "'end', end_offset))",
}


def upgrade():
    op.add_column("quotes", sa.Column("parts", sa.JSON().with_variant(JSONB(), "postgresql"), nullable=True))
    op.execute(BACKFILL[op.get_bind().dialect.name])


def downgrade():
    op.drop_column("quotes", "parts")
