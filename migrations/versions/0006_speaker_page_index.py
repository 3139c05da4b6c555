"""speaker page index: a speaker's outlets and articles read from one index, without visiting the quotes

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23 07:50:00

At 1M quotes the speaker page's "outlets spoken to" visited one heap page per quotation of the speaker
(1,192 pages, 2.4 ms for a speaker with 1,229 quotes); with (speaker_id, spoke_to_id, article_id) it is an
index-only scan, and so are the speaker's article count and the pages' per-article figures.
"""

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_quotes_speaker_outlet_article", "quotes", ["speaker_id", "spoke_to_id", "article_id"])


def downgrade():
    op.drop_index("ix_quotes_speaker_outlet_article", table_name="quotes")
