"""/api/v1/changes: the audit of every correction (who, when, what: before and after), a speaker's history,
and undoing one change while nothing later depends on it."""

from datetime import datetime, time, timezone

from flask import current_app
from flask.views import MethodView
from flask_smorest import Blueprint, abort
from marshmallow import RAISE, Schema, fields, validate
from sqlalchemy import false, select

from ..extensions import db
from ..http.auth import actor, editor_required, reader_required
from ..http.errors import documented_problems
from ..store import corrections
from ..store.models import MAX_ID, Change
from ..store.notices import corrections_made
from ..store.rows import UtcDateTime
from .lookups import get_speaker
from .pagination import PageArgs, page_schema, paginate
from .schemas import StrictSchema
from .speakers import blp as speakers_blp

blp = Blueprint("changes", __name__, url_prefix="/api/v1/changes", description="The audit of corrections.")


class ChangeSchema(Schema):
    id = fields.Integer()
    at = UtcDateTime()
    actor = fields.String(metadata={"description": "The name of the token that made it."})
    action = fields.String(metadata={"enum": ["edit", "merge", "split", "undo"]})
    target = fields.String(metadata={"enum": ["speaker", "quote"]})
    target_id = fields.Integer()
    rows = fields.Function(
        corrections.touched, metadata={"description": "The speakers and quotes it changed: {speaker, quote}."}
    )
    before = fields.Dict()
    after = fields.Dict()
    undone_by = fields.Integer(attribute="undone_by_id", allow_none=True)


ChangePage = page_schema(ChangeSchema, "ChangePage")


class ChangeArgs(PageArgs, StrictSchema):
    target = fields.String(
        validate=validate.Regexp(r"^(speaker|quote):[1-9][0-9]{0,9}$", error="speaker:ID or quote:ID."),
        metadata={"description": "Only changes to this row, e.g. speaker:12 or quote:345."},
    )
    actor = fields.String(
        validate=validate.Length(min=1, max=100), metadata={"description": "A token's name."}
    )
    since = fields.Date(metadata={"description": "Only changes made on or after this day (UTC)."})


def _changes(args: dict, statement=None):
    statement = select(Change) if statement is None else statement
    if "target" in args:
        kind, row_id = args["target"].split(":")
        if int(row_id) <= MAX_ID:
            statement = statement.where(corrections.touching(kind, int(row_id)))
        else:
            statement = statement.where(false())
    if "actor" in args:
        statement = statement.where(Change.actor == args["actor"])
    if "since" in args:
        statement = statement.where(
            Change.at >= datetime.combine(args["since"], time.min, tzinfo=timezone.utc)
        )
    body, headers = paginate(statement.order_by(Change.id.desc()), args)
    return body, 200, headers


READER = [{"bearerAuth": []}]  # the audit names who changed what: for tokens (reader and up), never anonymous
READ_PROBLEMS = {401: "No valid token: the audit names its editors, so it is read with a token (any role)."}


@blp.route("")
class Changes(MethodView):
    decorators = [reader_required]  # the token before the query

    @blp.doc(security=READER)
    @documented_problems(blp, READ_PROBLEMS)
    @blp.arguments(ChangeArgs(), location="query", unknown=RAISE)
    @blp.response(200, ChangePage)
    def get(self, args):
        """The corrections, newest first: filter by the row changed, who changed it, since when. Needs a
        token (reader and up); the pages tell anyone that a row was corrected, how often and when."""
        return _changes(args)


class SpeakerChangeArgs(ChangeArgs):
    class Meta:
        exclude = ("target",)


@speakers_blp.route("/<ref>/changes", endpoint="SpeakerChanges")
@reader_required
@speakers_blp.doc(security=READER)
@documented_problems(speakers_blp, READ_PROBLEMS)
@speakers_blp.arguments(SpeakerChangeArgs(), location="query", unknown=RAISE)
@speakers_blp.response(200, ChangePage)
def speaker_changes(args, ref):
    """The corrections that changed this speaker (merges, splits, edits of their quotes), newest first. Needs
    a token (reader and up)."""
    speaker = get_speaker(ref)
    return _changes(args, select(Change).where(corrections.touching("speaker", speaker.id)))


class UndoSchema(StrictSchema):
    reason = fields.String(
        validate=validate.Length(min=1, max=500), metadata={"description": "For the audit."}
    )


@blp.route(f"/<int(max={MAX_ID}):change_id>/undo")
class Undo(MethodView):
    decorators = [editor_required]  # the token before the body

    @blp.doc(security=[{"bearerAuth": []}])
    @documented_problems(
        blp,
        {
            401: "No valid token.",
            403: "The token's role is not editor or admin.",
            404: "No such change.",
            409: "A later change depends on it (the problem says which), or it was undone already.",
        },
    )
    @blp.arguments(UndoSchema(), location="json")
    @blp.response(201, ChangeSchema)
    def post(self, data, change_id):
        """Undo one change (recorded as a change of its own); 409 says which later changes depend on it."""
        change = db.session.get(Change, change_id)
        if change is None:
            abort(404, message=f"No change with id {change_id}.")
        try:
            reverted = corrections.undo(db.session, change, actor(), data.get("reason"))
        except corrections.Conflict as error:
            db.session.rollback()
            abort(409, message=str(error))
        db.session.commit()
        corrections_made.send(current_app._get_current_object())
        return reverted
