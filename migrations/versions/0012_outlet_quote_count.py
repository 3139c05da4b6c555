"""outlet quote count: how many quotations were spoken to an outlet, kept on its row

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01 08:20:00

`?spoke_to=` lists gave their total from PostgreSQL's estimate, which cost an EXPLAIN (a planning pass and a
round trip) on every full page, and an outlet's page counted its quotations each time. The loader now keeps
the count in the transaction that stores an article, as it keeps each speaker's (0003). Existing rows are
filled from the quotes here (one pass over the quotes' outlet index).
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

BACKFILL = (
    "UPDATE outlets SET quotes_spoken_to = "
    "(SELECT count(*) FROM quotes WHERE quotes.spoke_to_id = outlets.id)"
)


def upgrade():
    op.add_column("outlets", sa.Column("quotes_spoken_to", sa.Integer(), server_default="0", nullable=False))
    op.execute(BACKFILL)


def downgrade():
    op.drop_column("outlets", "quotes_spoken_to")
