"""Credit direct quotations to a speaker: the cue beside them, a dash signature, or the quotation before."""

import re
from dataclasses import dataclass

from .cues import Cue
from .marks import MarkedSpan
from .mentions import Mention
from .quotatives import OPEN_ENDINGS

SCARE_QUOTE_MAX_WORDS = 3
TITLE_SMALL_WORDS = {"a", "an", "the", "and", "or", "of", "in", "on", "at", "to", "for", "with", "by"}
AFTER_CUE_MAX_WORDS = 30
BEFORE_CUE_MAX_WORDS = 12
SENTENCE_END = re.compile(r"[.!?][”\"’']*\s")
ABBREVIATIONS = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "sen",
    "rep",
    "gov",
    "st",
    "jr",
    "sr",
    "lt",
    "gen",
    "col",
    "capt",
    "prof",
    "no",
    "vs",
    "sgt",
    "rev",
    "u.s",
    "u.k",
    "maj",
    "messrs",
    "inc",
    "co",
    "corp",
    "ltd",
    "ft",
    "mt",
}
DASH_SIGNATURE = re.compile(r"\s*[―—–]\s*((?:[A-Z][\w.'’-]*\s?){1,5})")


@dataclass
class Attribution:
    """Who a quotation is credited to, as found in the text, and by which rule."""

    mention: Mention | None
    cue: Cue | None
    rule: str

    def again(self, rule: str) -> "Attribution":
        return Attribution(self.mention, self.cue, rule)


def mention_class(mention: Mention | None) -> str:
    if mention is None:
        return "none"
    if mention.pronoun:
        return "pronoun" if mention.name else "pronoun-unresolved"
    if mention.kind == "description" or not mention.name:
        return "description"
    return "named"


def attach(text: str, span: MarkedSpan, spans: list[MarkedSpan], cues: list[Cue]) -> Attribution | None:
    """The cue credited with a quotation: just after it ("“…,” she said"), just before it ("He said: “…”"),
    or a signature dash ("“…” ― Carla Sanchez")."""
    for cue, how in _candidate_cues(text, span, spans, cues):
        if cue.subject is not None:
            return Attribution(cue.subject, cue, f"direct:{how}:{mention_class(cue.subject)}")
    signature = DASH_SIGNATURE.match(text, span.mark_end)
    return Attribution(signer(signature), None, "direct:signature") if signature else None


def signer(signature: re.Match, base: int = 0) -> Mention:
    """The person a dash signature names ("― Carla Sanchez"), located where the match is."""
    name = signature.group(1).strip().rstrip(".")
    start = signature.start(1)
    return Mention(start, start + len(name), name, name=name, kind="person", base=base)


def _candidate_cues(text, span, spans, cues):
    after = [
        c
        for c in cues
        if c.start >= span.mark_end
        and _attribution_follows(text, span, c, spans)
        and (c.family != "according" or len(text[span.mark_end : c.start].split()) == 0)
    ]  # "“…” according to X"
    before = [c for c in cues if c.end <= span.mark_start and _same_sentence(text, c.end, span.mark_start)]
    ends_open = text[span.start : span.end].rstrip()[-1:] in OPEN_ENDINGS
    if before and text[before[-1].end : span.mark_start].strip().endswith(":"):
        yield before[-1], "colon"
    if after and (ends_open or not before):
        yield after[0], "after"
    if before:
        yield before[-1], "before"
    if after:
        yield after[0], "after"


def _attribution_follows(text: str, span: MarkedSpan, cue: Cue, spans) -> bool:
    """ "“…,” said X" / "“…,” X, a long description, said": nothing but the attribution between."""
    gap = text[span.mark_end : cue.start]
    if any(span.mark_end <= s.mark_start < cue.start for s in spans) or has_sentence_break(gap):
        return False
    words = len(gap.split())
    if words <= 3:
        return True
    handed_over = text[span.start : span.end].rstrip()[-1:] in OPEN_ENDINGS or gap.lstrip().startswith(",")
    if not handed_over:
        return False
    subject = cue.subject
    return (
        words <= 8
        or words <= AFTER_CUE_MAX_WORDS
        and subject is not None
        and span.mark_end <= subject.start < cue.start
    )


def _same_sentence(text: str, start: int, end: int) -> bool:
    gap = text[start:end]  # words counted only up to the limit: a cue far away is the common case
    return len(gap.split(None, BEFORE_CUE_MAX_WORDS)) <= BEFORE_CUE_MAX_WORDS and not has_sentence_break(gap)


def has_sentence_break(gap: str) -> bool:
    for match in SENTENCE_END.finditer(gap):
        word = (gap[: match.start()].split()[-1:] or [""])[0]
        if word.lower().strip('("“') not in ABBREVIATIONS and not re.fullmatch(r"(?:[A-Z]\.)*[A-Z]", word):
            return True
    return False


def is_scare_quote(text: str, span: MarkedSpan) -> bool:
    """Words in marks that no cue credits and nobody is quoted as saying: scare quotes and titles ("The Steve
    Harvey Morning Show"), slogans too ("Meth. We're On It."), which is_quoted_name keeps for a cue to credit."""
    words = text[span.start : span.end].split()
    return len(words) <= SCARE_QUOTE_MAX_WORDS or len(words) <= 8 and _title_case(words)


def is_quoted_name(text: str, span: MarkedSpan) -> bool:
    """A name or a title in marks inside a sentence, which no cue makes a quotation ("a ferry known as “Sea
    Lantern.”", "whose book “Roots and Rain,”"): a few words, each capitalised but the small ones inside, no
    sentence break within, and a word just before the marks. Not "“Thank God,” she said" (it opens its sentence),
    "… tweeted: “WITCH HUNT!”" (in capitals) or "“No. Period.”"."""
    inner = text[span.start : span.end].strip().rstrip(".,!?…").strip()
    words = inner.split()
    before = text[: span.mark_start].rstrip()
    return (
        2 <= len(words) <= 8
        and before[-1:].isalpha()
        and not inner.isupper()
        and not re.search(r"[.?!;:]\s", inner)
        and _title_case(words)
    )


def _title_case(words: list[str]) -> bool:
    """ "Fox and Friends", "The Art of the Deal": every word capitalised but the small ones inside."""
    capitalised = [w[:1].isupper() or not w[:1].isalpha() for w in words]
    inner_small = all(up or w.lower() in TITLE_SMALL_WORDS for up, w in zip(capitalised[1:-1], words[1:-1]))
    return capitalised[0] and capitalised[-1] and inner_small


def trailing_intro(text: str, cues: list[Cue], spans: list[MarkedSpan]) -> Attribution | None:
    """A paragraph that ends "…he said:" introduces the quotation in the next one."""
    if not text.rstrip().endswith(":") or not cues:
        return None
    cue = cues[-1]
    if spans and spans[-1].mark_end > cue.end or cue.subject is None:
        return None
    return Attribution(cue.subject, cue, "direct:introduced")
