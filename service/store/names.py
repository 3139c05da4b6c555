"""Names of speakers and outlets: the keys that match them across articles, and what a name refers to.

The one place names are matched: by the read queries (`speaker_counts`, `outlet_counts`: what a user typed, as
one statement built once) and by storing (`match_speakers`, `match_outlets`: the known rows an article's names
denote). The extraction engine only finds names; it never matches them to rows.
"""

import re
import unicodedata

from sqlalchemy import bindparam, or_, select, union
from sqlalchemy.orm import Session, joinedload

from ..extensions import db
from ..extraction.lexicon import COMPANY_SUFFIXES, HONORIFICS
from .models import Outlet, OutletAlias, Speaker, SpeakerAlias, as_id
from .search import literal_like

MINOR_WORDS = {"and", "of", "for", "the", "on", "in", "at", "to", "de", "du", "des", "la", "le"}


def words(name: str) -> list[str]:
    text = unicodedata.normalize("NFKC", name).replace("’", "'").lower()
    return re.findall(r"[^\W_]+(?:['-][^\W_]+)*", text)


def speaker_key(name: str) -> str:
    """ "Mr. Jan Derbeiko's" and "jan derbeiko" share the key "jan derbeiko"; honorifics and possessives
    go."""
    tokens = [w.removesuffix("'s") for w in words(name)]
    while len(tokens) > 1 and tokens[0].rstrip(".") in HONORIFICS | {"the"}:
        tokens = tokens[1:]  # never the last word: "Major" is a surname as well as a rank
    if len(tokens) > 1 and tokens[-1].rstrip(",") in COMPANY_SUFFIXES:
        tokens = tokens[:-1]  # "Samsung Electronics Co." is "Samsung Electronics"
    return " ".join(tokens)


def outlet_key(name: str) -> str:
    """ "MailOnline", "Mail Online", "the Mail-Online" share the key "mailonline"."""
    tokens = words(name)
    if tokens[:1] == ["the"] and len(tokens) > 1:
        tokens = tokens[1:]
    return "".join(re.findall(r"[^\W_]+", "".join(tokens)))


def slugify(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "unnamed"


# What a user typed, read: the speaker or outlet a path names, and the rows a filter's name refers to.


def find_by_ref(model, ref: str):
    """The speaker or outlet a path names by id or by slug, or None."""
    if as_id(ref):
        return db.session.get(model, as_id(ref))
    return db.session.scalar(select(model).where(model.slug == ref))


# Built once: a statement built per request cost more Python than the database spends answering it. Each finds
# the rows a name refers to, with their kept quotation counts (n), from the parameters name_params gives: by
# id for a string of digits; else by slug, key or an alias's key; a speaker's lone surname or forename, only
# where nothing else matched (a one-time filter: the LIKE scan runs only then).
def _speakers_matching(*conditions):
    return select(Speaker.id, Speaker.quote_count.label("n")).where(or_(*conditions))


_SPEAKERS_EXACT = union(
    _speakers_matching(
        Speaker.id == bindparam("named_id"),
        Speaker.slug == bindparam("named_value"),
        Speaker.key == bindparam("named_key"),
    ),
    select(Speaker.id, Speaker.quote_count.label("n"))
    .join(SpeakerAlias, SpeakerAlias.speaker_id == Speaker.id)
    .where(SpeakerAlias.key == bindparam("named_key")),
)
SPEAKERS_NAMED = union(
    _SPEAKERS_EXACT.subquery().select(),
    _speakers_matching(
        Speaker.key.like(bindparam("named_surname"), escape="\\"),
        Speaker.key.like(bindparam("named_forename"), escape="\\"),
    ).where(~select(_SPEAKERS_EXACT.subquery()).exists()),
)
OUTLETS_NAMED = union(
    select(Outlet.id, Outlet.quotes_spoken_to.label("n")).where(
        or_(
            Outlet.id == bindparam("named_id"),
            Outlet.slug == bindparam("named_value"),
            Outlet.key == bindparam("named_key"),
        )
    ),
    select(Outlet.id, Outlet.quotes_spoken_to.label("n"))
    .join(OutletAlias, OutletAlias.outlet_id == Outlet.id)
    .where(OutletAlias.key == bindparam("named_key")),
)


def name_params(value: str, key_of=speaker_key) -> dict:
    """The parameters of SPEAKERS_NAMED (key_of=speaker_key) or OUTLETS_NAMED (outlet_key) for what a user
    typed."""
    if value.isdigit():
        return {
            "named_id": as_id(value) or 0,
            "named_value": None,
            "named_key": None,
            "named_surname": None,
            "named_forename": None,
        }
    key = key_of(value)
    one_word, pattern = key and " " not in key, literal_like(key)
    return {
        "named_id": None,
        "named_value": value,
        "named_key": key,
        "named_surname": f"% {pattern}" if one_word else None,
        "named_forename": f"{pattern} %" if one_word else None,
    }


def speaker_ids(value: str) -> list[int]:
    """Speakers named by id, slug, name or alias ("Mr Derbeiko" finds Jan Derbeiko); a lone surname or
    forename finds every speaker it could be."""
    return sorted(speaker_counts(value))


def speaker_counts(value: str) -> dict[int, int]:
    """speaker_ids with each speaker's kept quote count, read by the same one query."""
    return dict(db.session.execute(SPEAKERS_NAMED, name_params(value)).all())


def outlet_ids(value: str) -> list[int]:
    return sorted(outlet_counts(value))


def outlet_counts(value: str) -> dict[int, int]:
    """The outlets named by id, slug, name or alias, with how many quotations were spoken to each (kept)."""
    return dict(db.session.execute(OUTLETS_NAMED, name_params(value, outlet_key)).all())


# An article's names, stored: the known rows they denote (articles.py makes the rows for the others).


def match_speakers(session: Session, names: list[str]) -> dict[str, Speaker]:
    """The one known speaker each name denotes: same name or alias; a lone surname or forename only when it
    fits exactly one known full name, so two people who share a surname are never merged blindly."""
    keys = {name: speaker_key(name) for name in names if speaker_key(name)}
    if not keys:
        return {}
    named = union(
        select(Speaker.id).where(Speaker.key.in_(set(keys.values()))),  # each side on its index
        select(SpeakerAlias.speaker_id).where(SpeakerAlias.key.in_(set(keys.values()))),
    )
    candidates = (
        session.scalars(select(Speaker).options(joinedload(Speaker.aliases)).where(Speaker.id.in_(named)))
        .unique()
        .all()
    )
    matched = {}
    for name, key in keys.items():
        found = [s for s in candidates if s.key == key or any(a.key == key for a in s.aliases)]
        exact = [s for s in found if s.key == key]
        if exact or len(found) == 1:
            matched[name] = (exact or found)[0]
        elif not found and " " not in key:
            partial = session.scalars(
                select(Speaker).where(
                    Speaker.kind == "person", or_(Speaker.key.like(f"% {key}"), Speaker.key.like(f"{key} %"))
                )
            ).all()
            if len(partial) == 1:
                matched[name] = partial[0]
            elif not partial and (spelled := _spelled_out(session, name)) is not None:
                matched[name] = spelled
    return matched


def _spelled_out(session: Session, name: str) -> Speaker | None:
    """ "IRCC" in one article, "Immigration, Refugees and Citizenship Canada" stored from another: the one
    organisation whose significant words begin with the acronym's letters."""
    if not re.fullmatch(r"[A-Z]{2,6}", name):
        return None
    pattern = "% ".join(name.lower()) + "%"
    found = session.scalars(
        select(Speaker).where(Speaker.kind == "organisation", Speaker.key.like(pattern))
    ).all()
    fits = [s for s in found if "".join(w[0] for w in s.key.split() if w not in MINOR_WORDS) == name.lower()]
    return fits[0] if len(fits) == 1 else None


def match_outlets(session: Session, keys: set[str]) -> dict[str, Outlet]:
    """The known outlet each key denotes, by its own key or an alias's (one query)."""
    if not keys:
        return {}
    named = union(
        select(Outlet.id).where(Outlet.key.in_(keys)),
        select(OutletAlias.outlet_id).where(OutletAlias.key.in_(keys)),
    )
    known = session.scalars(select(Outlet).options(joinedload(Outlet.aliases)).where(Outlet.id.in_(named)))
    known = known.unique().all()
    by_key = {outlet.key: outlet for outlet in known}
    for outlet in known:
        for alias in outlet.aliases:
            by_key.setdefault(alias.key, outlet)
    return by_key
