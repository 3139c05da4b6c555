"""Corrections, as routes of the speaker and quote blueprints: PATCH a speaker, merge or split one, PATCH a
quote. Each needs an editor's token, takes If-Match with the row's ETag (412 when stale), goes through
store/corrections.py (applied, audited, committed, announced) and answers with the corrected row and its ETag;
`X-Change-Id` names the audit's row."""

from flask import current_app
from flask_smorest import abort
from marshmallow import ValidationError, fields, validate, validates_schema

from ..extensions import db
from ..http.auth import actor, editor_required
from ..http.errors import documented_problems
from ..http.preconditions import check_if_match, with_etag
from ..store import corrections
from ..store.models import MAX_ID, QUOTE_KINDS, SPEAKER_KINDS, Quote, Speaker
from ..store.notices import corrections_made
from ..store.rows import SpeakerDetailSchema
from ..store.speakers import speaker_json
from .lookups import get_speaker
from .quotes import blp as quotes_blp
from .quotes import quote_body
from .schemas import QuoteDetailSchema, StrictSchema
from .speakers import blp as speakers_blp

# not blank, and no NUL (http/guards.py refuses it); a list, so that the spec states both
NAME = [
    validate.Length(min=1, max=300),
    validate.Regexp(r"^[^\x00]*[^\s\x00][^\x00]*$", error="A blank name."),
]
STORABLE = validate.Regexp(r"^[^\x00]*$", error="Contains a NUL character.")
ROW_ID = validate.Range(min=1, max=MAX_ID)
EDITOR = [{"bearerAuth": []}]


class JsonInteger(fields.Integer):
    """A JSON integer, as the spec says; not "5", 5.0 or true (which Python would take for one)."""

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.make_error("invalid")
        return super()._deserialize(value, attr, data, **kwargs)


class DescriptorsSchema(StrictSchema):
    """The facts the engine finds about a speaker (store/rows.SpeakerSchema's descriptors), as an editor sets
    them."""

    role = fields.String(validate=[validate.Length(min=1, max=300), STORABLE])
    age = JsonInteger(validate=validate.Range(min=0, max=150))
    place = fields.String(validate=[validate.Length(min=1, max=300), STORABLE])
    affiliation = fields.String(validate=[validate.Length(min=1, max=300), STORABLE])


class SpeakerPatchSchema(StrictSchema):
    name = fields.String(validate=NAME)
    kind = fields.String(validate=validate.OneOf(SPEAKER_KINDS))
    descriptors = fields.Nested(
        DescriptorsSchema, metadata={"description": "Replaces the speaker's descriptors: those not given go."}
    )
    wikidata_id = fields.String(
        allow_none=True, validate=validate.Regexp(r"^Q[1-9][0-9]{0,11}$", error="Q and digits, e.g. Q42.")
    )
    add_aliases = fields.List(fields.String(validate=NAME), validate=validate.Length(max=50))
    remove_aliases = fields.List(
        fields.String(validate=[validate.Length(max=300), STORABLE]), validate=validate.Length(max=50)
    )


class MergeSchema(StrictSchema):
    into = fields.Integer(required=True, validate=ROW_ID, metadata={"description": "The surviving speaker."})


class SplitSchema(StrictSchema):
    quote_ids = fields.List(
        fields.Integer(validate=ROW_ID), required=True, validate=validate.Length(min=1, max=1000)
    )
    name = fields.String(validate=NAME, metadata={"description": "A new speaker to give the quotes to."})
    into = fields.Integer(validate=ROW_ID, metadata={"description": "An existing speaker to give them to."})

    @validates_schema
    def _name_or_into(self, data, **kwargs):
        if ("name" in data) == ("into" in data):
            raise ValidationError("Give either name (a new speaker) or into (an existing one).", "name")


class JsonBoolean(fields.Boolean):
    """true or false, as the spec says; not 0, 1 or "yes" (which equal them to Python)."""

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, bool):
            raise self.make_error("invalid")
        return value


class QuotePatchSchema(StrictSchema):
    speaker_id = fields.Integer(allow_none=True, validate=ROW_ID, metadata={"description": "Reassign it."})
    hidden = JsonBoolean(
        metadata={"description": "A false quote: out of lists, pages, export and counts."},
    )
    reason = fields.String(
        validate=validate.Length(min=1, max=500), metadata={"description": "Why, for the audit."}
    )
    kind = fields.String(validate=validate.OneOf(QUOTE_KINDS))


def _documented(blueprint, schema, summary_status=200):
    """The decorators every correction wears: its body, an editor's token, the answers it may give."""

    def wrap(view):
        view = blueprint.doc(security=EDITOR)(view)
        view = documented_problems(blueprint, _WHY)(view)
        return editor_required(blueprint.arguments(schema, location="json")(view))  # the token first

    return wrap


_WHY = {
    401: "No valid token.",
    403: "The token's role is not editor or admin.",
    404: "No such row (the path's, or the speaker the body names).",
    409: "The data's present state refuses it: a name another speaker has, a merge into itself, quotes that "
    "are not the speaker's.",
    412: "If-Match (optional: the ETag the row's GET answered) names an ETag the row no longer has.",
    422: "The correction's input is invalid.",
}


def _speaker_response(speaker_id: int, change, status: int = 200):
    response = current_app.response_class(speaker_json(str(speaker_id)), status, mimetype="application/json")
    if change is not None:
        response.headers["X-Change-Id"] = str(change.id)
    return with_etag(response)


def document_split(api) -> None:
    """The spec says what SplitSchema's validator enforces: a new speaker's name or an existing one's id."""
    api.spec.components.schemas["Split"]["oneOf"] = [{"required": ["name"]}, {"required": ["into"]}]


def _commit(apply):
    """Apply a correction and commit it, or answer its error; announce it once committed."""
    try:
        change = apply()
    except corrections.CorrectionError as error:
        db.session.rollback()
        abort(422, message=str(error))
    except corrections.Conflict as error:
        db.session.rollback()
        abort(409, message=str(error))
    db.session.commit()
    corrections_made.send(current_app._get_current_object())
    return change


def _other_speaker(speaker_id: int) -> Speaker:
    found = db.session.get(Speaker, speaker_id)
    if found is None:
        abort(404, message=f"No speaker with id {speaker_id}.")
    return found


@speakers_blp.route("/<ref>", methods=["PATCH"], endpoint="SpeakerPatch")
@_documented(speakers_blp, SpeakerPatchSchema)
@speakers_blp.response(200, SpeakerDetailSchema)
def patch_speaker(data, ref):
    """Correct a speaker: name (the old one stays an alias), kind, descriptors, Wikidata id, aliases."""
    speaker = get_speaker(ref)
    check_if_match(speaker_json(str(speaker.id)))
    change = _commit(lambda: corrections.patch_speaker(db.session, speaker, data, actor())) if data else None
    return _speaker_response(speaker.id, change)


@speakers_blp.route("/<ref>/merge", methods=["POST"], endpoint="SpeakerMerge")
@_documented(speakers_blp, MergeSchema)
@speakers_blp.response(200, SpeakerDetailSchema)
def merge_speaker(data, ref):
    """Merge this speaker into another: quotes and aliases move, this id then redirects (301) to that one."""
    speaker = get_speaker(ref)
    check_if_match(speaker_json(str(speaker.id)))
    into = _other_speaker(data["into"])
    survivor = into.id
    change = _commit(lambda: corrections.merge_speakers(db.session, speaker, into, actor()))
    return _speaker_response(survivor, change)


@speakers_blp.route("/<ref>/split", methods=["POST"], endpoint="SpeakerSplit")
@_documented(speakers_blp, SplitSchema)
@speakers_blp.response(200, SpeakerDetailSchema)
def split_speaker(data, ref):
    """Give some of this speaker's quotes to a new speaker (`name`) or an existing one (`into`)."""
    speaker = get_speaker(ref)
    check_if_match(speaker_json(str(speaker.id)))
    into = _other_speaker(data["into"]) if "into" in data else None
    change = _commit(
        lambda: corrections.split_speaker(
            db.session, speaker, data["quote_ids"], actor(), name=data.get("name"), into=into
        )
    )
    return _speaker_response(change.after["speaker_id"], change)


@quotes_blp.route(f"/<int(max={MAX_ID}):quote_id>", methods=["PATCH"], endpoint="QuotePatch")
@_documented(quotes_blp, QuotePatchSchema)
@quotes_blp.response(200, QuoteDetailSchema)
def patch_quote(data, quote_id):
    """Correct a quotation: reassign it (speaker_id), hide it as no quotation (hidden, reason), its kind."""
    quote = db.session.get(Quote, quote_id)
    if quote is None:
        abort(404, message=f"No quotation with id {quote_id}.")
    check_if_match(quote_body(quote))
    if data.get("speaker_id") is not None:
        _other_speaker(data["speaker_id"])
    change = _commit(lambda: corrections.patch_quote(db.session, quote, data, actor())) if data else None
    response = current_app.response_class(
        quote_body(db.session.get(Quote, quote_id)), mimetype="application/json"
    )
    if change is not None:
        response.headers["X-Change-Id"] = str(change.id)
    return with_etag(response)
