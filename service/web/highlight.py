"""An article's text as paragraphs of plain and marked pieces: the quotation's words, the speaker's mention
and the cue, each at its exact offsets. Templates escape every piece; nothing here builds HTML."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    kind: str  # "quote", "mention" or "cue"
    quote_id: int | None = None


@dataclass(frozen=True)
class Piece:
    text: str
    kind: str | None = None
    quote_id: int | None = None


def paragraphs(text: str, spans: list[Span]) -> list[list[Piece]]:
    """The text split at line breaks into paragraphs of pieces; a span that overlaps one listed before it is
    left out (list the quotation's parts first)."""
    pieces, at = [], 0
    for span in sorted(_without_overlaps(spans, len(text)), key=lambda s: s.start):
        if span.start > at:
            pieces.append(Piece(text[at : span.start]))
        pieces.append(Piece(text[span.start : span.end], span.kind, span.quote_id))
        at = span.end
    if at < len(text):
        pieces.append(Piece(text[at:]))
    return _split_lines(pieces)


def _without_overlaps(spans: list[Span], length: int) -> list[Span]:
    kept: list[Span] = []
    for span in spans:
        if 0 <= span.start < span.end <= length and all(
            span.end <= k.start or span.start >= k.end for k in kept
        ):
            kept.append(span)
    return kept


def _split_lines(pieces: list[Piece]) -> list[list[Piece]]:
    result, current = [], []
    for piece in pieces:
        lines = piece.text.split("\n")
        for number, line in enumerate(lines):
            if number:  # a line break ends the paragraph
                if current:
                    result.append(current)
                current = []
            if line:
                current.append(Piece(line, piece.kind, piece.quote_id))
    if current:
        result.append(current)
    return [p for p in result if any(piece.text.strip() for piece in p)]
