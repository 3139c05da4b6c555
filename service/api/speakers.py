"""/api/v1/speakers: the people and organisations quoted."""

from flask import current_app
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import RAISE, fields, validate

from ..http.preconditions import with_etag
from ..store.models import SPEAKER_KINDS, Speaker
from ..store.rows import SpeakerDetailSchema, SpeakerSchema
from ..store.speakers import speaker_filter_values, speaker_json, speaker_list_ids, speaker_rows_json
from ..store.statements import derived
from .lookups import get_speaker, merged_speaker, not_found, sort_field, sort_terms
from .pagination import PageArgs, page_response, page_schema, paginate
from .quote_lists import QuoteArgs, QuotePage, list_quotes
from .schemas import SORT_HELP, StrictSchema

blp = Blueprint(
    "speakers", __name__, url_prefix="/api/v1/speakers", description="People and organisations quoted."
)

SORTABLE = {"id": Speaker.id, "name": Speaker.name, "quote_count": Speaker.quote_count}
SpeakerPage = page_schema(SpeakerSchema, "SpeakerPage")


class SpeakerArgs(PageArgs, StrictSchema):
    name = fields.String(
        validate=validate.Length(min=1, max=200),
        metadata={"description": "Part of the speaker's name or of one of their aliases."},
    )
    kind = fields.String(validate=validate.OneOf(SPEAKER_KINDS))
    outlet = fields.String(
        metadata={"description": "Only speakers who spoke to this outlet (id, slug or name)."}
    )
    sort = sort_field(SORTABLE, SORT_HELP)


class SpeakerQuoteArgs(QuoteArgs):
    class Meta:
        exclude = ("speaker",)


@blp.route("")
class Speakers(MethodView):
    @blp.arguments(SpeakerArgs(), location="query", unknown=RAISE)
    @blp.response(200, SpeakerPage)
    def get(self, args):
        """List speakers with how often each is quoted."""
        values = speaker_filter_values(args)
        ids = speaker_list_ids(frozenset(values))  # built once for each set of filters
        order = sort_terms(args.get("sort"), SORTABLE, "name")
        ordered = derived(ids, ("order", args.get("sort")), lambda: ids.order_by(*order))
        body, headers = paginate(
            ordered, args, fetch=speaker_rows_json, estimate=False, count_with_page=True, params=values
        )
        return page_response(body), 200, headers


@blp.route("/<ref>")
class SpeakerByRef(MethodView):
    @blp.response(200, SpeakerDetailSchema)
    def get(self, ref):
        """One speaker by id or slug: aliases, descriptors, quote count, outlets spoken to, first and last seen."""  # noqa: E501 (the spec's one-line summary)
        text = speaker_json(ref)
        if text is None:
            merged_speaker(ref)
            not_found("speaker", ref)
        return with_etag(current_app.response_class(text, mimetype="application/json"))


@blp.route("/<ref>/quotes")
class SpeakerQuotes(MethodView):
    @blp.arguments(SpeakerQuoteArgs(), location="query", unknown=RAISE)
    @blp.response(200, QuotePage)
    def get(self, args, ref):
        """The speaker's quotations, with the same filters as /quotes."""
        speaker = get_speaker(ref)
        return list_quotes(args, {"speaker": [speaker.id]}, total=speaker.quote_count)
