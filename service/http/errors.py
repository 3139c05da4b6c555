"""Every error answered in one place: under /api/ and /health an RFC 9457 problem document
(application/problem+json), elsewhere a page. One handler per kind of error, registered through Flask's public
API; the app factory hands in how a page is drawn (web.error_page), so this room needs nothing above it."""

import logging
from collections.abc import Callable

from flask import Flask, jsonify, request
from marshmallow import Schema, fields
from sqlalchemy.exc import DBAPIError
from werkzeug.exceptions import HTTPException, InternalServerError, ServiceUnavailable

PROBLEM_TYPE = "application/problem+json"
PROBLEM_PATHS = ("/api/", "/health")  # what machines read: problems; every other path is a page for people
log = logging.getLogger(__name__)


class ProblemSchema(Schema):
    type = fields.String(metadata={"example": "about:blank"})
    title = fields.String(metadata={"example": "Unprocessable Entity"})
    status = fields.Integer(metadata={"example": 422})
    detail = fields.String()
    errors = fields.Dict(metadata={"description": "Field errors by location and field name (422 only)."})


def problem(status: int, title: str, detail: str | None = None, errors: dict | None = None, headers=None):
    body = {"type": "about:blank", "title": title, "status": status}
    if detail:
        body["detail"] = detail
    if errors:
        body["errors"] = errors
    response = jsonify(body)
    response.status_code = status
    response.mimetype = PROBLEM_TYPE
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def _from_http_exception(error: HTTPException):
    data = getattr(error, "data", None) or {}
    errors = data.get("messages")
    detail = data.get("message") or error.description
    if errors and error.code == 422:
        detail = "The request has invalid or unknown fields; see errors."
    headers = {**dict(error.get_headers()), **(data.get("headers") or {})}
    headers.pop("Content-Type", None)
    return problem(error.code or 500, error.name, detail, errors, headers)


def _unexpected(error: Exception) -> InternalServerError:
    log.exception("unhandled error", exc_info=error)
    return InternalServerError(description="Something went wrong on our side; it has been logged.")


def _from_unexpected(error: Exception):
    _unexpected(error)
    return problem(500, InternalServerError().name, "The server hit an unexpected error; it has been logged.")


def _from_database_error(error: DBAPIError):
    """A connection the database server dropped (restarted, or ended by an administrator) fails the request
    that found it; the pool has replaced its other connections, so the same request succeeds when sent again.
    """
    if not error.connection_invalidated:
        return _from_unexpected(error)
    log.warning("database connection lost, answered 503: %s", error.orig)
    return problem(
        503,
        "Service Unavailable",
        "The connection to the database was reset; send the request again.",
        headers={"Retry-After": "1"},
    )


def _database_error_for_a_page(error: DBAPIError) -> HTTPException:
    if not error.connection_invalidated:
        return _unexpected(error)
    log.warning("database connection lost, answered 503: %s", error.orig)
    return ServiceUnavailable(description="The connection to the database was reset; load the page again.")


def register_error_handlers(app: Flask, page: Callable[[HTTPException], object]) -> None:
    """Problems under PROBLEM_PATHS; elsewhere `page(error)` draws the page (an unexpected error is logged and
    shown as a 500 page)."""

    def http_error(error: HTTPException):
        return _from_http_exception(error) if request.path.startswith(PROBLEM_PATHS) else page(error)

    def database_error(error: DBAPIError):
        if request.path.startswith(PROBLEM_PATHS):
            return _from_database_error(error)
        return page(_database_error_for_a_page(error))

    def unexpected(error: Exception):
        return _from_unexpected(error) if request.path.startswith(PROBLEM_PATHS) else page(_unexpected(error))

    app.register_error_handler(HTTPException, http_error)
    app.register_error_handler(DBAPIError, database_error)
    app.register_error_handler(Exception, unexpected)


def document_problem_responses(api) -> None:
    """The spec's shared error responses carry application/problem+json, as the handlers send them."""
    for response in api.spec.components.responses.values():
        content = response.get("content", {})
        if "application/json" in content:
            content[PROBLEM_TYPE] = content.pop("application/json")


def documented_problems(blueprint, why: dict[int, str]):
    """A decorator stating in the spec the problems a route may answer with ({status: why})."""

    def wrap(view):
        for status, description in why.items():
            view = blueprint.alt_response(
                status, schema=ProblemSchema, content_type=PROBLEM_TYPE, description=description
            )(view)
        return view

    return wrap
