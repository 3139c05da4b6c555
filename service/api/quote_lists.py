"""A list of quotations, the one every quote list answers with: /quotes, a speaker's and an outlet's
quotations. Filters and sorting pick a page of ids (store/quotes.py), one joined query writes its rows' JSON.
"""

from marshmallow import fields, validate

from ..extensions import db
from ..http.auth import has_role
from ..store.models import MAX_ID, QUOTE_KINDS, Article, Quote
from ..store.names import outlet_counts, speaker_counts
from ..store.quotes import named_quote_ids, named_values, quote_filter_values, quote_ids, quote_rows_json
from ..store.rows import QuoteSchema
from ..store.statements import derived
from .lookups import forbidden, sort_field, sort_terms
from .pagination import PageArgs, page_response, page_schema, paginate, paginate_after
from .schemas import SORT_HELP, StrictSchema

SORTABLE = {
    "id": Quote.id,
    "confidence": Quote.confidence,
    "published_at": Article.published_at,
    "article": Quote.article_id,
    "start": Quote.start,
}
QuotePage = page_schema(QuoteSchema, "QuotePage")
# A full-text match is read from a GIN bitmap, built whole before any row is counted (12 ms for 100k matches
# at 1M quotes), so beyond a small estimate the planner's estimate stands for the total.
FULL_TEXT_COUNT_UP_TO = 1_000
UNFILTERED = {"page", "per_page", "sort"}  # arguments that order and cut the list without narrowing it
KEPT_COUNTS = {
    "speaker": speaker_counts,
    "spoke_to": outlet_counts,
}  # filters whose rows keep their quote counts


INCLUDE_HIDDEN = "Editors only (an editor's or admin's token): also the quotations an editor hid."


class QuoteArgs(PageArgs, StrictSchema):
    speaker = fields.String(metadata={"description": "Speaker id, slug, name or alias (e.g. 'Mr Derbeiko')."})
    outlet = fields.String(
        metadata={"description": "Outlet spoken to or published in: id, slug, name or alias."}
    )
    spoke_to = fields.String(metadata={"description": "Outlet the speaker spoke to."})
    publisher = fields.String(metadata={"description": "Outlet that published the article."})
    article = fields.Integer(validate=validate.Range(min=1, max=MAX_ID))
    kind = fields.String(validate=validate.OneOf(QUOTE_KINDS))
    min_confidence = fields.Float(validate=validate.Range(min=0, max=1))
    q = fields.String(
        validate=validate.Length(min=1, max=200),
        metadata={"description": "Words that must all occur in the quotation (stemmed, full-text index)."},
    )
    since = fields.Date(metadata={"description": "Articles published on or after this date."})
    until = fields.Date(metadata={"description": "Articles published on or before this date."})
    sort = sort_field(SORTABLE, SORT_HELP)
    include_hidden = fields.Boolean(metadata={"description": INCLUDE_HIDDEN})
    after = fields.Integer(
        validate=validate.Range(min=0, max=MAX_ID),
        metadata={
            "description": "Keyset pagination: the quotations after this id, in id order, as fast at any "
            "depth as "
            "the first page; `page` and `sort` are ignored and no totals are counted. Start with 0."
        },
    )


def list_quotes(args: dict, scope: dict | None = None, total: int | None = None):
    """A page of quotations: filters and sorting pick the page's ids, one joined query writes its rows' JSON.
    The select for each set of filters is built once (store/quotes.quote_ids) and run with this request's
    values. `scope`: filter values a route fixes (its speaker, its outlet); `total`: how many quotations the
    scope holds (a speaker's kept count), the total when no filter narrows it. A speaker or an outlet spoken
    to, alone, takes its total from the counts kept on their rows: on PostgreSQL, in id order, read by the
    page's own statement."""
    dialect = db.session.get_bind().dialect.name
    if args.pop("include_hidden", False):  # an editor's list: no kept count stands for its total
        if not has_role("editor"):
            forbidden("include_hidden=true needs an editor's or admin's token.")
        scope, total = (scope or {}) | {"include_hidden": True}, None
    narrowing = set(args) - UNFILTERED
    if len(narrowing - {"after"}) == 1 and narrowing <= set(KEPT_COUNTS) | {"after"} and not scope:
        (name,) = narrowing - {"after"}
        if dialect == "postgresql" and args.get("sort", "id") == "id":
            return _named_list(name, args)
        counts = KEPT_COUNTS[name](args[name])
        values, total, narrowing = {name: sorted(counts)}, sum(counts.values()), narrowing - {name}
    else:
        values = quote_filter_values(args, dialect) | (scope or {})
    ids = quote_ids(frozenset(values), dialect, by_date="published_at" in args.get("sort", ""))
    if "after" in args:
        body, headers = paginate_after(
            ids,
            args,
            Quote.id,
            params=values,
            fetch=lambda page, params: quote_rows_json(page, [Quote.id], params),
        )
    else:
        order = sort_terms(args.get("sort"), SORTABLE, "id")
        ordered = derived(ids, ("order", args.get("sort")), lambda: ids.order_by(*order))
        body, headers = paginate(
            ordered,
            args,
            params=values,
            fetch=lambda page, params: quote_rows_json(page, order, params),
            count_up_to=FULL_TEXT_COUNT_UP_TO if "q" in args else None,
            total=None if narrowing else total,
        )
    return page_response(body), 200, headers


def _named_list(name: str, args: dict):
    """A list narrowed by one speaker or outlet spoken to, named as a user would: one statement finds who is
    meant, their page and their kept total (store/quotes.named_quote_ids)."""
    ids, total = named_quote_ids(name, later_page=args["page"] > 1 and "after" not in args)
    (id_column,) = ids.selected_columns
    values = named_values(name, args[name], args.get("after", 0))
    fetch = lambda page, params: quote_rows_json(page, [id_column], params, total)  # noqa: E731
    if "after" in args:
        body, headers = paginate_after(ids, args, id_column, params=values, fetch=fetch)
    else:
        ordered = derived(ids, "order", lambda: ids.order_by(id_column))
        body, headers = paginate(ordered, args, params=values, fetch=fetch)
    return page_response(body), 200, headers
