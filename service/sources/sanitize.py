"""What quotedb stores must be storable on both engines and safe to show: one check for what comes in through
the readers and the API's article schema (the request guards in http/guards.py and the pages' link filter
keep their own one-line forms of the text and link checks: their rooms may not import this one).

- Text: no NUL (PostgreSQL refuses it, so one engine stored what the other failed on) and no lone surrogate
  (not encodable as UTF-8: hashing or storing it raised deep inside a load).
- Dates: a moment both engines store and read back, with its offset kept. PostgreSQL stores years up to
  294276, but psycopg cannot hand back a year past 9999 (`timestamp too large`: every page showing the row
  failed); SQLite drops the offset of an aware datetime and keeps the wall-clock time. So every moment is
  stored in UTC, and its day as written must lie within FIRST_DAY..LAST_DAY: a day inside Python's range
  whatever the offset (the API's spec says so with a pattern, so that a client can know it).
- Links: only http(s) URLs with a host are stored or shown as links (no `javascript:`, no `data:`).
"""

import re
from datetime import date, datetime, timezone

FIRST_DAY, LAST_DAY = date(1, 1, 2), date(9999, 12, 30)
DATE_RANGE = "0001-01-02 to 9999-12-30"
DATE_PATTERN = "^(?!0001-01-01)(?!9999-12-31)"  # ECMA-262, for the spec: a date-time outside DATE_RANGE
# A host (no brackets: "http://[x" is no host that Python or a browser can read), then a path, query or
# fragment; no spaces or control characters anywhere.
HTTP_URL = r"^https?://[^\u0000-\u0020\u007f\[\]/?#@]+([/?#][^\u0000-\u0020\u007f\[\]]*)?$"
_HTTP_URL = re.compile(HTTP_URL, re.IGNORECASE)
_SURROGATE = re.compile("[\ud800-\udfff]")
MAX_URL_CHARS = 2000


def text_problem(value: str) -> str | None:
    """Why a text cannot be stored, or None."""
    if "\x00" in value:
        return "Contains a NUL character (U+0000), which cannot be stored."
    if _SURROGATE.search(value):
        return "Contains a lone surrogate (U+D800 to U+DFFF), which is not valid Unicode text."
    return None


def url_problem(value: str) -> str | None:
    """Why a URL is not one to store and link to, or None."""
    if len(value) > MAX_URL_CHARS:
        return f"Longer than {MAX_URL_CHARS} characters."
    if not _HTTP_URL.match(value):
        return "Not an http(s) URL with a host."
    return None


def is_http_url(value) -> bool:
    return isinstance(value, str) and len(value) <= MAX_URL_CHARS and bool(_HTTP_URL.match(value))


def in_utc(moment: datetime | None) -> datetime | None:
    """The moment as an aware datetime in UTC (a naive one is taken as UTC already), or None."""
    if moment is None:
        return None
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)


def date_problem(moment: datetime) -> str | None:
    """Why a moment cannot be stored on both engines and read back, or None."""
    if not FIRST_DAY <= moment.date() <= LAST_DAY:
        return f"Out of the range of days quotedb stores ({DATE_RANGE})."
    return None


def storable_date(moment: datetime) -> datetime:
    """The moment in UTC, or ValueError saying why it cannot be stored."""
    if problem := date_problem(moment):
        raise ValueError(problem)
    return in_utc(moment)
