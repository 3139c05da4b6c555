"""speaker statistics: quote_count, first_seen and last_seen kept on the speaker row

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 04:00:00

At a million quotes, counting each speaker's quotes on every /speakers page took ~0.8 s; the loader
now keeps these figures up to date in the transaction that stores an article. Existing rows are
filled from the quotes here.
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

SEEN = "coalesce(articles.published_at, articles.created_at)"
BACKFILL = f"""
UPDATE speakers SET
    quote_count = (SELECT count(*) FROM quotes WHERE quotes.speaker_id = speakers.id),
    first_seen = (SELECT min({SEEN}) FROM quotes JOIN articles ON articles.id = quotes.article_id
                  WHERE quotes.speaker_id = speakers.id),
    last_seen = (SELECT max({SEEN}) FROM quotes JOIN articles ON articles.id = quotes.article_id
                 WHERE quotes.speaker_id = speakers.id)
"""


def upgrade():
    op.add_column("speakers", sa.Column("quote_count", sa.Integer(), server_default="0", nullable=False))
    op.add_column("speakers", sa.Column("first_seen", sa.DateTime(timezone=True), nullable=True))
    op.add_column("speakers", sa.Column("last_seen", sa.DateTime(timezone=True), nullable=True))
    op.create_index("ix_speakers_quote_count", "speakers", ["quote_count"])
    op.execute(BACKFILL)


def downgrade():
    op.drop_index("ix_speakers_quote_count", table_name="speakers")
    op.drop_column("speakers", "last_seen")
    op.drop_column("speakers", "first_seen")
    op.drop_column("speakers", "quote_count")
