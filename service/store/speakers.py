"""Which speakers a list holds (its filters, its select of ids built once per set of filters), a page of them
as JSON text, and one speaker's detail, each in the shape of its schema (rows.py)."""

import json
from functools import lru_cache

from sqlalchemy import bindparam, func, or_, select
from sqlalchemy.orm import selectinload

from ..extensions import db
from .json_pages import SPEAKER_JSON, SPEAKER_PAGE_JSON, JsonRows, fetch_page
from .models import Quote, Speaker, SpeakerAlias, as_id
from .names import find_by_ref, outlet_ids
from .rows import SpeakerDetailSchema, SpeakerSchema
from .search import contains_parameter, contains_pattern
from .statements import derived, filter_values, keep
from .statistics import speaker_outlets

# The speaker list's filters, like quotes.QUOTE_FILTERS: each value a parameter named like the filter.
SPEAKER_FILTERS = {
    "name": lambda: or_(
        contains_parameter(Speaker.name, "name"),
        Speaker.id.in_(select(SpeakerAlias.speaker_id).where(contains_parameter(SpeakerAlias.alias, "name"))),
    ),
    "kind": lambda: Speaker.kind == bindparam("kind"),
    "outlet": lambda: Speaker.id.in_(
        select(Quote.speaker_id).where(Quote.spoke_to_id.in_(bindparam("outlet", expanding=True)))
    ),
}


def speaker_filter_values(args: dict) -> dict:
    """The values of the speaker filters given in `args`: a name as the pattern that finds it, an outlet's
    ids."""
    return filter_values(args, SPEAKER_FILTERS, {"name": contains_pattern, "outlet": outlet_ids})


@lru_cache(maxsize=64)
def speaker_list_ids(filters: frozenset):
    """The select of the ids of the speakers that pass `filters` (names of SPEAKER_FILTERS), built once and
    kept."""
    statement = select(Speaker.id)
    for name in sorted(filters):
        statement = statement.where(SPEAKER_FILTERS[name]())
    return keep(statement)


def speakers_named(text: str):
    """A select of the ids of speakers whose name or an alias contains `text` (any case)."""
    return speaker_list_ids(frozenset({"name"})).params(name=contains_pattern(text))


def speaker_rows_json(ids_statement, params: dict | None = None, counting=None) -> JsonRows:
    """The speakers an id-selecting statement (filtered, sorted and limited) picks, as JSON text:
    SpeakerSchema's rows, written by PostgreSQL in one statement, by the schema elsewhere. On PostgreSQL the
    same statement counts the rows of `counting` (the list's total: a second statement cost more Python than
    its count)."""
    connection = db.session.connection()
    if connection.dialect.name == "postgresql":
        total = (
            None
            if counting is None
            else derived(
                counting, "count", lambda: select(func.count().label("n")).select_from(counting.subquery())
            )
        )
        return fetch_page(connection, SPEAKER_PAGE_JSON, ids_statement, params, total)
    order = list(db.session.scalars(ids_statement, params))
    found = db.session.scalars(
        select(Speaker).where(Speaker.id.in_(order)).options(selectinload(Speaker.aliases))
    )
    by_id = {speaker.id: speaker for speaker in found}
    return JsonRows.encoded(SpeakerSchema(many=True).dump([by_id[i] for i in order]), order)


def speaker_json(ref: str) -> str | None:
    """One speaker, by id or slug, as the JSON text of SpeakerDetailSchema (with the outlets they spoke to,
    most quoted first), or None. PostgreSQL writes it in one statement (three statements and a marshmallow
    dump served 2.4x fewer requests at 1M quotes); elsewhere the schema dumps it."""
    connection = db.session.connection()
    if connection.dialect.name == "postgresql":
        parameters = {"id": as_id(ref), "slug": None if as_id(ref) else ref}
        return connection.exec_driver_sql(SPEAKER_JSON, parameters).scalar()
    speaker = find_by_ref(Speaker, ref)
    if speaker is None:
        return None
    speaker.outlets = speaker_outlets(speaker.id)
    return json.dumps(SpeakerDetailSchema().dump(speaker))
