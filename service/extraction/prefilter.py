"""Which paragraphs can hold an attribution, decided without spaCy.

Only those get the full pipeline (tagger, parser, lemmatizer, entities); the rest are read for
names alone, which costs a fraction of a full parse. A paragraph qualifies by a form of a cue verb
or "according" outside its quotation marks (cues inside them are never used), a transcript label or
a colon closing the paragraph or opening a quotation, so the filter lets through more than the rules need, never less.
A paragraph that issues a document ("The company issued a statement") is parsed too: a later "the statement
said" speaks for whoever it names.
"""

import re

from .lexicon import (
    BELIEF_VERBS,
    CONTACT_VERBS,
    DOCUMENT_NOUNS,
    ISSUING_PARTICIPLES,
    ISSUING_VERBS,
    SPEECH_VERBS,
    UPPER_LABEL,
)
from .marks import MarkedSpan
from .quotatives import FRAME_TEXT

IRREGULAR = {
    "say": ["said"],
    "tell": ["told"],
    "write": ["wrote", "written"],
    "speak": ["spoke", "spoken"],
    "think": ["thought"],
    "feel": ["felt"],
    "know": ["knew", "known"],
    "forecast": ["forecast"],
    "swear": ["swore", "sworn"],
    "read": ["read"],
    "hold": ["held"],
    "mean": ["meant"],
    "put": ["put"],
}
WORD = re.compile(r"[a-z]+")
LABEL = re.compile(rf"^[\"“]?{UPPER_LABEL}:\s")


def inflections(lemma: str) -> set[str]:
    forms = {
        lemma,
        lemma + "s",
        lemma + "es",
        lemma + "ed",
        lemma + "d",
        lemma + "ing",
        *IRREGULAR.get(lemma, []),
    }
    if lemma.endswith("e"):
        forms.add(lemma[:-1] + "ing")
    if lemma.endswith("y"):
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    forms |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}  # "admitted", "referring"
    return forms


CUE_FORMS = frozenset(
    form for lemma in SPEECH_VERBS | BELIEF_VERBS | CONTACT_VERBS for form in inflections(lemma)
)

# "The company issued a statement": who issued a document a later "the statement said" speaks for
DOCUMENT_FORMS = DOCUMENT_NOUNS | {noun + "s" for noun in DOCUMENT_NOUNS}
ISSUING_FORMS = ISSUING_PARTICIPLES | {form for lemma in ISSUING_VERBS for form in inflections(lemma)}


def needs_parse(text: str, spans: list[MarkedSpan]) -> bool:
    """Whether the text outside the paragraph's quotation marks could hold a cue. A paragraph that is all
    quotation (a continuation, a floating quote) needs none: its speaker comes from the paragraphs before."""
    if text.rstrip().endswith(":") or LABEL.match(text):
        return True
    outside, last = [], 0
    for span in spans:
        outside.append(text[last : span.mark_start])
        if outside[-1].rstrip().endswith(":"):
            return True  # "Martell is more blunt: “…”": a colon introduces the quotation
        last = span.mark_end
    outside.append(text[last:])
    words = set(WORD.findall(" ".join(outside).lower()))
    issues_document = not words.isdisjoint(DOCUMENT_FORMS) and not words.isdisjoint(ISSUING_FORMS)
    return (
        "according" in words
        or not words.isdisjoint(CUE_FORMS)
        or issues_document
        or bool(FRAME_TEXT.search(text))  # "“…,” Alito interjected": a verb in the quotative frame
    )
