"""Which quotations a list holds: the quote filters, each list's select of ids (built once per set of
filters), and a page of those ids read as rows (rows.QuoteSchema's shape) or as JSON text (json_pages.py)."""

from datetime import datetime, time, timezone
from functools import lru_cache

from sqlalchemy import Integer, bindparam, func, or_, select, true

from ..extensions import db
from .json_pages import QUOTE_PAGE_JSON, JsonRows, fetch_page
from .models import Article, Quote
from .names import (
    OUTLETS_NAMED,
    SPEAKERS_NAMED,
    name_params,
    outlet_ids,
    outlet_key,
    speaker_ids,
    speaker_key,
)
from .rows import FlatRows, QuoteSchema
from .search import text_matches, text_query
from .statements import PAGE_SIZE, SKIP, filter_values, keep

# The quote filters, each a WHERE clause whose value is the parameter named like the filter: quote_ids builds
# a list's select once per set of filters, quote_filter_values gives the values of one request.
QUOTE_FILTERS = {
    "speaker": lambda dialect: Quote.speaker_id.in_(bindparam("speaker", expanding=True)),
    "outlet": lambda dialect: or_(
        Quote.spoke_to_id.in_(bindparam("outlet", expanding=True)),
        Article.publisher_id.in_(bindparam("outlet", expanding=True)),
    ),
    "spoke_to": lambda dialect: Quote.spoke_to_id.in_(bindparam("spoke_to", expanding=True)),
    "publisher": lambda dialect: Article.publisher_id.in_(bindparam("publisher", expanding=True)),
    "article": lambda dialect: Quote.article_id == bindparam("article"),
    "kind": lambda dialect: Quote.kind == bindparam("kind"),
    "min_confidence": lambda dialect: Quote.confidence >= bindparam("min_confidence"),
    "q": text_matches,
    "since": lambda dialect: Article.published_at >= bindparam("since", type_=Article.published_at.type),
    "until": lambda dialect: Article.published_at <= bindparam("until", type_=Article.published_at.type),
    # an outlet's own list (not a query parameter): quotations spoken to it or published in it
    "in_outlet": lambda dialect: or_(
        Quote.spoke_to_id == bindparam("in_outlet"),
        Quote.article_id.in_(select(Article.id).where(Article.publisher_id == bindparam("in_outlet"))),
    ),
}
ARTICLE_FILTERS = {"outlet", "publisher", "since", "until"}  # filters on the article's columns: joined


def quote_filter_values(args: dict, dialect: str) -> dict:
    """The values of the quote filters given in `args`: names resolved to ids, days to the instants that bound
    them, a text query to what the engine's index takes."""
    return filter_values(
        args,
        QUOTE_FILTERS,
        {
            "speaker": speaker_ids,
            "outlet": outlet_ids,
            "spoke_to": outlet_ids,
            "publisher": outlet_ids,
            "q": lambda query: text_query(query, dialect),
            "since": _day_start,
            "until": _day_end,
        },
    )


@lru_cache(maxsize=512)
def quote_ids(filters: frozenset, dialect: str, by_date: bool = False):
    """The select of the ids of the quotations that pass `filters` (names of QUOTE_FILTERS), built once for
    each set and kept; `by_date` joins the articles for an order by publication date."""
    return keep(with_quote_filters(select(Quote.id), filters, dialect, by_date))


NAMED_FILTERS = {
    "speaker": (SPEAKERS_NAMED, Quote.speaker_id, speaker_key),
    "spoke_to": (OUTLETS_NAMED, Quote.spoke_to_id, outlet_key),
}


@lru_cache(maxsize=None)
def named_quote_ids(name: str, later_page: bool = False):
    """For a list narrowed by one name alone (NAMED_FILTERS), in id order, on PostgreSQL: the select of its
    quotation ids (unordered; order by its one column), and the select of its total, the named rows' kept
    counts, both reading the named rows from one CTE, so that the page is one statement. Each named row's
    first quotations come from its (speaker_id, id) or (spoke_to_id, id) index and are merged: `IN (the named
    ids)` sorted all 1,229 quotations of a speaker for a page of 20 (1.4 ms against 0.04). A `later_page`
    takes each row's first size + skip: on the first page the limit is a constant, so PostgreSQL keeps one
    generic plan for the statement (with a parameter in it, it planned every request anew: 2.0 ms against
    0.5). Run with name_params and `after`."""
    lookup, column, _ = NAMED_FILTERS[name]
    named = lookup.cte("named")
    firsts = (
        select(Quote.id)
        .where(column == named.c.id, Quote.id > bindparam("after", type_=Integer), Quote.hidden.is_(False))
        .order_by(Quote.id)
        .limit(PAGE_SIZE + SKIP if later_page else PAGE_SIZE)
        .lateral("firsts")
    )
    ids = select(firsts.c.id).select_from(named).join(firsts, true())
    return keep(ids), select(func.coalesce(func.sum(named.c.n), 0).label("n"))


def named_values(name: str, value: str, after: int = 0) -> dict:
    """The parameters of named_quote_ids(name) for one request (paginate sets `skip`)."""
    return name_params(value, NAMED_FILTERS[name][2]) | {"after": after}


def with_quote_filters(statement, filters, dialect: str, by_date: bool = False):
    """`filters` may hold "include_hidden" (an editor's list): else hidden quotations are left out."""
    if by_date or ARTICLE_FILTERS & set(filters):
        statement = statement.join(Quote.article)
    if "include_hidden" not in filters:
        statement = statement.where(Quote.hidden.is_(False))
    for name in sorted(set(filters) - {"include_hidden"}):
        statement = statement.where(QUOTE_FILTERS[name](dialect))
    return statement


def filter_quotes(statement, args: dict):
    """The quote filters of `args` applied to a select of quote ids, with their values in it (the pages and
    the export, which build their select per request)."""
    dialect = db.session.get_bind().dialect.name
    values = quote_filter_values(args, dialect)
    return with_quote_filters(statement, values, dialect).params(values)


def _day_start(day):
    return datetime.combine(day, time.min, tzinfo=timezone.utc)


def _day_end(day):
    return datetime.combine(day, time.max, tzinfo=timezone.utc)


QUOTE_ROWS = FlatRows(QuoteSchema(), Quote)


def quote_rows(ids_statement, order_by, params: dict | None = None) -> list[dict]:
    """The quotations an id-selecting statement (already filtered, sorted and limited; run with `params`)
    picks, as JSON-ready dicts (QuoteSchema's) in `order_by` order; one query with every many-to-one join."""
    statement = QUOTE_ROWS.select(ids_statement.subquery(), order_by)
    return [QUOTE_ROWS.read(row) for row in db.session.execute(statement, params)]


def quote_rows_json(ids_statement, order_by, params: dict | None = None, total=None) -> JsonRows:
    """quote_rows as JSON text. On PostgreSQL one statement returns the text, so a page costs Python no row
    objects, no dicts and no encoding (the statement's text is built once: json_pages.PageTemplate), and with
    `total` (a kept select of one number: named_quote_ids) the list's total; elsewhere the rows are encoded
    here."""
    connection = db.session.connection()
    if connection.dialect.name != "postgresql":
        rows = quote_rows(ids_statement, order_by, params)
        return JsonRows.encoded(rows, [row["id"] for row in rows])
    return fetch_page(connection, QUOTE_PAGE_JSON, ids_statement, params, total)
