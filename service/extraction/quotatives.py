"""Verbs that hand over a quotation whatever they mean elsewhere: "“But there is some risk,” Alito interjected",
"“Well,” she countered, “…”", "“Then why…,” he rejoined".

No list of speech verbs is complete ("interjected", "rejoined", "scoffed", "chimed in"), but the frame is
closed: a quotation opening its sentence and ending in a comma, question or exclamation mark, then only a
subject and a verb that takes no object, then the end of the clause. English puts nothing but a verb of saying
there, so the frame is the cue.
"""

import re

from spacy.tokens import Token

OPENING_MARKS = {"“", '"', "‘"}
CLOSING_MARKS = {"”", '"', "’"}
OPEN_ENDINGS = {",", "?", "!", "—", "-", "…"}  # how a quotation ends when an attribution follows it
CLAUSE_END = {".", ",", ";", ":", "“", '"', "—"}
SENTENCE_BREAKS = {".", "!", "?", ":", *CLOSING_MARKS}
SUBJECT_WORDS = 4  # "Justice Samuel Alito", "the chief justice"
QUOTATION_WORDS = 80  # how far back the frame looks for the quotation's opening mark
# the text form of the frame, for the prefilter: a handed-over quotation, then a few words
FRAME_TEXT = re.compile(r"[,?!…—-][”\"’]\s+(?:[\w'’.-]+\s+){0,%d}[a-z]+(?:ed|s)\b" % SUBJECT_WORDS)


def hands_over_quotation(verb: Token) -> bool:
    """Whether this verb stands in the frame "“…,” X verbed." (or "“…,” verbed X.")."""
    if verb.pos_ != "VERB" or verb.tag_ not in {"VBD", "VBZ"}:
        return False
    if any(
        c.dep_ in {"dobj", "ccomp", "xcomp", "attr", "acomp", "oprd"} and c.i > verb.i for c in verb.children
    ):
        return False  # "“…,” she told him", "he looked tired": the verb has a sense of its own here
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    if len(subjects) != 1:
        return False
    subject, doc = subjects[0], verb.doc
    # the subject up to its head: "remembers Shanna Challenger, coordinator for …" ends at "Challenger"
    first, last = min(subject.left_edge.i, verb.i), max(subject.i, verb.i)
    if last - first > SUBJECT_WORDS or first < 2:
        return False
    if doc[first - 1].text not in CLOSING_MARKS or doc[first - 2].text not in OPEN_ENDINGS:
        return False
    if not _opens_sentence(doc, first - 1):
        return (
            False  # "After the success of “The Lord of the Rings,” the studio expanded": a title, not speech
        )
    after = last + 1
    while after < len(doc) and doc[after].dep_ in {"prt", "advmod"} and doc[after].head.i == verb.i:
        after += 1  # "chimed in", "said quietly"
    return after == len(doc) or doc[after].text in CLAUSE_END


def _opens_sentence(doc, closing: int) -> bool:
    """Whether the quotation closed at this token opened its sentence (or followed a colon or another
    quotation)."""
    for k in range(closing - 1, max(closing - QUOTATION_WORDS, -1), -1):
        if doc[k].text in OPENING_MARKS:
            return k == 0 or doc[k - 1].text in SENTENCE_BREAKS or doc[k].is_sent_start
    return False
