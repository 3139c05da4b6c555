"""The read queries that the JSON API and the pages share: what a name refers to, the quote filters, and a
page of quotations read as plain rows.

A page of 20 quotations as ORM objects dumped by marshmallow cost ~14 ms of Python; as one joined row each,
turned into dicts here, it costs well under a millisecond. The API's QuoteSchema stays the documented shape
(and the detail endpoint's serialiser); tests check that both give the same JSON.
"""
from datetime import datetime, time, timezone

from sqlalchemy import false, func, or_, select, union
from sqlalchemy.orm import aliased

from .extensions import db
from .models import Article, Outlet, OutletAlias, Quote, Speaker, SpeakerAlias
from .names import outlet_key, speaker_key
from .search import contains, literal_like, quote_text_matches

MAX_ID = 2**31 - 1  # ids are 32-bit integers on PostgreSQL


def as_id(value: str) -> int | None:
    """The row id a string of digits names, or None when it is no id at all."""
    if value.isascii() and value.isdigit() and 0 < int(value) <= MAX_ID:
        return int(value)
    return None


def find_by_ref(model, ref: str):
    """The speaker or outlet a path names by id or by slug, or None."""
    if as_id(ref):
        return db.session.get(model, as_id(ref))
    return db.session.scalar(select(model).where(model.slug == ref))


def speaker_ids(value: str) -> list[int]:
    """Speakers named by id, slug, name or alias ("Mr Derbeiko" finds Jan Derbeiko); a lone surname or
    forename finds every speaker it could be."""
    if value.isdigit():
        return [as_id(value)] if as_id(value) else []
    key = speaker_key(value)
    ids = _named(Speaker, SpeakerAlias.speaker_id, SpeakerAlias.key, value, key)
    if not ids and key and " " not in key:
        ids |= set(db.session.scalars(select(Speaker.id).where(
            or_(Speaker.key.like(f"% {literal_like(key)}", escape="\\"), Speaker.key.like(f"{literal_like(key)} %", escape="\\")))))
    return sorted(ids)


def outlet_ids(value: str) -> list[int]:
    if value.isdigit():
        return [as_id(value)] if as_id(value) else []
    return sorted(_named(Outlet, OutletAlias.outlet_id, OutletAlias.key, value, outlet_key(value)))


def _named(model, alias_owner, alias_key, value: str, key: str) -> set[int]:
    """Ids of the rows whose slug is `value` or whose name or an alias has `key`: one query."""
    return set(db.session.scalars(union(select(model.id).where(or_(model.slug == value, model.key == key)),
                                        select(alias_owner).where(alias_key == key))))


def filter_quotes(statement, args: dict):
    """Apply the quote filters shared by /quotes, /speakers/{id}/quotes and /outlets/{id}/quotes to a select
    of quote ids."""
    needs_article = any(args.get(k) for k in ("since", "until", "publisher", "outlet")) \
        or "published_at" in (args.get("sort") or "")
    if needs_article:
        statement = statement.join(Quote.article)
    if "speaker" in args:
        statement = statement.where(_in(Quote.speaker_id, speaker_ids(args["speaker"])))
    if "outlet" in args:
        ids = outlet_ids(args["outlet"])
        statement = statement.where(or_(_in(Quote.spoke_to_id, ids), _in(Article.publisher_id, ids)))
    if "spoke_to" in args:
        statement = statement.where(_in(Quote.spoke_to_id, outlet_ids(args["spoke_to"])))
    if "publisher" in args:
        statement = statement.where(_in(Article.publisher_id, outlet_ids(args["publisher"])))
    if "article" in args:
        statement = statement.where(Quote.article_id == args["article"])
    if "kind" in args:
        statement = statement.where(Quote.kind == args["kind"])
    if "min_confidence" in args:
        statement = statement.where(Quote.confidence >= args["min_confidence"])
    if "q" in args:
        statement = statement.where(quote_text_matches(args["q"]))
    if "since" in args:
        statement = statement.where(Article.published_at >= _day_start(args["since"]))
    if "until" in args:
        statement = statement.where(Article.published_at <= _day_end(args["until"]))
    return statement


def _in(column, ids: list[int]):
    return column.in_(ids) if ids else false()


def _day_start(day):
    return datetime.combine(day, time.min, tzinfo=timezone.utc)


def _day_end(day):
    return datetime.combine(day, time.max, tzinfo=timezone.utc)

SpokeTo = aliased(Outlet, name="spoke_to")
Publisher = aliased(Outlet, name="publisher")

COLUMNS = (
    Quote.id, Quote.text, Quote.kind, Quote.speaker_label, Quote.speaker_mention, Quote.mention_start,
    Quote.mention_end, Quote.cue, Quote.cue_start, Quote.cue_end, Quote.start, Quote.end, Quote.parts, Quote.confidence,
    Speaker.id.label("speaker_id"), Speaker.name.label("speaker_name"), Speaker.slug.label("speaker_slug"),
    Speaker.kind.label("speaker_kind"),
    SpokeTo.id.label("spoke_to_id"), SpokeTo.name.label("spoke_to_name"), SpokeTo.slug.label("spoke_to_slug"),
    Article.id.label("article_id"), Article.title.label("article_title"), Article.url.label("article_url"),
    Article.published_at.label("article_published_at"),
    Publisher.id.label("publisher_id"), Publisher.name.label("publisher_name"),
    Publisher.slug.label("publisher_slug"),
)


def quote_rows(ids_statement, order_by) -> list[dict]:
    """The quotations an id-selecting statement (already filtered, sorted and limited) picks, as JSON-ready
    dicts in `order_by` order; one query with every many-to-one join."""
    page = ids_statement.subquery()
    statement = (select(*COLUMNS).join(page, page.c.id == Quote.id)
                 .join(Article, Article.id == Quote.article_id)
                 .outerjoin(Speaker, Speaker.id == Quote.speaker_id)
                 .outerjoin(SpokeTo, SpokeTo.id == Quote.spoke_to_id)
                 .outerjoin(Publisher, Publisher.id == Article.publisher_id)
                 .order_by(*order_by))
    return [quote_json(row) for row in db.session.execute(statement)]


def quote_json(row) -> dict:
    return {
        "id": row.id, "text": row.text, "kind": row.kind,
        "speaker": _ref(row.speaker_id, row.speaker_name, row.speaker_slug) | {"kind": row.speaker_kind}
        if row.speaker_id is not None else None,
        "speaker_label": row.speaker_label,
        "speaker_mention": _span(row.speaker_mention, row.mention_start, row.mention_end),
        "cue": _span(row.cue, row.cue_start, row.cue_end),
        "spoke_to": _ref(row.spoke_to_id, row.spoke_to_name, row.spoke_to_slug),
        "start": row.start, "end": row.end, "parts": quote_parts(row), "confidence": row.confidence,
        "article": {
            "id": row.article_id, "title": row.article_title, "url": row.article_url,
            "published_at": _rfc3339(row.article_published_at),
            "publisher": _ref(row.publisher_id, row.publisher_name, row.publisher_slug),
        },
    }


def quote_parts(quote) -> list[dict]:
    """Each piece of the spoken words; a quote stored before parts existed is one piece, its envelope."""
    return [{"start": p["start"], "end": p["end"]} for p in quote.parts] if quote.parts \
        else [{"start": quote.start, "end": quote.end}]


def _ref(id_, name, slug) -> dict | None:
    return None if id_ is None else {"id": id_, "name": name, "slug": slug}


def _span(text, start, end) -> dict | None:
    return None if text is None else {"text": text, "start": start, "end": end}


def _rfc3339(value) -> str | None:
    if value is None:
        return None
    return (value if value.tzinfo else value.replace(tzinfo=timezone.utc)).isoformat()


def speaker_outlets(speaker_id: int) -> list[dict]:
    """The outlets a speaker spoke to, most quoted first (an index-only scan: count(*), not count(id))."""
    rows = db.session.execute(
        select(Outlet.id, Outlet.name, Outlet.slug, func.count().label("quote_count"))
        .join(Quote, Quote.spoke_to_id == Outlet.id).where(Quote.speaker_id == speaker_id)
        .group_by(Outlet.id, Outlet.name, Outlet.slug).order_by(func.count().desc(), Outlet.id))
    return [row._asdict() for row in rows]


def speaker_article_count(speaker_id: int) -> int:
    return db.session.scalar(select(func.count(func.distinct(Quote.article_id))).where(Quote.speaker_id == speaker_id))


def quotes_per_month(speaker_id: int) -> list[tuple[str, int]]:
    """("YYYY-MM", quotations) for each month the speaker's articles were published in, oldest first."""
    month = _month_of(Article.published_at)
    rows = db.session.execute(
        select(month.label("month"), func.count().label("n")).select_from(Quote)
        .join(Article, Article.id == Quote.article_id).where(Quote.speaker_id == speaker_id, Article.published_at.is_not(None)).group_by(month).order_by(month))
    return [(row.month, row.n) for row in rows]


def _month_of(column):
    if db.session.get_bind().dialect.name == "postgresql":
        return func.to_char(func.timezone("UTC", column), "YYYY-MM")
    return func.strftime("%Y-%m", column)


def speakers_named(text: str):
    """A select of the ids of speakers whose name or an alias contains `text` (any case)."""
    aliased_ids = select(SpeakerAlias.speaker_id).where(contains(SpeakerAlias.alias, text))
    return select(Speaker.id).where(or_(contains(Speaker.name, text), Speaker.id.in_(aliased_ids)))


def article_speakers(article_id: int) -> list[dict]:
    """The speakers quoted in one article, most quoted first."""
    rows = db.session.execute(
        select(Speaker.id, Speaker.name, Speaker.slug, Speaker.kind, func.count().label("quote_count"))
        .join(Quote, Quote.speaker_id == Speaker.id).where(Quote.article_id == article_id)
        .group_by(Speaker.id, Speaker.name, Speaker.slug, Speaker.kind).order_by(func.count().desc(), Speaker.name))
    return [row._asdict() for row in rows]


def outlet_speakers(outlet_id: int, limit: int = 50) -> list[dict]:
    """The speakers who spoke to an outlet, most quoted first."""
    rows = db.session.execute(
        select(Speaker.id, Speaker.name, Speaker.slug, func.count().label("quote_count"))
        .join(Quote, Quote.speaker_id == Speaker.id).where(Quote.spoke_to_id == outlet_id)
        .group_by(Speaker.id, Speaker.name, Speaker.slug).order_by(func.count().desc(), Speaker.name).limit(limit))
    return [row._asdict() for row in rows]
