"""quotations: the same words across articles and outlets are one quotation with its reports

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06 06:20:00

Each quote belongs to one quotation (quotes.quotation_id); a quotation keeps its figures (occurrences,
outlets, speakers credited, first and last seen) and, for matching, each wording it was reported in and
those wordings' word triples as hashes (service/store/quotations.py says what is matched). The quotes
already stored are matched here, oldest first, by the same code the loader runs. On PostgreSQL the
speaker index of the quotes carries their quotation, so /quotations?speaker= reads it alone (a speaker's
1,229 quotes at 1M were 19 ms of heap visits).
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.orm import Session

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "quotations",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("speaker_id", sa.Integer(), sa.ForeignKey("speakers.id"), nullable=True),
        sa.Column("occurrences", sa.Integer(), server_default="0", nullable=False),
        sa.Column("outlets", sa.Integer(), server_default="0", nullable=False),
        sa.Column("speakers", sa.Integer(), server_default="0", nullable=False),
        sa.Column("first_seen", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_seen", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_quotations_speaker_id", "quotations", ["speaker_id"])
    op.create_index("ix_quotations_occurrences_id", "quotations", [sa.text("occurrences DESC"), "id"])
    op.create_index("ix_quotations_first_seen_id", "quotations", ["first_seen", "id"])
    op.create_index("ix_quotations_last_seen_id", "quotations", [sa.text("last_seen DESC"), "id"])
    op.create_table(
        "quotation_texts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "quotation_id", sa.Integer(), sa.ForeignKey("quotations.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("key", sa.String(32), nullable=False, unique=True),
        sa.Column("words", sa.Text(), nullable=False),
    )
    op.create_index("ix_quotation_texts_quotation_id", "quotation_texts", ["quotation_id"])
    op.create_table(
        "quotation_shingles",
        sa.Column("shingle", sa.BigInteger(), primary_key=True, autoincrement=False),
        sa.Column(
            "quotation_id",
            sa.Integer(),
            sa.ForeignKey("quotations.id", ondelete="CASCADE"),
            primary_key=True,
        ),
    )
    op.create_index("ix_quotation_shingles_quotation_id", "quotation_shingles", ["quotation_id"])
    if op.get_bind().dialect.name == "sqlite":  # SQLite adds a reference only with the column, by hand
        op.execute("ALTER TABLE quotes ADD COLUMN quotation_id INTEGER REFERENCES quotations (id)")
    else:
        op.add_column(
            "quotes", sa.Column("quotation_id", sa.Integer(), sa.ForeignKey("quotations.id"), nullable=True)
        )
    op.create_index("ix_quotes_quotation_id", "quotes", ["quotation_id"])
    if op.get_bind().dialect.name == "postgresql":  # a speaker's quotations read from the index alone
        op.drop_index("ix_quotes_speaker_id_id", "quotes")
        op.create_index(
            "ix_quotes_speaker_id_id", "quotes", ["speaker_id", "id"], postgresql_include=["quotation_id"]
        )

    from service.store.quotations import assign_stored

    session = Session(bind=op.get_bind())
    assign_stored(session)
    session.flush()
    op.execute(FIGURES)


# Every quotation's figures as this revision counted them (every quote; 0015 counts visible ones only).
FIGURES = """UPDATE quotations SET
    occurrences = (SELECT count(*) FROM quotes WHERE quotes.quotation_id = quotations.id),
    speakers = (SELECT count(DISTINCT speaker_id) FROM quotes WHERE quotes.quotation_id = quotations.id),
    outlets = (SELECT count(DISTINCT articles.publisher_id) FROM quotes
               JOIN articles ON articles.id = quotes.article_id WHERE quotes.quotation_id = quotations.id),
    first_seen = (SELECT min(coalesce(articles.published_at, articles.created_at)) FROM quotes
                  JOIN articles ON articles.id = quotes.article_id WHERE quotes.quotation_id = quotations.id),
    last_seen = (SELECT max(coalesce(articles.published_at, articles.created_at)) FROM quotes
                 JOIN articles ON articles.id = quotes.article_id WHERE quotes.quotation_id = quotations.id),
    text = coalesce((SELECT text FROM quotes WHERE quotes.quotation_id = quotations.id
                     ORDER BY length(text) DESC, id LIMIT 1), text),
    speaker_id = (SELECT speaker_id FROM quotes WHERE quotes.quotation_id = quotations.id
                  AND speaker_id IS NOT NULL GROUP BY speaker_id ORDER BY count(*) DESC, min(id) LIMIT 1)"""


def downgrade():
    op.drop_index("ix_quotes_quotation_id", "quotes")
    if op.get_bind().dialect.name == "postgresql":
        op.drop_index("ix_quotes_speaker_id_id", "quotes")
        op.create_index("ix_quotes_speaker_id_id", "quotes", ["speaker_id", "id"])
        op.drop_constraint("quotes_quotation_id_fkey", "quotes", type_="foreignkey")
    op.drop_column("quotes", "quotation_id")
    op.drop_table("quotation_shingles")
    op.drop_table("quotation_texts")
    op.drop_table("quotations")
