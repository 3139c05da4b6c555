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
    start = _listed_fields_start(run, start)
    while end + 2 < len(doc) and doc[end + 1].lower_ in {"of", "for"}:
        k = end + 2 + (doc[end + 2].lower_ == "the")
        if k >= len(doc) or not _capitalised(doc[k]):
            break
        while k + 1 < len(doc) and (
            _capitalised(doc[k + 1])
            or (doc[k + 1].lower_ in {"of", "and", "&"} or _list_goes_on(doc, k + 1))
            and k + 2 < len(doc)
            and _capitalised(doc[k + 2])
        ):
            k += 1
        end = k
    if any(t.lower_ in {"of", "for"} for t in doc[start : end + 1]) and (last := _list_end(doc, end + 1)):
        end = last  # "the Department of Water, Land and Forests"
    if (start, end) == (run[0].i, run[-1].i):
        return None
    return list(doc[start : end + 1])


def _listed_fields_start(run: list[Token], start: int) -> int:
    """Where a body named by a list of fields begins: "the Meteorology, Climatology and Geophysics Agency", which
    the recogniser starts at "Climatology"; the list is one name only when "the" opens it."""
    doc = run[0].doc
    k = start
    while k >= 2 and doc[k - 1].text == "," and _capitalised(doc[k - 2]):
        k -= 2
    return k if k < start and _list_goes_on(doc, k + 1) and doc[k - 1].lower_ == "the" else start


def _list_goes_on(doc, comma: int) -> bool:
    """Whether the comma at `comma` parts the fields of one name, a list closed by "and" ("Water, Land and
    Forests"): one capitalised word after each comma, then "and" and another."""
    return _list_end(doc, comma) is not None


def _list_end(doc, comma: int) -> int | None:
    """The last word of the list of fields the comma at `comma` goes on with, None when it goes on with none."""
    k = comma
    while k + 1 < len(doc) and doc[k].text == "," and _capitalised(doc[k + 1]):
        k += 2
    closed = k > comma and k + 1 < len(doc) and doc[k].lower_ in {"and", "&"} and _capitalised(doc[k + 1])
    return k + 1 if closed else None


def body_written(body: list[Token]) -> str:
    """A body's name as written, the commas of its list of fields kept."""
    text = body[0].doc[body[0].i : body[-1].i + 1].text
    return (
        re.sub(r"^[Tt]he\s+", "", text)
        if _list_goes_on(body[0].doc, _first_comma(body))
        else clean_name(text)
    )


def _first_comma(body: list[Token]) -> int:
    return next((t.i for t in body if t.text == ","), len(body[0].doc))


def _capitalised(token: Token) -> bool:
    return token.is_alpha and token.text[0].isupper() and token.ent_type_ not in {"DATE", "TIME"}
