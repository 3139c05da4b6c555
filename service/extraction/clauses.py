"""Indirect and mixed quotations: the clause a speech verb reports."""

from .cues import Cue
from .direct import Attribution, mention_class
from .quotes import Quote, make_quote
from .state import ParsedParagraph

MIN_CONTENT_WORDS = 3
QUOTE_ITSELF_SLACK = (
    12  # characters of a clause outside its quotation marks ("that “…”") still make it direct
)


def clause_quotes(text: str, para: ParsedParagraph, registry) -> tuple[list[Quote], set[int]]:
    """Indirect and mixed quotations: the clause a speech verb reports. Returns them and the marked spans they absorb."""
    quotes, absorbed = [], set()
    for cue in para.cues:
        if cue.content is None or cue.family in {"contact", "belief"} or cue.subject is None:
            continue  # beliefs are the reporter's account, not a quotation; a cue needs someone speaking
        start, end = cue.content
        inner = [s for s in para.spans if s.start < end and start < s.end]
        if inner:  # a clause that runs into a quotation takes all of it
            start, end = min(start, inner[0].mark_start), max(end, inner[-1].mark_end)
        outside = (end - start) - sum(s.mark_end - s.mark_start for s in inner)
        if inner and outside <= QUOTE_ITSELF_SLACK:
            continue  # the clause is the quotation itself: a direct quote
        if len(para.text[start:end].split()) < MIN_CONTENT_WORDS:
            continue
        kind = "mixed" if inner else "indirect"
        absorbed.update(id(s) for s in inner)
        rule = f"{kind}:{cue.family}:{mention_class(cue.subject)}"
        parts = [
            (para.base + s, para.base + e)
            for piece in _around_parenthetical(para.text, (start, end), cue)
            for s, e in _coordinated_clauses(para, piece)
        ]
        quotes.append(
            make_quote(
                text, para.base, (start, end), kind, Attribution(cue.subject, cue, rule), registry, parts
            )
        )
    return quotes, absorbed


def _around_parenthetical(text: str, span: tuple[int, int], cue: Cue) -> list[tuple[int, int]]:
    """ "Too often, he says, they get it": the reported words on either side of a cue set off by commas."""
    start, end = span
    opened, closed = text.rfind(",", start, cue.start), text.find(",", cue.end, end)
    said_by = cue.subject.start if cue.subject is not None and cue.subject.base == cue.base else cue.start
    if not start < opened < min(cue.start, said_by) or closed < 0:
        return [span]
    left = (start, start + len(text[start:opened].rstrip()))
    right = (end - len(text[closed + 1 : end].lstrip()), end)
    return [left, right] if left[0] < left[1] and right[0] < right[1] else [span]


def _coordinated_clauses(para: ParsedParagraph, span: tuple[int, int]) -> list[tuple[int, int]]:
    """ "said he felt it had gone well, but that he had overestimated the heat": two things said, each its own
    part; the second starts after its "that"."""
    doc, (start, end) = para.doc, span
    pieces = []
    for token in doc.char_span(start, end, alignment_mode="expand") or []:
        if token.idx <= start or token.i + 1 >= len(doc) or not _marks_coordinated_clause(token):
            continue
        left_end = doc[token.i - 1].idx
        while left_end > start and para.text[left_end - 1] in " ,;":
            left_end -= 1
        pieces.append((start, left_end))
        start = doc[token.i + 1].idx
    pieces.append((start, end))
    return [(s, e) for s, e in pieces if s < e] if len(pieces) > 1 else [span]


def _marks_coordinated_clause(token) -> bool:
    """The "that" of "…, and that B": it opens a clause coordinated with the one before, right after "and"."""
    return (
        token.lower_ == "that"
        and token.dep_ == "mark"
        and token.head.dep_ == "conj"
        and token.i > 0
        and token.doc[token.i - 1].dep_ == "cc"
    )
