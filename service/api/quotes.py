"""/api/v1/quotes: quotations, filtered by speaker, outlet, article, kind, confidence, text and date."""
import re
from datetime import datetime, time, timezone

from flask import jsonify
from flask.views import MethodView
from flask_smorest import Blueprint, abort
from marshmallow import RAISE, fields, validate
from sqlalchemy import false, or_, select

from ..extensions import db
from ..models import QUOTE_KINDS, Article, Quote
from ..search import quote_text_matches
from .lookups import MAX_ID, outlet_ids, sort_field, sort_terms, speaker_ids
from .pagination import PageArgs, page_schema, paginate, paginate_after
from .quote_rows import quote_rows
from .schemas import SORT_HELP, QuoteDetailSchema, QuoteSchema, StrictSchema

blp = Blueprint("quotes", __name__, url_prefix="/api/v1/quotes", description="Quotations and who said them.")

SORTABLE = {"id": Quote.id, "confidence": Quote.confidence, "published_at": Article.published_at,
            "article": Quote.article_id, "start": Quote.start}
QuotePage = page_schema(QuoteSchema, "QuotePage")
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


def list_quotes(args: dict, base=None):
    """A page of quotations: filters and sorting pick the page's ids, one joined query reads its rows."""
    ids = filter_quotes(base if base is not None else select(Quote.id), args)
    if "after" in args:
        body, headers = paginate_after(ids, args, Quote.id, fetch=lambda page: quote_rows(page, [Quote.id]))
    else:
        order = sort_terms(args.get("sort"), SORTABLE, "id")
        body, headers = paginate(ids.order_by(*order), args, fetch=lambda page: quote_rows(page, order))
    return jsonify(body), 200, headers


@blp.route("")
class Quotes(MethodView):
    @blp.arguments(QuoteArgs, location="query", unknown=RAISE)
    @blp.response(200, QuotePage)
    def get(self, args):
        """List quotations; filters combine with AND."""
        return list_quotes(args)


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
