"""Optimistic concurrency for corrections: a row's ETag is the hash of its representation (what a GET of it
answers), and a correction sent with If-Match is refused with 412 when the row has changed since."""

from flask import request
from flask_smorest import abort
from werkzeug.http import generate_etag


def etag_of(body: str | bytes) -> str:
    return generate_etag(body.encode() if isinstance(body, str) else body)


def with_etag(response):
    """The response with the strong ETag of its body (a later correction sends it back as If-Match)."""
    response.set_etag(etag_of(response.get_data()))
    return response


def check_if_match(current_body: str | bytes) -> None:
    """412 when If-Match names no ETag the row's present representation has."""
    if request.if_match and not request.if_match.contains(etag_of(current_body)):
        abort(
            412,
            message="The row has changed since you read it (If-Match names another ETag): read it again, "
            "then send the correction with its new ETag.",
        )
