"""The whole name of a body the parser or the recogniser cut short: an office named after a role ("the U.S.
Attorney's Office for the Western District"), a name that goes on with an of/for phrase, and a name made of a list
of fields ("the Department of Water, Land and Forests")."""

import re

from spacy.tokens import Token

from .naming import TITLES, clean_name


def body_name(run: list[Token]) -> list[Token] | None:
    """The whole name of a body the parser cut: an office named after a role ("the U.S. Attorney's Office") and
    the capitalised of/for phrase its name goes on with ("… Office for the Western District of New York", "the
    High Commissioner for Human Rights"); None when the run is already whole."""
    doc = run[0].doc
    start, end = run[0].i, run[-1].i
    if (
        start >= 2
        and doc[start - 1].tag_ == "POS"
        and doc[start - 2].lower_ in TITLES
        and doc[start - 2].is_title
    ):
        start -= 2
        while start > 0 and doc[start - 1].pos_ == "PROPN" and not doc[start - 1].is_lower:
            start -= 1
    own = _own_entity(run)
    start = _listed_fields_start(run, start, own)
    while end + 2 < len(doc) and doc[end + 1].lower_ in {"of", "for"}:
        k = end + 2 + (doc[end + 2].lower_ == "the")
        if k >= len(doc) or not _capitalised(doc[k]):
            break
        while k + 1 < len(doc) and (
            _capitalised(doc[k + 1])
            or (doc[k + 1].lower_ in {"of", "and", "&"} or _list_end(doc, k + 1, own) is not None)
            and k + 2 < len(doc)
            and _capitalised(doc[k + 2])
        ):
            k += 1
        end = k
    last = _list_end(doc, end + 1, own)
    if last and (any(t.lower_ in {"of", "for"} for t in doc[start : end + 1]) or last in own):
        end = last  # "the Department of Water, Land and Forests"; a list the recogniser names whole
    if (start, end) == (run[0].i, run[-1].i):
        return None
    return list(doc[start : end + 1])


def _own_entity(run: list[Token]) -> range:
    """The token positions of the entity the run names, or of the run itself when the recogniser named none."""
    ent = next((e for e in run[0].doc.ents if e.start <= run[-1].i < e.end), None)
    return range(ent.start, ent.end) if ent is not None else range(run[0].i, run[-1].i + 1)


def _listed_fields_start(run: list[Token], start: int, own: range) -> int:
    """Where a body named by a list of fields begins when the recogniser started it later, at a field ("the
    Hydrology, | Forestry and Soil Agency") or after the "and" ("the Hydrology, Forestry and | Soil Agency"); the
    list is one name only when "the" opens it."""
    doc = run[0].doc
    k = start
    if k >= 2 and doc[k - 1].lower_ in {"and", "&"} and _field(doc[k - 2], own):
        k -= 2
    elif not (len(run) > 2 and run[1].lower_ in {"and", "&"}):
        return start
    while k >= 2 and doc[k - 1].text == "," and _field(doc[k - 2], own):
        k -= 2
    return k if 0 < k < start and doc[k - 1].lower_ == "the" else start


def _list_end(doc, comma: int, own: range) -> int | None:
    """The last word of the list of fields that the comma at `comma` goes on with ("Water, Land and Forests",
    "Agriculture, Food and Rural Affairs"): one word after each comma, then "and" and a capitalised run; None
    when it goes on with none. A field the recogniser names as a body of its own ("Bank of America, Citigroup
    and JPMorgan Chase") makes it a list of bodies, not one."""
    k = comma
    while k + 1 < len(doc) and doc[k].text == "," and _field(doc[k + 1], own):
        k += 2
    if not (k > comma and k + 1 < len(doc) and doc[k].lower_ in {"and", "&"} and _field(doc[k + 1], own)):
        return None
    k += 1
    while k + 1 < len(doc) and _field(doc[k + 1], own):
        k += 1
    return k


def _field(token: Token, own: range) -> bool:
    return _capitalised(token) and (token.ent_iob_ == "O" or token.i in own)


def body_written(body: list[Token]) -> str:
    """A body's name as written, the commas of its list of fields kept."""
    return listed_name(body) or clean_name(body[0].doc[body[0].i : body[-1].i + 1].text)


def listed_name(run: list[Token]) -> str | None:
    """The name of a body made of a list of fields, its commas kept ("Department of Water, Land and Forests");
    None when the run holds no such list."""
    own = range(run[0].i, run[-1].i + 1)
    if _list_end(run[0].doc, _first_comma(run), own) is None:
        return None
    return re.sub(r"^[Tt]he\s+", "", run[0].doc[run[0].i : run[-1].i + 1].text)


def _first_comma(body: list[Token]) -> int:
    return next((t.i for t in body if t.text == ","), len(body[0].doc))


def _capitalised(token: Token) -> bool:
    return token.is_alpha and token.text[0].isupper() and token.ent_type_ not in {"DATE", "TIME"}
