"""quotation counts: reports per speaker and per outlet of each quotation, kept as reports are added

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-06 09:00:00

Issues 27 and 28. Storing a report no longer counts its quotation's reports again: `quotation_speakers` and
`quotation_outlets` hold how many visible reports credit each speaker and were published by each outlet
(service/store/quotation_figures.py adds to them); a speaker's quotations, disputed or not, are one range of
`ix_quotation_speakers_speaker`. Filled here from the stored quotes, and every quotation's figures counted
again from its visible quotes only (a quote hidden by an editor no longer counts).
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

VISIBLE = "quotes.quotation_id IS NOT NULL AND NOT quotes.hidden"
OF_IT = "quotes.quotation_id = quotations.id AND NOT quotes.hidden"
SEEN = "coalesce(articles.published_at, articles.created_at)"
BY_ARTICLE = f"FROM quotes JOIN articles ON articles.id = quotes.article_id WHERE {OF_IT}"
FIGURES = f"""UPDATE quotations SET
    occurrences = (SELECT count(*) FROM quotes WHERE {OF_IT}),
    speakers = (SELECT count(*) FROM quotation_speakers AS c WHERE c.quotation_id = quotations.id),
    outlets = (SELECT count(*) FROM quotation_outlets AS o WHERE o.quotation_id = quotations.id),
    first_seen = (SELECT min({SEEN}) {BY_ARTICLE}),
    last_seen = (SELECT max({SEEN}) {BY_ARTICLE}),
    text = coalesce((SELECT text FROM quotes WHERE {OF_IT} ORDER BY length(text) DESC, id LIMIT 1), text),
    speaker_id = (SELECT c.speaker_id FROM quotation_speakers AS c WHERE c.quotation_id = quotations.id
                  ORDER BY c.occurrences DESC, c.first_quote_id LIMIT 1)"""


def upgrade():
    op.create_table(
        "quotation_speakers",
        sa.Column(
            "quotation_id", sa.Integer(), sa.ForeignKey("quotations.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column(
            "speaker_id", sa.Integer(), sa.ForeignKey("speakers.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("occurrences", sa.Integer(), server_default="0", nullable=False),
        sa.Column("first_quote_id", sa.Integer(), nullable=False),
        sa.Column("disputed", sa.Boolean(), server_default="0", nullable=False),
    )
    op.create_index(
        "ix_quotation_speakers_speaker", "quotation_speakers", ["speaker_id", "disputed", "quotation_id"]
    )
    op.create_table(
        "quotation_outlets",
        sa.Column(
            "quotation_id", sa.Integer(), sa.ForeignKey("quotations.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column(
            "outlet_id", sa.Integer(), sa.ForeignKey("outlets.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("occurrences", sa.Integer(), server_default="0", nullable=False),
    )
    op.create_index("ix_quotation_outlets_outlet", "quotation_outlets", ["outlet_id", "quotation_id"])
    op.execute(
        "INSERT INTO quotation_speakers (quotation_id, speaker_id, occurrences, first_quote_id) "
        "SELECT quotation_id, speaker_id, count(*), min(id) FROM quotes "
        f"WHERE {VISIBLE} AND quotes.speaker_id IS NOT NULL GROUP BY quotation_id, speaker_id"
    )
    op.execute(
        "INSERT INTO quotation_outlets (quotation_id, outlet_id, occurrences) "
        "SELECT quotes.quotation_id, articles.publisher_id, count(*) "
        "FROM quotes JOIN articles ON articles.id = quotes.article_id "
        f"WHERE {VISIBLE} AND articles.publisher_id IS NOT NULL "
        "GROUP BY quotes.quotation_id, articles.publisher_id"
    )
    op.execute(FIGURES)
    op.execute(
        "UPDATE quotation_speakers SET disputed = true WHERE quotation_id IN "
        "(SELECT id FROM quotations WHERE speakers > 1)"
    )


def downgrade():
    op.drop_table("quotation_outlets")
    op.drop_table("quotation_speakers")
