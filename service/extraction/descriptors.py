"""Descriptors of a named speaker: the role written before a name ("Sharks head coach Peter DeBoer") and what is
set off beside it ("Dmitry, 27, of Minsk", "X, commander of the Y")."""

from spacy.tokens import Token

from .lexicon import PERSON_WORDS


def described_as_person(head: Token) -> bool:
    """An apposition that only a person takes: an age, or a person noun ("Roman, a resident of the area")."""
    return any(
        child.dep_ == "appos" and (child.lemma_.lower() in PERSON_WORDS or is_age(child))
        for child in head.children
    )


def is_age(token: Token) -> bool:
    return token.like_num and token.text.isdigit() and 12 <= int(token.text) <= 110


def role_before(run: list[Token]) -> str | None:
    """ "Sharks head coach Peter DeBoer": the lower-case role nouns written just before a name."""
    doc, i = run[0].doc, run[0].i
    words = []
    while (
        i > 0
        and doc[i - 1].pos_ in {"NOUN", "ADJ"}
        and doc[i - 1].text.islower()
        and doc[i - 1].head.i >= i - 1
    ):
        i -= 1
        words.insert(0, doc[i])
    return " ".join(t.text for t in words) if words and words[-1].pos_ == "NOUN" else None


def appositive_facts(head: Token) -> dict:
    """Descriptors set off beside a name: "Dmitry, 27, of Minsk", "X, commander of the Y"."""
    facts: dict = {}
    for child in head.children:
        if child.dep_ == "appos":
            if is_age(child):
                facts["age"] = int(child.text)
            elif child.pos_ == "NOUN":
                facts["role"] = _span_text(child, stop_deps={"relcl", "punct", "appos"})
        if child.dep_ == "prep" and child.lower_ == "of":
            place = [g for g in child.children if g.dep_ == "pobj" and g.ent_type_ in {"GPE", "LOC"}]
            if place:
                facts["place"] = place[0].text
        if child.dep_ in {"appos", "npadvmod"} and child.pos_ == "NUM" and child.text.isdigit():
            facts.setdefault("age", int(child.text))
        for grand in child.children if child.dep_ == "appos" else ():
            if grand.dep_ == "prep" and grand.lower_ == "of":
                place = [g for g in grand.children if g.dep_ == "pobj" and g.ent_type_ in {"GPE", "LOC"}]
                if place:
                    facts["place"] = place[0].text
    return facts


def _span_text(token: Token, stop_deps: set[str]) -> str:
    indices = [token.i]
    stack = [c for c in token.children if c.dep_ not in stop_deps]
    while stack:
        t = stack.pop()
        indices.append(t.i)
        stack.extend(c for c in t.children if c.dep_ not in stop_deps)
    return token.doc[min(indices) : max(indices) + 1].text
