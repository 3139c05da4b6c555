"""Find direct quotations by their quotation marks, one paragraph at a time.

Marks are paired inside a paragraph only, so a stray or unbalanced mark can swallow
at most the rest of its own paragraph, never the rest of the article.
"""
from dataclasses import dataclass

DOUBLE_OPEN = "“«„"
DOUBLE_CLOSE = "”»"
SINGLE_OPEN = "‘"
SINGLE_CLOSE = "’"
OPENING_CONTEXT = " \t([{—–-/\u00a0" + DOUBLE_OPEN + SINGLE_OPEN + "\"'"


@dataclass
class MarkedSpan:
    """Text between a pair of marks; start/end exclude the marks themselves."""

    start: int
    end: int
    closed: bool
    double: bool

    @property
    def mark_start(self) -> int:
        return self.start - 1

    @property
    def mark_end(self) -> int:
        return self.end + 1 if self.closed else self.end


def _role(text: str, i: int) -> tuple[str, bool] | None:
    """('open'|'close', is_double) for a quotation mark at i, None for apostrophes and other characters."""
    ch = text[i]
    prev = text[i - 1] if i else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    if ch in DOUBLE_OPEN:
        return "open", True
    if ch in DOUBLE_CLOSE:
        return "close", True
    if ch == '"':
        return ("open" if prev in OPENING_CONTEXT else "close"), True
    if ch in SINGLE_OPEN or ch == "'":
        if prev in OPENING_CONTEXT and (nxt.isalnum() or nxt in DOUBLE_OPEN + "…"):
            return "open", False
        if ch == "'" and not (prev.isalnum() and nxt.isalnum()):
            return "close", False
        return None
    if ch == SINGLE_CLOSE:
        return ("close", False) if not nxt.isalnum() else None
    return None


def find_marked_spans(text: str, offset: int = 0) -> list[MarkedSpan]:
    """Top-level quoted spans of one paragraph; quotes nested inside them stay part of the outer span."""
    spans: list[MarkedSpan] = []
    outer: tuple[int, bool] | None = None  # (content start, double?)
    inner_open = False
    for i in range(len(text)):
        role = _role(text, i)
        if role is None:
            continue
        kind, double = role
        if outer is None:
            if kind == "open":
                outer, inner_open = (i + 1, double), False
            continue
        start, outer_double = outer
        if double == outer_double:
            if kind == "close" or (not double and inner_open is False and text[i] == "'"):
                spans.append(MarkedSpan(offset + start, offset + i, True, outer_double))
                outer = None
            elif double:  # a fresh opening mark while one is open: the earlier one was never closed
                spans.append(MarkedSpan(offset + start, offset + _trim_end(text, i), False, True))
                outer = (i + 1, True)
        elif not outer_double and kind == "close" and double:
            continue
        else:
            inner_open = kind == "open"
    if outer is not None:
        start, outer_double = outer
        if outer_double or len(text) - start < 400:
            spans.append(MarkedSpan(offset + start, offset + _trim_end(text, len(text)), False, outer_double))
    return [s for s in spans if s.end > s.start]


def _trim_end(text: str, end: int) -> int:
    while end > 0 and text[end - 1].isspace():
        end -= 1
    return end
