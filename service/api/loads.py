"""/api/v1/loads: where a queued load (`quotedb load --queue`, store/loads.py) stands."""

import re

from flask.views import MethodView
from flask_smorest import Blueprint, abort
from marshmallow import Schema, fields

from ..extensions import db
from ..store.loads import summarise
from ..store.models import Load
from ..store.rows import UtcDateTime

blp = Blueprint("loads", __name__, url_prefix="/api/v1/loads", description="Queued loads of article files.")

FAILURES_SHOWN = 100
LOAD_ID = re.compile(r"[0-9a-f]{32}")


class LoadSchema(Schema):
    id = fields.String()
    status = fields.String(
        metadata={
            "enum": ["reading", "queued", "done"],
            "description": "reading: the files are still being read into batches; queued: all read, "
            "workers storing; done: every batch stored (or failed).",
        }
    )
    paths = fields.List(fields.String())
    articles_read = fields.Integer(metadata={"description": "Articles and unreadable ones read so far."})
    articles_done = fields.Integer(metadata={"description": "Of those, the ones in finished batches."})
    batches = fields.Dict(
        keys=fields.String(),
        values=fields.Integer(),
        metadata={"description": "Batches by state: staged, queued, running, done, failed."},
    )
    new = fields.Integer()
    unchanged = fields.Integer()
    failed = fields.Integer()
    failures = fields.List(
        fields.Dict(),
        metadata={"description": f"The first {FAILURES_SHOWN} failed articles: {{where, reason}}."},
    )
    quotes = fields.Integer()
    speakers = fields.Integer()
    outlets = fields.Integer()
    skipped = fields.List(fields.String(), metadata={"description": "Files that are no article format."})
    summary = fields.String(metadata={"description": "The line `quotedb load` prints, so far."})
    created_at = UtcDateTime()
    updated_at = UtcDateTime()


@blp.route("/<load_id>")
class LoadById(MethodView):
    @blp.response(200, LoadSchema)
    def get(self, load_id):
        """One queued load: how far its reading and its workers got, and its summary so far."""
        load = db.session.get(Load, load_id) if LOAD_ID.fullmatch(load_id) else None
        if load is None:
            abort(
                404,
                message=f"No load with id {load_id!r}: a load id is the 32 hexadecimal characters "
                "`quotedb load --queue` prints after 'load'.",
            )
        summary, progress = summarise(load)
        body = {
            "id": load.id,
            "status": load.status,
            "paths": load.paths,
            "articles_read": load.items_read,
            "articles_done": progress["items_done"],
            "batches": progress["batches"],
            "new": summary.new,
            "unchanged": summary.unchanged,
            "failed": len(summary.failed),
            "failures": [{"where": w, "reason": r} for w, r in list(summary.failed)[:FAILURES_SHOWN]],
            "quotes": summary.quotes,
            "speakers": len(summary.speakers),
            "outlets": len(summary.outlets),
            "skipped": summary.skipped,
            "summary": summary.line(),
            "created_at": load.created_at,
            "updated_at": load.updated_at,
        }
        return body, 200, {"Cache-Control": "no-store"}  # polled for a state that changes outside any request
