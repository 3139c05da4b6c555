"""/api/v1/quotes: quotations, filtered by speaker, outlet, article, kind, confidence, text and date."""

import json
import re

from flask import Response, current_app, stream_with_context
from flask.views import MethodView
from flask_smorest import Blueprint, abort
from marshmallow import RAISE, fields, validate

from ..extensions import db
from ..http.auth import has_role
from ..http.preconditions import with_etag
from ..store import export
from ..store.models import MAX_ID, Quote
from .quote_lists import INCLUDE_HIDDEN, QuoteArgs, QuotePage, list_quotes
from .schemas import QuoteDetailSchema, StrictSchema

blp = Blueprint("quotes", __name__, url_prefix="/api/v1/quotes", description="Quotations and who said them.")

SENTENCE_BREAK = re.compile(r"[.!?][”\"’']?\s+")
SENTENCE_END = re.compile(r"[.!?][”\"’']?(?=\s|$)")


@blp.route("")
class Quotes(MethodView):
    @blp.arguments(QuoteArgs(), location="query", unknown=RAISE)
    @blp.response(200, QuotePage)
    def get(self, args):
        """List quotations; filters combine with AND."""
        return list_quotes(args)


class QuoteExportArgs(StrictSchema):
    format = fields.String(load_default="csv", validate=validate.OneOf(export.FORMATS))
    bom = fields.Boolean(
        load_default=False,
        metadata={
            "description": "CSV only: start with a UTF-8 byte order mark, so that Excel reads the file as "
            "UTF-8."
        },
    )

    class Meta:
        include = {name: QuoteArgs._declared_fields[name] for name in export.FILTERS}


EXPORT_CONTENT = {
    "text/csv": {"schema": {"type": "string"}},
    "application/x-ndjson": {"schema": {"type": "string"}},
}


@blp.route("/export")
class QuoteExport(MethodView):
    @blp.arguments(QuoteExportArgs(), location="query", unknown=RAISE)
    @blp.doc(
        responses={
            "200": {
                "description": "Every matching quotation, streamed in id order (no page size "
                "cap): CSV with a header row, or one JSON object per line, each "
                "shaped like a /quotes row.",
                "content": EXPORT_CONTENT,
            }
        }
    )
    def get(self, args):
        """Export the quotations that match the filters, as CSV or JSON Lines, for a spreadsheet or a pipeline."""  # noqa: E501 (the spec's one-line summary)
        format = args.pop("format")
        chunks = (line.encode("utf-8") for line in export.lines(args, format, args.pop("bom")))
        filename = f"quotes.{format}"
        return Response(
            stream_with_context(chunks),
            content_type=EXPORT_MIMETYPES[format],
            headers={"Content-Disposition": f'attachment; filename="{filename}"'},
        )


EXPORT_MIMETYPES = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson"}


class QuoteDetailArgs(StrictSchema):
    include_hidden = fields.Boolean(load_default=False, metadata={"description": INCLUDE_HIDDEN})


@blp.route(f"/<int(max={MAX_ID}):quote_id>")
class QuoteById(MethodView):
    @blp.arguments(QuoteDetailArgs(), location="query", unknown=RAISE)
    @blp.response(200, QuoteDetailSchema)
    def get(self, args, quote_id):
        """One quotation, with its article and the passage around it."""
        quote = db.session.get(Quote, quote_id)
        if quote is None or (quote.hidden and not (args["include_hidden"] and has_role("editor"))):
            abort(404, message=f"No quotation with id {quote_id}.")
        return with_etag(current_app.response_class(quote_body(quote), mimetype="application/json"))


def quote_body(quote: Quote) -> str:
    """A quotation's detail as JSON text: what GET /quotes/<id> answers, and what its ETag hashes."""
    quote.sentence = surrounding_sentence(quote.article.text, quote.start, quote.end)
    return json.dumps(QuoteDetailSchema().dump(quote))


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
