"""Who the speaker spoke to: the outlet named beside a speech verb ("told MailOnline", "spoke to Sky News
Australia", "in an interview with CNN")."""

from spacy.tokens import Token

from .lexicon import CONTACT_VERBS, OUTLET_GENERIC, OUTLET_HINTS


def find_outlet(verb: Token) -> str | None:
    """The outlet the speaker spoke to: "told MailOnline", "spoke to Sky News Australia", "in an interview with CNN"."""
    lemma = verb.lemma_.lower()
    candidates = []
    for child in verb.children:
        if lemma == "tell" and (child.dep_ in {"dobj", "dative", "iobj"} or misparsed_object(child)):
            candidates.append(child)
        if (
            child.dep_ == "prep"
            and child.lower_ in {"to", "with"}
            and lemma in CONTACT_VERBS | {"say", "explain", "tell", "add"}
        ):
            candidates.extend(g for g in child.children if g.dep_ == "pobj")
        if child.dep_ == "prep" and child.lower_ == "in":
            for noun in child.children:
                if noun.lemma_ == "interview":
                    for prep in noun.children:
                        if prep.lower_ == "with":
                            candidates.extend(g for g in prep.children if g.dep_ == "pobj")
    for noun in candidates:
        name = outlet_name(noun)
        if name:
            return name
    return None


def misparsed_object(token: Token) -> bool:
    """A second subject after the verb, where the object stands: "Jack Buser tells The Hollywood Reporter",
    which the small parser reads as two subjects of "tells"."""
    verb = token.head
    return (
        token.dep_ == "nsubj"
        and token.i > verb.i
        and any(c.dep_ == "nsubj" and c.i < verb.i for c in verb.children)
    )


def outlet_name(noun: Token) -> str | None:
    if noun.ent_type_ in {"PERSON", "NORP"} or noun.pos_ == "PRON":
        return None
    words = _core_phrase(noun)
    # drop articles and a possessive place in front ("Britain's i newspaper")
    while words and (
        words[0].dep_ == "det"
        or words[0].tag_ == "POS"
        or words[0].ent_type_ in {"GPE", "NORP"}
        and words[0].dep_ == "poss"
    ):
        words = words[1:]
    if len(words) > 1 and words[-1].lower_ in OUTLET_GENERIC:
        words = words[:-1]
    if not words:
        return None
    proper = any(t.pos_ == "PROPN" for t in words) or noun.ent_type_ in {"ORG", "WORK_OF_ART"}
    hinted = noun.lower_ in OUTLET_GENERIC or any(t.lower_ in OUTLET_HINTS for t in words)
    if noun.ent_type_ == "GPE" and not hinted or not proper and not (hinted and words[-1].i != noun.i):
        return None
    return noun.doc[words[0].i : words[-1].i + 1].text


def _core_phrase(noun: Token) -> list[Token]:
    """The noun and its pre-modifiers, without prepositional phrases, clauses or appositions."""
    keep = [noun]
    for child in noun.children:
        if child.i < noun.i and child.dep_ not in {"prep", "relcl", "acl", "punct", "cc", "conj", "appos"}:
            keep.extend(child.subtree)
    return sorted(keep, key=lambda t: t.i)
