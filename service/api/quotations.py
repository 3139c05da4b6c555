"""/api/v1/quotations: the same words across articles and outlets, one quotation with its reports."""

from flask.views import MethodView
from flask_smorest import Blueprint, abort
from marshmallow import RAISE, Schema, fields, validate

from ..extensions import db
from ..store.models import MAX_ID, Quotation
from ..store.quotation_reads import (
    REPORT_IDS,
    quotation_filter_values,
    quotation_ids,
    quotation_rows_json,
    reports,
    shown_quotation,
)
from ..store.rows import ArticleRefSchema, OutletRefSchema, QuotationSchema, SpeakerNameSchema
from ..store.statements import derived
from .lookups import sort_field, sort_terms
from .pagination import PageArgs, PaginationSchema, page_response, page_schema, paginate
from .schemas import SORT_HELP, StrictSchema

blp = Blueprint(
    "quotations",
    __name__,
    url_prefix="/api/v1/quotations",
    description="Quotations across articles and outlets: the same words, with every report of them.",
)

SORTABLE = {
    "id": Quotation.id,
    "occurrences": Quotation.occurrences,
    "first_seen": Quotation.first_seen,
    "last_seen": Quotation.last_seen,
}
QuotationPage = page_schema(QuotationSchema, "QuotationPage")


class QuotationArgs(PageArgs, StrictSchema):
    speaker = fields.String(
        metadata={"description": "Quotations any report credits to this speaker: id, slug, name or alias."}
    )
    outlet = fields.String(
        metadata={"description": "Quotations reported in or spoken to this outlet: id, slug, name or alias."}
    )
    q = fields.String(
        validate=validate.Length(min=1, max=200),
        metadata={"description": "Words that must all occur in a report (stemmed, full-text index)."},
    )
    since = fields.Date(metadata={"description": "Quotations last seen on or after this date."})
    until = fields.Date(metadata={"description": "Quotations first seen on or before this date."})
    min_occurrences = fields.Integer(validate=validate.Range(min=1, max=MAX_ID))
    disputed = fields.Boolean(
        metadata={"description": "true: credited to more than one speaker; false: to one or none."}
    )
    sort = sort_field(SORTABLE, SORT_HELP)


class ReportArticleSchema(ArticleRefSchema):
    class Meta:
        exclude = ("publisher",)


class ReportSchema(Schema):
    quote_id = fields.Integer(attribute="id")
    article = fields.Nested(ReportArticleSchema)
    publisher = fields.Nested(OutletRefSchema, attribute="article.publisher", allow_none=True)
    spoke_to = fields.Nested(OutletRefSchema, allow_none=True)
    speaker = fields.Nested(SpeakerNameSchema, allow_none=True)


class QuotationDetailSchema(QuotationSchema):
    reports = fields.List(
        fields.Nested(ReportSchema),
        metadata={
            "description": "Its reports (quotes), oldest first: one page of them, chosen by `page` and "
            "`per_page` as in the lists."
        },
    )
    pagination = fields.Nested(
        PaginationSchema, metadata={"description": "Where this page of `reports` stands among all of them."}
    )


class ReportPageArgs(PageArgs, StrictSchema):
    pass


@blp.route("")
class Quotations(MethodView):
    @blp.arguments(QuotationArgs(), location="query", unknown=RAISE)
    @blp.response(200, QuotationPage)
    def get(self, args):
        """List quotations with how often and where they were reported; filters combine with AND."""
        dialect = db.session.get_bind().dialect.name
        values = quotation_filter_values(args, dialect)
        ids = quotation_ids(frozenset(values), dialect)
        order = sort_terms(args.get("sort"), SORTABLE, "id")
        ordered = derived(ids, ("order", args.get("sort")), lambda: ids.order_by(*order))
        body, headers = paginate(
            ordered,
            args,
            params=values,
            fetch=quotation_rows_json,
            count_up_to=1_000 if "q" in args else None,
        )
        return page_response(body), 200, headers


@blp.route(f"/<int(max={MAX_ID}):quotation_id>")
class QuotationById(MethodView):
    @blp.arguments(ReportPageArgs(), location="query", unknown=RAISE)
    @blp.response(200, QuotationDetailSchema)
    def get(self, args, quotation_id):
        """One quotation with a page of its reports (article, publisher, outlet spoken to, speaker credited),
        oldest first; `X-Pagination` and `Link` as in the lists."""
        quotation = shown_quotation(quotation_id)
        if quotation is None:
            abort(404, message=f"No quotation with id {quotation_id}.")
        page, headers = paginate(
            REPORT_IDS, args, fetch=reports, params={"quotation": quotation_id}, total=quotation.occurrences
        )
        quotation.reports, quotation.pagination = page["data"], page["pagination"]
        return quotation, 200, headers
