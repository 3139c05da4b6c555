"""Every 4xx and 5xx answer is an RFC 9457 problem document (application/problem+json)."""
import logging

from flask import Flask, jsonify
from marshmallow import Schema, fields
from sqlalchemy.exc import DBAPIError
from werkzeug.exceptions import HTTPException, InternalServerError

PROBLEM_TYPE = "application/problem+json"
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


def _from_unexpected(error: Exception):
    log.exception("unhandled error", exc_info=error)
    return problem(500, InternalServerError().name, "The server hit an unexpected error; it has been logged.")


def _from_database_error(error: DBAPIError):
    """A connection the database server dropped (restarted, or ended by an administrator) fails the request that
    found it; the pool has replaced its other connections, so the same request succeeds when sent again."""
    if not error.connection_invalidated:
        return _from_unexpected(error)
    log.warning("database connection lost, answered 503: %s", error.orig)
    return problem(503, "Service Unavailable", "The connection to the database was reset; send the request again.",
                   headers={"Retry-After": "1"})


def register_error_handlers(app: Flask) -> None:
    app.register_error_handler(HTTPException, _from_http_exception)
    app.register_error_handler(DBAPIError, _from_database_error)
    app.register_error_handler(Exception, _from_unexpected)


def document_problem_responses(api) -> None:
    """The spec's shared error responses carry application/problem+json, as the handlers send them."""
    for response in api.spec.components.responses.values():
        content = response.get("content", {})
        if "application/json" in content:
            content[PROBLEM_TYPE] = content.pop("application/json")
