"""Which quotations a list holds (its filters, its select of ids built once per set of filters), a page of
them as JSON text, one quotation with its reports, and every quotation for `quotedb export --quotations`."""

import json
from collections.abc import Iterator
from functools import lru_cache

from sqlalchemy import Boolean, bindparam, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from ..extensions import db
from .export import csv_table
from .json_pages import JsonRows, fetch_page, page_template
from .models import Article, Quotation, QuotationOutlet, QuotationSpeaker, Quote, Speaker
from .names import outlet_ids, speaker_ids
from .quotes import _day_end, _day_start
from .rows import QuotationSchema, SpeakerNameSchema, rfc3339
from .search import text_matches, text_query
from .statements import filter_values, keep


def _reported(*conditions):
    return Quotation.id.in_(select(Quote.quotation_id).where(*conditions, Quote.hidden.is_(False)))


def _credited(*conditions):
    """Quotations whose visible reports credit the `speaker` (an index range of quotation_speakers)."""
    return Quotation.id.in_(
        select(QuotationSpeaker.quotation_id).where(
            QuotationSpeaker.speaker_id.in_(bindparam("speaker", expanding=True)), *conditions
        )
    )


IS_DISPUTED = bindparam("disputed", type_=Boolean)

# The quotation list's filters, like quotes.QUOTE_FILTERS: each value a parameter named like the filter.
QUOTATION_FILTERS = {
    "speaker": lambda dialect: _credited(),
    "outlet": lambda dialect: or_(
        _reported(Quote.spoke_to_id.in_(bindparam("outlet", expanding=True))),
        Quotation.id.in_(
            select(QuotationOutlet.quotation_id).where(
                QuotationOutlet.outlet_id.in_(bindparam("outlet", expanding=True))
            )
        ),
    ),
    "q": lambda dialect: _reported(text_matches(dialect)),
    "since": lambda dialect: Quotation.last_seen >= bindparam("since", type_=Quotation.last_seen.type),
    "until": lambda dialect: Quotation.first_seen <= bindparam("until", type_=Quotation.first_seen.type),
    "min_occurrences": lambda dialect: Quotation.occurrences >= bindparam("min_occurrences"),
    "disputed": lambda dialect: (Quotation.speakers > 1) == IS_DISPUTED,
}


# Filters only a quotation with a visible report passes (one with none has no credit, outlet or report left).
REPORTED = frozenset({"speaker", "outlet", "q", "min_occurrences"})


def quotation_filter_values(args: dict, dialect: str) -> dict:
    """The values of the quotation filters given in `args`: names resolved to ids, days to instants."""
    return filter_values(
        args,
        QUOTATION_FILTERS,
        {
            "speaker": speaker_ids,
            "outlet": outlet_ids,
            "q": lambda query: text_query(query, dialect),
            "since": _day_start,
            "until": _day_end,
        },
    )


@lru_cache(maxsize=256)
def quotation_ids(filters: frozenset, dialect: str):
    """The select of the ids of the quotations that pass `filters`, built once for each set and kept: those
    with a visible report. A speaker's disputed (or undisputed) quotations are one range of its index."""
    statement = select(Quotation.id)
    if not filters & REPORTED:
        statement = statement.where(Quotation.occurrences > 0)
    both = {"speaker", "disputed"} <= filters
    if both:
        statement = statement.where(_credited(QuotationSpeaker.disputed == IS_DISPUTED))
    for name in sorted(filters - ({"speaker", "disputed"} if both else set())):
        statement = statement.where(QUOTATION_FILTERS[name](dialect))
    return keep(statement)


QUOTATION_PAGE_JSON = page_template("quotations", QuotationSchema(), Quotation)


def quotation_rows_json(ids_statement, params: dict | None = None) -> JsonRows:
    """The quotations an id-selecting statement (filtered, sorted and limited) picks, as JSON text in its
    order: written by PostgreSQL in one statement, by the schema elsewhere."""
    connection = db.session.connection()
    if connection.dialect.name == "postgresql":
        return fetch_page(connection, QUOTATION_PAGE_JSON, ids_statement, params)
    order = list(db.session.scalars(ids_statement, params))
    quotations = with_credits(order)
    return JsonRows.encoded(QuotationSchema(many=True).dump(quotations), order)


def with_credits(ids: list[int]) -> list[Quotation]:
    """The quotations of these ids, in that order, each with `attributed_to` (two queries)."""
    found = db.session.scalars(
        select(Quotation).where(Quotation.id.in_(ids)).options(joinedload(Quotation.speaker))
    )
    by_id = {quotation.id: quotation for quotation in found}
    for quotation in by_id.values():
        quotation.attributed_to = []
    credited = db.session.execute(
        select(QuotationSpeaker.quotation_id, Speaker.id, Speaker.name, QuotationSpeaker.occurrences)
        .join(Speaker, Speaker.id == QuotationSpeaker.speaker_id)
        .where(QuotationSpeaker.quotation_id.in_(ids))
        .order_by(QuotationSpeaker.occurrences.desc(), QuotationSpeaker.first_quote_id)
    )
    for quotation_id, speaker_id, name, n in credited:
        by_id[quotation_id].attributed_to.append(
            {"speaker": SpeakerNameSchema().dump({"id": speaker_id, "name": name}), "occurrences": n}
        )
    return [by_id[i] for i in ids if i in by_id]


def shown_quotation(quotation_id: int) -> Quotation | None:
    """One quotation with `attributed_to`, or None when there is none with a visible report."""
    found = with_credits([quotation_id])
    return found[0] if found and found[0].occurrences else None


# A quotation's visible reports, oldest first (published, else loaded): a page of their ids at a time.
REPORT_IDS = keep(
    select(Quote.id)
    .join(Article, Article.id == Quote.article_id)
    .where(Quote.quotation_id == bindparam("quotation"), Quote.hidden.is_(False))
    .order_by(func.coalesce(Article.published_at, Article.created_at), Quote.id)
)


def reports(ids_statement, params: dict) -> list[Quote]:
    """The quotes a page of REPORT_IDS picks, in its order, each with its article, publisher, outlet spoken
    to and speaker loaded."""
    order = list(db.session.scalars(ids_statement, params))
    found = db.session.scalars(
        select(Quote)
        .where(Quote.id.in_(order))
        .options(
            joinedload(Quote.article).joinedload(Article.publisher),
            joinedload(Quote.speaker),
            joinedload(Quote.spoke_to),
        )
    ).unique()
    by_id = {quote.id: quote for quote in found}
    return [by_id[i] for i in order if i in by_id]


def reported_by(quotation_ids: set[int]) -> dict[int, int]:
    """How many outlets published each of these quotations (for a page's "reported by N outlets")."""
    if not quotation_ids:
        return {}
    return dict(
        db.session.execute(
            select(Quotation.id, Quotation.outlets).where(Quotation.id.in_(sorted(quotation_ids)))
        ).all()
    )


EXPORT_COLUMNS = (
    "quotation_id",
    "text",
    "speaker_id",
    "speaker_name",
    "occurrences",
    "outlets",
    "speakers_credited",
    "first_seen",
    "last_seen",
)
EXPORT_BATCH = 1000


def export_rows() -> Iterator[dict]:
    """Every quotation with its counts, in id order, read by key a thousand at a time."""
    after = 0
    while True:
        batch = db.session.scalars(
            select(Quotation)
            .where(Quotation.id > after)
            .order_by(Quotation.id)
            .limit(EXPORT_BATCH)
            .options(selectinload(Quotation.speaker))
        ).all()
        for quotation in (quotation for quotation in batch if quotation.occurrences):  # a visible report
            yield {
                "quotation_id": quotation.id,
                "text": quotation.text,
                "speaker_id": quotation.speaker_id,
                "speaker_name": quotation.speaker.name if quotation.speaker else None,
                "occurrences": quotation.occurrences,
                "outlets": quotation.outlets,
                "speakers_credited": quotation.speakers,
                "first_seen": rfc3339(quotation.first_seen),
                "last_seen": rfc3339(quotation.last_seen),
            }
        if len(batch) < EXPORT_BATCH:
            return
        after = batch[-1].id
        db.session.expire_all()


def export_lines(format: str, bom: bool = False) -> Iterator[str]:
    """export_rows as CSV (with a header; `bom`: see export.csv_table) or JSON Lines."""
    if format == "jsonl":
        return (json.dumps(row, ensure_ascii=False) + "\n" for row in export_rows())
    return csv_table(EXPORT_COLUMNS, ([row[c] for c in EXPORT_COLUMNS] for row in export_rows()), bom)
