"""Turn what a client names (an id, a slug, a name or an alias) into rows, and shared query pieces."""
from flask_smorest import abort
from marshmallow import ValidationError, fields, validate
from sqlalchemy import Select, or_, select, union

from ..extensions import db
from ..models import Outlet, OutletAlias, Speaker, SpeakerAlias
from ..names import outlet_key, speaker_key
from ..search import literal_like


MAX_ID = 2**31 - 1  # ids are 32-bit integers on PostgreSQL


def as_id(value: str) -> int | None:
    """The row id a string of digits names, or None when it is no id at all."""
    if value.isascii() and value.isdigit() and 0 < int(value) <= MAX_ID:
        return int(value)
    return None


def speaker_ids(value: str) -> list[int]:
    """Speakers named by id, slug, name or alias ("Mr Derbeiko" finds Jan Derbeiko); a lone surname or
    forename finds every speaker it could be."""
    if value.isdigit():
        return [as_id(value)] if as_id(value) else []
    key = speaker_key(value)
    ids = _named(Speaker, SpeakerAlias.speaker_id, SpeakerAlias.key, value, key)
    if not ids and key and " " not in key:
        ids |= set(db.session.scalars(select(Speaker.id).where(
            or_(Speaker.key.like(f"% {literal_like(key)}", escape="\\"), Speaker.key.like(f"{literal_like(key)} %", escape="\\")))))
    return sorted(ids)


def outlet_ids(value: str) -> list[int]:
    if value.isdigit():
        return [as_id(value)] if as_id(value) else []
    return sorted(_named(Outlet, OutletAlias.outlet_id, OutletAlias.key, value, outlet_key(value)))


def _named(model, alias_owner, alias_key, value: str, key: str) -> set[int]:
    """Ids of the rows whose slug is `value` or whose name or an alias has `key`: one query."""
    return set(db.session.scalars(union(select(model.id).where(or_(model.slug == value, model.key == key)),
                                        select(alias_owner).where(alias_key == key))))


def get_by_ref(model, ref: str, what: str):
    """The row a path names by id or slug, or a 404 problem."""
    row = db.session.get(model, as_id(ref)) if as_id(ref) else db.session.scalar(
        select(model).where(model.slug == ref))
    if row is None:
        abort(404, message=f"No {what} with id or slug {ref!r}.")
    return row


def get_speaker(ref: str) -> Speaker:
    return get_by_ref(Speaker, ref, "speaker")


def get_outlet(ref: str) -> Outlet:
    return get_by_ref(Outlet, ref, "outlet")


def sort_field(allowed: dict, description: str):
    """A sort query parameter whose documented pattern admits exactly the whitelisted fields."""
    names = "|".join(sorted(allowed))
    return fields.String(validate=validate.Regexp(rf"^-?({names})(,-?({names}))*$", error=(
        f"Sort by comma-separated fields from {sorted(allowed)}, '-' for descending.")),
        metadata={"description": description + " Fields: " + ", ".join(sorted(allowed))})


def parse_sort(value: str | None, allowed: dict, default: str) -> list:
    """"-confidence,published_at" into ORDER BY terms from a whitelist; id always closes the order."""
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
