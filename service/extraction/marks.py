"""Find direct quotations by their quotation marks, one paragraph at a time.

Marks are paired inside a paragraph only, so a stray or unbalanced mark can swallow
at most the rest of its own paragraph, never the rest of the article.
"""
import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass

DOUBLE_OPEN = "“«„"
DOUBLE_CLOSE = "”»"
SINGLE_OPEN = "‘"
SINGLE_CLOSE = "’"
OPENING_CONTEXT = " \t([{—–-/\u00a0" + DOUBLE_OPEN + SINGLE_OPEN + "\"'"
SPACE_CONTEXT = " \t([{—–-/\u00a0"
MAX_UNCLOSED_SINGLE = 400


@dataclass
class MarkedSpan:
    """Text between a pair of marks: start/end exclude the marks, mark_start/mark_end include them."""

    start: int
    end: int
    closed: bool
    double: bool
    mark_start: int
    mark_end: int


@dataclass(frozen=True)
class _Mark:
    position: int
    width: int
    opening: bool
    double: bool


def _classify(text: str, i: int) -> _Mark | None:
    """The quotation mark at i, or None for apostrophes and every other character."""
    ch = text[i]
    prev = text[i - 1] if i else " "
    if text.startswith("''", i) or text.startswith("``", i):  # typewriter-style doubled singles
        return _Mark(i, 2, ch == "`" or prev in OPENING_CONTEXT, True)
    nxt = text[i + 1] if i + 1 < len(text) else " "
    if ch in DOUBLE_OPEN:
        return _Mark(i, 1, True, True)
    if ch in DOUBLE_CLOSE:
        return _Mark(i, 1, False, True)
    if ch == '"':  # straight: opening after a space or bracket, or before a word after another mark ("'Meh)
        return _Mark(i, 1, True, True) if prev in SPACE_CONTEXT or prev in OPENING_CONTEXT and nxt.isalnum() \
            else _Mark(i, 1, False, True)
    if ch in SINGLE_OPEN or ch == "'":
        if prev in OPENING_CONTEXT and (nxt.isalnum() or nxt in DOUBLE_OPEN + "…"):
            return _Mark(i, 1, True, False)
        if ch == "'" and not (prev.isalnum() and nxt.isalnum()):
            return _Mark(i, 1, False, False)
        return None
    if ch == SINGLE_CLOSE and not nxt.isalnum():
        return _Mark(i, 1, False, False)
    return None


MARK_CHARACTERS = re.compile("[" + re.escape(DOUBLE_OPEN + DOUBLE_CLOSE + SINGLE_OPEN + SINGLE_CLOSE + "\"'`") + "]")


def _marks(text: str):
    """The quotation marks of a text in order, looking only at the characters that can be marks."""
    next_free = 0
    for match in MARK_CHARACTERS.finditer(text):
        i = match.start()
        if i < next_free:
            continue  # the second character of a doubled mark
        mark = _classify(text, i)
        if mark is not None:
            next_free = i + mark.width
            yield mark


def find_marked_spans(text: str) -> list[MarkedSpan]:
    """Top-level quoted spans of one paragraph; quotes nested inside them stay part of the outer span."""
    spans: list[MarkedSpan] = []
    opener: _Mark | None = None
    for mark in _marks(text):
        if opener is None:
            if mark.opening:
                opener = mark
            continue
        if mark.double != opener.double:
            continue  # a nested quotation or an apostrophe inside the outer one
        if not mark.opening:
            spans.append(_span(text, opener, mark.position, closed=True, close_width=mark.width))
            opener = None
        elif mark.double:  # a fresh opening mark while one is open: the earlier one was never closed
            spans.append(_span(text, opener, mark.position, closed=False))
            opener = mark
    if opener is not None and (opener.double or len(text) - opener.position < MAX_UNCLOSED_SINGLE):
        spans.append(_span(text, opener, len(text), closed=False))
    return [s for s in spans if s.end > s.start]


def _span(text: str, opener: _Mark, end: int, closed: bool, close_width: int = 0) -> MarkedSpan:
    start = opener.position + opener.width
    if closed:
        return MarkedSpan(start, end, True, opener.double, opener.position, end + close_width)
    while end > start and text[end - 1].isspace():
        end -= 1
    return MarkedSpan(start, end, False, opener.double, opener.position, end)



def within(ranges) -> Callable[[int], bool]:
    """A test of whether an offset lies in one of these (start, end) ranges, in log time: a paragraph can hold
    thousands of quotations, and every token is tested."""
    merged: list[list[int]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    starts = [start for start, _ in merged]

    def test(offset: int) -> bool:
        k = bisect.bisect_right(starts, offset) - 1
        return k >= 0 and offset < merged[k][1]

    return test
