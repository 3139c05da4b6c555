"""The tables: outlets, articles, speakers (with aliases), quotes, the quotations they report (with their
matching index) and ingest jobs; migrations/ builds them."""

from datetime import datetime, timezone

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db

MAX_ID = 2**31 - 1  # ids are 32-bit integers on PostgreSQL
Document = JSON().with_variant(JSONB(), "postgresql")
QUOTE_KINDS = ("direct", "indirect", "mixed")
SPEAKER_KINDS = ("person", "organisation")


def as_id(value: str) -> int | None:
    """The row id a string of digits names, or None when it is no id at all."""
    if value.isascii() and value.isdigit() and 0 < int(value) <= MAX_ID:
        return int(value)
    return None


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Outlet(db.Model):
    __tablename__ = "outlets"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(220), unique=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    domain: Mapped[str | None] = mapped_column(String(253))
    # kept up to date by articles.update_outlets in the transaction that stores each article
    quotes_spoken_to: Mapped[int] = mapped_column(default=0, server_default="0")
    aliases: Mapped[list["OutletAlias"]] = relationship(
        back_populates="outlet", cascade="all, delete-orphan", order_by="OutletAlias.id"
    )


class OutletAlias(db.Model):
    __tablename__ = "outlet_aliases"
    __table_args__ = (UniqueConstraint("outlet_id", "alias"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    outlet_id: Mapped[int] = mapped_column(ForeignKey("outlets.id", ondelete="CASCADE"))
    alias: Mapped[str] = mapped_column(String(200))
    key: Mapped[str] = mapped_column(String(200), index=True)
    outlet: Mapped[Outlet] = relationship(back_populates="aliases")


class Article(db.Model):
    __tablename__ = "articles"
    __table_args__ = (
        Index("uq_articles_external_id", "external_id", unique=True),
        Index("ix_articles_id_published", "id", postgresql_include=["published_at"]),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(500))
    url: Mapped[str | None] = mapped_column(String(2000))
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    publisher_id: Mapped[int | None] = mapped_column(ForeignKey("outlets.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    source_name: Mapped[str | None] = mapped_column(String(500))
    external_id: Mapped[str | None] = mapped_column(String(200))  # an archive's own id for it
    added_by: Mapped[str | None] = mapped_column(String(100))  # the name of the token that posted it
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    publisher: Mapped[Outlet | None] = relationship()
    quotes: Mapped[list["Quote"]] = relationship(
        back_populates="article", cascade="all, delete-orphan", order_by="Quote.start"
    )


class Speaker(db.Model):
    __tablename__ = "speakers"
    __table_args__ = (CheckConstraint("kind IN ('person', 'organisation')", name="speaker_kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    slug: Mapped[str] = mapped_column(String(320), unique=True)
    key: Mapped[str] = mapped_column(String(300), unique=True)
    kind: Mapped[str] = mapped_column(String(20), index=True)
    descriptors: Mapped[dict] = mapped_column(Document, default=dict)
    # kept up to date by articles.update_speakers in the transaction that stores each article
    quote_count: Mapped[int] = mapped_column(default=0, server_default="0", index=True)
    first_seen: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_seen: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    wikidata_id: Mapped[str | None] = mapped_column(String(20))
    aliases: Mapped[list["SpeakerAlias"]] = relationship(
        back_populates="speaker", cascade="all, delete-orphan", order_by="SpeakerAlias.id"
    )


class SpeakerAlias(db.Model):
    __tablename__ = "speaker_aliases"
    __table_args__ = (UniqueConstraint("speaker_id", "alias"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    speaker_id: Mapped[int] = mapped_column(ForeignKey("speakers.id", ondelete="CASCADE"))
    alias: Mapped[str] = mapped_column(String(300))
    key: Mapped[str] = mapped_column(String(300), index=True)
    speaker: Mapped[Speaker] = relationship(back_populates="aliases")


class Quote(db.Model):
    __tablename__ = "quotes"
    __table_args__ = (
        CheckConstraint("kind IN ('direct', 'indirect', 'mixed')", name="quote_kind"),
        CheckConstraint("start_offset >= 0 AND end_offset > start_offset", name="quote_offsets"),
        CheckConstraint("confidence >= 0 AND confidence <= 1", name="quote_confidence"),
        # covers the quotations a speaker is credited in (/quotations?speaker=) on PostgreSQL
        Index("ix_quotes_speaker_id_id", "speaker_id", "id", postgresql_include=["quotation_id"]),
        Index("ix_quotes_spoke_to_id_id", "spoke_to_id", "id"),
        Index(
            "ix_quotes_speaker_outlet_article",
            "speaker_id",
            "spoke_to_id",
            "article_id",
            postgresql_include=["id"],
        ),
        Index("ix_quotes_article_id_start", "article_id", "start_offset"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    speaker_id: Mapped[int | None] = mapped_column(ForeignKey("speakers.id"))
    spoke_to_id: Mapped[int | None] = mapped_column(ForeignKey("outlets.id"))
    text: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(10), index=True)
    start: Mapped[int] = mapped_column("start_offset", Integer)
    end: Mapped[int] = mapped_column("end_offset", Integer)
    # [{"start", "end"}, ...]: each piece of the spoken words (several when the attribution splits them)
    parts: Mapped[list | None] = mapped_column(Document)
    speaker_label: Mapped[str | None] = mapped_column(String(300))
    speaker_mention: Mapped[str | None] = mapped_column(String(500))
    mention_start: Mapped[int | None] = mapped_column(Integer)
    mention_end: Mapped[int | None] = mapped_column(Integer)
    cue: Mapped[str | None] = mapped_column(String(100))
    cue_start: Mapped[int | None] = mapped_column(Integer)
    cue_end: Mapped[int | None] = mapped_column(Integer)
    confidence: Mapped[float] = mapped_column(Float)
    rule: Mapped[str] = mapped_column(String(60))
    # an editor's "this is no quotation": out of every list, page, export and count (store/corrections.py)
    hidden: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    # the quotation this quote reports (quotations.py matches it in the transaction that stores the article)
    quotation_id: Mapped[int | None] = mapped_column(ForeignKey("quotations.id"), index=True)

    article: Mapped[Article] = relationship(back_populates="quotes")
    speaker: Mapped[Speaker | None] = relationship()
    spoke_to: Mapped[Outlet | None] = relationship()
    quotation: Mapped["Quotation | None"] = relationship()


class Quotation(db.Model):
    """The same words reported by one or more quotes; every figure here counts its visible quotes, kept by
    quotation_figures.py in the transaction that adds one (and recounted after a correction)."""

    __tablename__ = "quotations"
    __table_args__ = (Index("ix_quotations_first_seen_id", "first_seen", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str] = mapped_column(Text)  # the longest report's words
    speaker_id: Mapped[int | None] = mapped_column(ForeignKey("speakers.id"), index=True)  # most credited
    occurrences: Mapped[int] = mapped_column(default=0, server_default="0")
    outlets: Mapped[int] = mapped_column(default=0, server_default="0")  # distinct publishers
    speakers: Mapped[int] = mapped_column(default=0, server_default="0")  # distinct speakers credited
    first_seen: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_seen: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    speaker: Mapped[Speaker | None] = relationship()


# The most reported and the latest first (sort=-occurrences, -last_seen, id closing), in index order.
Index("ix_quotations_occurrences_id", Quotation.occurrences.desc(), Quotation.id)
Index("ix_quotations_last_seen_id", Quotation.last_seen.desc(), Quotation.id)


class QuotationSpeaker(db.Model):
    """How many visible reports of a quotation credit a speaker (quotation_figures.py keeps it in the
    transaction that adds a report, recounts it after a correction): the quotation's `speaker`, `speakers`
    and `attributed_to` read from here, and a speaker's quotations, disputed or not, from its index."""

    __tablename__ = "quotation_speakers"
    __table_args__ = (Index("ix_quotation_speakers_speaker", "speaker_id", "disputed", "quotation_id"),)

    quotation_id: Mapped[int] = mapped_column(
        ForeignKey("quotations.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    speaker_id: Mapped[int] = mapped_column(ForeignKey("speakers.id", ondelete="CASCADE"), primary_key=True)
    occurrences: Mapped[int] = mapped_column(default=0, server_default="0")
    first_quote_id: Mapped[int] = mapped_column(Integer)  # the earliest report crediting it: breaks a tie
    disputed: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")  # the quotation's


class QuotationOutlet(db.Model):
    """How many visible reports of a quotation an outlet published: the quotation's `outlets`."""

    __tablename__ = "quotation_outlets"
    __table_args__ = (Index("ix_quotation_outlets_outlet", "outlet_id", "quotation_id"),)

    quotation_id: Mapped[int] = mapped_column(
        ForeignKey("quotations.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    outlet_id: Mapped[int] = mapped_column(ForeignKey("outlets.id", ondelete="CASCADE"), primary_key=True)
    occurrences: Mapped[int] = mapped_column(default=0, server_default="0")


class QuotationText(db.Model):
    """Each distinct normalised wording a quotation was reported in: what a new quote is compared with."""

    __tablename__ = "quotation_texts"

    id: Mapped[int] = mapped_column(primary_key=True)
    quotation_id: Mapped[int] = mapped_column(ForeignKey("quotations.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(32), unique=True)  # digest of the words
    words: Mapped[str] = mapped_column(Text)  # lower-case words, " … " where a report cut some out


class QuotationShingle(db.Model):
    """Three consecutive words of a quotation's wordings (as a 64-bit hash): the index that finds the
    quotations a new quote may belong to."""

    __tablename__ = "quotation_shingles"

    shingle: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    quotation_id: Mapped[int] = mapped_column(
        ForeignKey("quotations.id", ondelete="CASCADE"), primary_key=True, index=True
    )


JOB_STATES = ("queued", "running", "done", "failed")


# The most confident quotations first (sort=-confidence, id closing the order) read in index order: with
# confidence alone PostgreSQL sorted every quotation of the top confidence (87 ms at 1M quotes).
Index("ix_quotes_confidence_id", Quote.confidence.desc(), Quote.id)


class IngestJob(db.Model):
    """An article submitted for extraction off the request path, and where its extraction stands."""

    __tablename__ = "ingest_jobs"
    __table_args__ = (
        CheckConstraint("status IN ('queued', 'running', 'done', 'failed')", name="job_status"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    status: Mapped[str] = mapped_column(String(10), default="queued")
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    submission: Mapped[dict] = mapped_column(Document)  # title, text, url, published_at, publisher
    article_id: Mapped[int | None] = mapped_column(ForeignKey("articles.id", ondelete="SET NULL"))
    error: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


ROLES = ("reader", "ingest", "editor", "admin")  # each role may do what the ones before it may


class ApiToken(db.Model):
    """A named token (store/tokens.py): only its SHA-256 is kept."""

    __tablename__ = "api_tokens"
    __table_args__ = (CheckConstraint("role IN ('reader', 'ingest', 'editor', 'admin')", name="token_role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    role: Mapped[str] = mapped_column(String(10))
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Change(db.Model):
    """One correction, as the audit keeps it (store/corrections.py): who, when, what it did to which rows."""

    __tablename__ = "changes"
    __table_args__ = (Index("ix_changes_target", "target", "target_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(100), index=True)  # the token's name
    action: Mapped[str] = mapped_column(String(20))
    target: Mapped[str] = mapped_column(String(10))  # "speaker" or "quote"
    target_id: Mapped[int] = mapped_column(Integer)
    before: Mapped[dict] = mapped_column(Document)
    after: Mapped[dict] = mapped_column(Document)
    undone_by_id: Mapped[int | None] = mapped_column(ForeignKey("changes.id"))
    rows: Mapped[list["ChangeRow"]] = relationship(cascade="all, delete-orphan", lazy="selectin")


class ChangeRow(db.Model):
    """A speaker or quote a change changed: what a later change depends on, what a speaker's history lists."""

    __tablename__ = "change_rows"
    __table_args__ = (Index("ix_change_rows_row", "kind", "row_id"),)

    change_id: Mapped[int] = mapped_column(ForeignKey("changes.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(10), primary_key=True)  # "speaker" or "quote"
    row_id: Mapped[int] = mapped_column(Integer, primary_key=True)


class SpeakerRedirect(db.Model):
    """A merged speaker's id and slug, answering with the speaker they were merged into."""

    __tablename__ = "speaker_redirects"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    slug: Mapped[str] = mapped_column(String(320), unique=True)
    to_id: Mapped[int] = mapped_column(ForeignKey("speakers.id", ondelete="CASCADE"))


class Load(db.Model):
    """A queued load (`quotedb load --queue`, store/loads.py): the paths it reads, how far reading got."""

    __tablename__ = "loads"
    __table_args__ = (CheckConstraint("status IN ('reading', 'queued', 'done')", name="load_status"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    key: Mapped[str] = mapped_column(String(64), index=True)  # digest of the paths: the same command resumes
    paths: Mapped[list] = mapped_column(Document)
    status: Mapped[str] = mapped_column(String(10), default="reading")
    window_size: Mapped[int] = mapped_column()  # the most batches of this load in Redis at once
    batch_size: Mapped[int] = mapped_column()  # articles a batch
    articles_read: Mapped[int] = mapped_column(default=0)
    items_read: Mapped[int] = mapped_column(default=0)  # articles and unreadable ones: where a resume goes on
    skipped: Mapped[list] = mapped_column(Document, default=list)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


class LoadBatch(db.Model):
    """A batch of a queued load: its articles wait here (staged) until a worker stores them and keeps what
    storing them counted (result); then the articles are dropped."""

    __tablename__ = "load_batches"
    __table_args__ = (
        UniqueConstraint("load_id", "number"),
        Index("ix_load_batches_load_status", "load_id", "status"),
        CheckConstraint(
            "status IN ('staged', 'queued', 'running', 'done', 'failed')", name="load_batch_status"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    load_id: Mapped[str] = mapped_column(ForeignKey("loads.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column()
    status: Mapped[str] = mapped_column(String(10), default="staged")
    articles: Mapped[list | None] = mapped_column(Document)
    size: Mapped[int] = mapped_column(default=0)  # articles and unreadable ones read into it
    attempts: Mapped[int] = mapped_column(default=0)
    result: Mapped[dict | None] = mapped_column(Document)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)
