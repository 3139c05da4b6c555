"""Rows a request path names (404 otherwise) and the sort parameter; what a name refers to is
store/names.py's."""

from flask import abort as abort_with
from flask import redirect, request, url_for
from flask_smorest import abort
from marshmallow import ValidationError, fields, validate
from sqlalchemy import Select

from ..extensions import db
from ..store.corrections import merged_into
from ..store.models import Outlet, Speaker
from ..store.names import find_by_ref


def get_by_ref(model, ref: str, what: str):
    """The row a path names by id or slug, or a 404 problem."""
    row = find_by_ref(model, ref)
    if row is None:
        not_found(what, ref)
    return row


def not_found(what: str, ref: str):
    abort(404, message=f"No {what} with id or slug {ref!r}.")


def forbidden(message: str):
    abort(403, message=message)


def get_speaker(ref: str) -> Speaker:
    """The speaker a path names; a merged speaker's id or slug answers 301 with the survivor's URL (409 for a
    write: it is gone)."""
    speaker = find_by_ref(Speaker, ref)
    if speaker is None:
        merged_speaker(ref)
        not_found("speaker", ref)
    return speaker


def merged_speaker(ref: str) -> None:
    """If `ref` names a merged speaker: 301 to the same URL with the survivor's id (409 for a write)."""
    survivor = merged_into(db.session, ref)
    if survivor is None:
        return
    if request.method not in ("GET", "HEAD"):
        abort(409, message=f"Speaker {ref} was merged into speaker {survivor}.")
    url = url_for(request.endpoint, **{**request.view_args, "ref": survivor}, **request.args)
    abort_with(redirect(url, 301))


def get_outlet(ref: str) -> Outlet:
    return get_by_ref(Outlet, ref, "outlet")


def sort_field(allowed: dict, description: str):
    """A sort query parameter whose documented pattern admits exactly the whitelisted fields."""
    names = "|".join(sorted(allowed))
    return fields.String(
        validate=validate.Regexp(
            rf"^-?({names})(,-?({names}))*$",
            error=(f"Sort by comma-separated fields from {sorted(allowed)}, '-' for descending."),
        ),
        metadata={"description": description + " Fields: " + ", ".join(sorted(allowed))},
    )


def parse_sort(value: str | None, allowed: dict, default: str) -> list:
    """ "-confidence,published_at" into ORDER BY terms from a whitelist; id always closes the order."""
    terms, seen = [], set()
    for part in (value or default).split(","):
        name = part.strip().removeprefix("-")
        if name not in allowed:
            raise ValidationError(f"Cannot sort by {part.strip()!r}; choose from {sorted(allowed)}.", "sort")
        if name in seen:
            continue
        seen.add(name)
        column = allowed[name]
        terms.append(column.desc() if part.strip().startswith("-") else column.asc())
    if "id" not in seen:
        terms.append(allowed["id"].asc())
    return terms


def sort_terms(value: str | None, allowed: dict, default: str) -> list:
    """parse_sort, answering a bad sort with a 422 problem."""
    try:
        return parse_sort(value, allowed, default)
    except ValidationError as error:
        abort(422, messages={"query": {"sort": error.messages}})


def apply_sort(statement: Select, value: str | None, allowed: dict, default: str) -> Select:
    return statement.order_by(*sort_terms(value, allowed, default))
