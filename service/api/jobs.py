"""/api/v1/jobs: where an article submitted for extraction off the request path stands (the queue itself is
store/jobs.py)."""

from flask.views import MethodView
from flask_smorest import Blueprint, abort

from ..extensions import db
from ..store.models import IngestJob
from .schemas import JobSchema

blp = Blueprint("jobs", __name__, url_prefix="/api/v1/jobs", description="Articles being extracted.")


@blp.route("/<string(length=32):job_id>")
class JobById(MethodView):
    @blp.response(200, JobSchema)
    def get(self, job_id):
        """One ingest job: queued, running, done (with its article) or failed (with the reason)."""
        job = db.session.get(IngestJob, job_id)
        if job is None:
            abort(404, message=f"No job with id {job_id}.")
        return job, 200, {"Cache-Control": "no-store"}  # polled for a state that changes outside any request
