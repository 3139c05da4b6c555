"""/api/v1/outlets: news outlets, as publishers and as the outlets speakers spoke to."""

from types import SimpleNamespace

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import RAISE, fields, validate
from sqlalchemy import func, or_, select

from ..extensions import db
from ..store.models import Article, Outlet, OutletAlias, Quote, Speaker
from ..store.rows import SpeakerSchema
from ..store.search import contains
from .lookups import apply_sort, get_outlet, sort_field
from .pagination import PageArgs, page_schema, paginate, row_tuples
from .quote_lists import QuoteArgs, QuotePage, list_quotes
from .schemas import SORT_HELP, OutletDetailSchema, OutletSchema, StrictSchema

blp = Blueprint("outlets", __name__, url_prefix="/api/v1/outlets", description="News outlets.")

SORTABLE = {"id": Outlet.id, "name": Outlet.name}
OutletPage = page_schema(OutletSchema, "OutletPage")
OutletSpeakerPage = page_schema(SpeakerSchema, "OutletSpeakerPage")


class OutletArgs(PageArgs, StrictSchema):
    name = fields.String(
        validate=validate.Length(min=1, max=200),
        metadata={"description": "Part of the outlet's name or of one of its aliases."},
    )
    sort = sort_field(SORTABLE, SORT_HELP)


class OutletQuoteArgs(QuoteArgs):
    class Meta:
        exclude = ("outlet", "spoke_to", "publisher")


class OutletSpeakerArgs(PageArgs, StrictSchema):
    pass


@blp.route("")
class Outlets(MethodView):
    @blp.arguments(OutletArgs(), location="query", unknown=RAISE)
    @blp.response(200, OutletPage)
    def get(self, args):
        """List outlets."""
        statement = select(Outlet)
        if "name" in args:
            aliased = select(OutletAlias.outlet_id).where(contains(OutletAlias.alias, args["name"]))
            statement = statement.where(or_(contains(Outlet.name, args["name"]), Outlet.id.in_(aliased)))
        body, headers = paginate(
            apply_sort(statement, args.get("sort"), SORTABLE, "name"), args, estimate=False
        )
        return body, 200, headers


@blp.route("/<ref>")
class OutletByRef(MethodView):
    @blp.response(200, OutletDetailSchema)
    def get(self, ref):
        """One outlet by id or slug, with how many quotations were spoken to it and articles it published."""
        outlet = get_outlet(ref)  # its quotes_spoken_to is kept on the row
        outlet.articles_published = db.session.scalar(
            select(func.count(Article.id)).where(Article.publisher_id == outlet.id)
        )
        return outlet


@blp.route("/<ref>/quotes")
class OutletQuotes(MethodView):
    @blp.arguments(OutletQuoteArgs(), location="query", unknown=RAISE)
    @blp.response(200, QuotePage)
    def get(self, args, ref):
        """Quotations spoken to this outlet or published in it, with the filters of /quotes."""
        return list_quotes(args, {"in_outlet": get_outlet(ref).id})


@blp.route("/<ref>/speakers")
class OutletSpeakers(MethodView):
    @blp.arguments(OutletSpeakerArgs(), location="query", unknown=RAISE)
    @blp.response(200, OutletSpeakerPage)
    def get(self, args, ref):
        """Speakers who spoke to this outlet, most quoted first; quote_count counts quotations to this outlet."""  # noqa: E501 (the spec's one-line summary)
        outlet = get_outlet(ref)
        quotes_here = func.count(Quote.id).label("quotes_to_outlet")
        statement = (
            select(Speaker, quotes_here)
            .join(Quote, Quote.speaker_id == Speaker.id)
            .where(Quote.spoke_to_id == outlet.id)
            .group_by(Speaker.id)
            .order_by(quotes_here.desc(), Speaker.id)
        )
        body, headers = paginate(statement, args, fetch=row_tuples)
        body["data"] = with_counts(body["data"])
        return body, 200, headers


def with_counts(rows) -> list[SimpleNamespace]:
    """(Speaker, count) rows as speakers whose quote_count is that count (a read-only copy: the row's own
    quote_count is its total, and must not change)."""
    return [
        SimpleNamespace(
            id=s.id,
            name=s.name,
            slug=s.slug,
            kind=s.kind,
            aliases=s.aliases,
            descriptors=s.descriptors,
            quote_count=count,
        )
        for s, count in rows
    ]
