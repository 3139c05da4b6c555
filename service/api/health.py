"""/health (the process answers) and /ready (the database answers and its schema is at the latest
migration)."""

from flask import Blueprint, jsonify
from sqlalchemy import text

from ..extensions import db
from ..http.errors import problem
from ..store.migrations_state import revisions

blp = Blueprint("health", __name__)


@blp.get("/health")
def health():
    return jsonify(status="ok")


@blp.get("/ready")
def ready():
    try:
        db.session.execute(text("SELECT 1"))
        current, head = revisions()
    except Exception as error:  # any failure to reach the database means not ready
        db.session.rollback()
        return problem(503, "Service Unavailable", f"database unreachable: {error.__class__.__name__}")
    if current != head:
        return problem(
            503, "Service Unavailable", f"database schema at {current}, latest migration is {head}"
        )
    return jsonify(status="ready", migration=current)
