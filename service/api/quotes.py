"""/api/v1/quotes: quotations, filtered by speaker, outlet, article, kind, confidence, text and date."""
import re
from flask import Response, stream_with_context
from flask.views import MethodView
from flask_smorest import Blueprint, abort
from marshmallow import RAISE, fields, validate

from .. import export
from ..extensions import db
from ..models import QUOTE_KINDS, Article, Quote
from ..queries import (MAX_ID, derived, named_quote_ids, named_values, outlet_counts, quote_filter_values, quote_ids,
                       quote_rows_json, speaker_counts)
from .lookups import sort_field, sort_terms
from .pagination import PageArgs, json_page, page_schema, paginate, paginate_after
from .schemas import SORT_HELP, QuoteDetailSchema, QuoteSchema, StrictSchema

blp = Blueprint("quotes", __name__, url_prefix="/api/v1/quotes", description="Quotations and who said them.")

SORTABLE = {"id": Quote.id, "confidence": Quote.confidence, "published_at": Article.published_at,
            "article": Quote.article_id, "start": Quote.start}
QuotePage = page_schema(QuoteSchema, "QuotePage")
# A full-text match is read from a GIN bitmap, built whole before any row is counted (12 ms for 100k matches
# at 1M quotes), so beyond a small estimate the planner's estimate stands for the total.
FULL_TEXT_COUNT_UP_TO = 1_000
UNFILTERED = {"page", "per_page", "sort"}  # arguments that order and cut the list without narrowing it
KEPT_COUNTS = {"speaker": speaker_counts, "spoke_to": outlet_counts}  # filters whose rows keep their quote counts
SENTENCE_BREAK = re.compile(r"[.!?][”\"’']?\s+")
SENTENCE_END = re.compile(r"[.!?][”\"’']?(?=\s|$)")


class QuoteArgs(PageArgs, StrictSchema):
    speaker = fields.String(metadata={"description": "Speaker id, slug, name or alias (e.g. 'Mr Derbeiko')."})
    outlet = fields.String(metadata={"description": "Outlet spoken to or published in: id, slug, name or alias."})
    spoke_to = fields.String(metadata={"description": "Outlet the speaker spoke to."})
    publisher = fields.String(metadata={"description": "Outlet that published the article."})
    article = fields.Integer(validate=validate.Range(min=1, max=MAX_ID))
    kind = fields.String(validate=validate.OneOf(QUOTE_KINDS))
    min_confidence = fields.Float(validate=validate.Range(min=0, max=1))
    q = fields.String(validate=validate.Length(min=1, max=200), metadata={"description": "Words that must all occur in the quotation (stemmed, full-text index)."})
    since = fields.Date(metadata={"description": "Articles published on or after this date."})
    until = fields.Date(metadata={"description": "Articles published on or before this date."})
    sort = sort_field(SORTABLE, SORT_HELP)
    after = fields.Integer(validate=validate.Range(min=0, max=MAX_ID), metadata={
        "description": "Keyset pagination: the quotations after this id, in id order, as fast at any depth as "
                       "the first page; `page` and `sort` are ignored and no totals are counted. Start with 0."})


def list_quotes(args: dict, scope: dict | None = None, total: int | None = None):
    """A page of quotations: filters and sorting pick the page's ids, one joined query writes its rows' JSON.
    The select for each set of filters is built once (queries.quote_ids) and run with this request's values.
    `scope`: filter values a route fixes (its speaker, its outlet); `total`: how many quotations the scope holds
    (a speaker's kept count), the total when no filter narrows it. A speaker or an outlet spoken to, alone, takes
    its total from the counts kept on their rows: on PostgreSQL, in id order, read by the page's own statement."""
    dialect = db.session.get_bind().dialect.name
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
        body, headers = paginate_after(ids, args, Quote.id, params=values,
                                       fetch=lambda page, params: quote_rows_json(page, [Quote.id], params))
    else:
        order = sort_terms(args.get("sort"), SORTABLE, "id")
        ordered = derived(ids, ("order", args.get("sort")), lambda: ids.order_by(*order))
        body, headers = paginate(ordered, args, params=values,
                                 fetch=lambda page, params: quote_rows_json(page, order, params),
                                 count_up_to=FULL_TEXT_COUNT_UP_TO if "q" in args else None,
                                 total=None if narrowing else total)
    return json_page(body), 200, headers


def _named_list(name: str, args: dict):
    """A list narrowed by one speaker or outlet spoken to, named as a user would: one statement finds who is meant,
    their page and their kept total (queries.named_quote_ids)."""
    ids, total = named_quote_ids(name, later_page=args["page"] > 1 and "after" not in args)
    (id_column,) = ids.selected_columns
    values = named_values(name, args[name], args.get("after", 0))
    fetch = lambda page, params: quote_rows_json(page, [id_column], params, total)  # noqa: E731
    if "after" in args:
        body, headers = paginate_after(ids, args, id_column, params=values, fetch=fetch)
    else:
        ordered = derived(ids, "order", lambda: ids.order_by(id_column))
        body, headers = paginate(ordered, args, params=values, fetch=fetch)
    return json_page(body), 200, headers


@blp.route("")
class Quotes(MethodView):
    @blp.arguments(QuoteArgs(), location="query", unknown=RAISE)
    @blp.response(200, QuotePage)
    def get(self, args):
        """List quotations; filters combine with AND."""
        return list_quotes(args)


class QuoteExportArgs(StrictSchema):
    format = fields.String(load_default="csv", validate=validate.OneOf(export.FORMATS))
    bom = fields.Boolean(load_default=False, metadata={
        "description": "CSV only: start with a UTF-8 byte order mark, so that Excel reads the file as UTF-8."})

    class Meta:
        include = {name: QuoteArgs._declared_fields[name] for name in export.FILTERS}


EXPORT_CONTENT = {"text/csv": {"schema": {"type": "string"}}, "application/x-ndjson": {"schema": {"type": "string"}}}


@blp.route("/export")
class QuoteExport(MethodView):
    @blp.arguments(QuoteExportArgs(), location="query", unknown=RAISE)
    @blp.doc(responses={"200": {"description": "Every matching quotation, streamed in id order (no page size "
                                               "cap): CSV with a header row, or one JSON object per line, each "
                                               "shaped like a /quotes row.", "content": EXPORT_CONTENT}})
    def get(self, args):
        """Export the quotations that match the filters, as CSV or JSON Lines, for a spreadsheet or a pipeline."""
        format = args.pop("format")
        chunks = (line.encode("utf-8") for line in export.lines(args, format, args.pop("bom")))
        filename = f"quotes.{format}"
        return Response(stream_with_context(chunks), content_type=EXPORT_MIMETYPES[format],
                        headers={"Content-Disposition": f'attachment; filename="{filename}"'})


EXPORT_MIMETYPES = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson"}


@blp.route(f"/<int(max={MAX_ID}):quote_id>")
class QuoteById(MethodView):
    @blp.response(200, QuoteDetailSchema)
    def get(self, quote_id):
        """One quotation, with its article and the passage around it."""
        quote = db.session.get(Quote, quote_id)
        if quote is None:
            abort(404, message=f"No quotation with id {quote_id}.")
        quote.sentence = surrounding_sentence(quote.article.text, quote.start, quote.end)
        return quote


def surrounding_sentence(text: str, start: int, end: int) -> dict:
    """The quotation with the rest of the sentences it stands in, never past its paragraph."""
    paragraph_start = text.rfind("\n", 0, start) + 1
    paragraph_end = text.find("\n", end) if "\n" in text[end:] else len(text)
    left = paragraph_start
    for match in SENTENCE_BREAK.finditer(text, paragraph_start, start):
        left = match.end()
    match = SENTENCE_END.search(text, end, paragraph_end)
    right = match.end() if match else paragraph_end
    return {"text": text[left:right], "start": left, "end": right}
