"""Research data out: every quotation matching a filter, with its speaker, outlet and article, streamed as CSV
or JSON Lines in id order. Rows are read a thousand at a time by key, so memory stays flat at any size; the
command line (`quotedb export`) and the API (/api/v1/quotes/export) both write through here."""

import csv
import io
import json
from collections.abc import Iterable, Iterator

from sqlalchemy import select

from ..extensions import db
from .models import Quote
from .quotes import filter_quotes, quote_rows

BATCH = 1000
FORMATS = ("csv", "jsonl")
FILTERS = ("speaker", "outlet", "spoke_to", "publisher", "kind", "min_confidence", "q", "since", "until")
CSV_COLUMNS = (
    "quote_id",
    "text",
    "kind",
    "confidence",
    "speaker_id",
    "speaker_name",
    "speaker_kind",
    "speaker_label",
    "spoke_to",
    "article_id",
    "article_title",
    "article_url",
    "publisher",
    "published_at",
    "start",
    "end",
    "parts",
    "speaker_mention",
    "cue",
    "quotation_id",
)


def quotes(filters: dict) -> Iterator[dict]:
    """The matching quotations as the API's JSON rows, in id order, read in batches by key."""
    chosen = filter_quotes(
        select(Quote.id), {k: v for k, v in filters.items() if k in FILTERS and v is not None}
    )
    after = 0
    while True:
        rows = quote_rows(chosen.where(Quote.id > after).order_by(Quote.id).limit(BATCH), [Quote.id])
        yield from rows
        if len(rows) < BATCH:
            return
        after = rows[-1]["id"]
        db.session.expire_all()  # nothing from the last batch stays in the session


def jsonl_lines(rows: Iterable[dict]) -> Iterator[str]:
    for row in rows:
        yield json.dumps(row, ensure_ascii=False) + "\n"


def csv_lines(rows: Iterable[dict], bom: bool = False) -> Iterator[str]:
    """The quotations as CSV, one row each (CSV_COLUMNS)."""
    return csv_table(CSV_COLUMNS, (_flat(row) for row in rows), bom)


def csv_table(columns: Iterable[str], rows: Iterable[list], bom: bool = False) -> Iterator[str]:
    """RFC 4180 CSV (quoted where needed, newlines inside a field kept inside its quotes); with `bom`, a UTF-8
    byte order mark first, which Excel needs to read the file as UTF-8."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    yield ("\ufeff" if bom else "") + _drain(buffer)
    for row in rows:
        writer.writerow(row)
        yield _drain(buffer)


def _drain(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text


def _flat(row: dict) -> list:
    speaker, spoke_to, article = row["speaker"] or {}, row["spoke_to"] or {}, row["article"]
    return [
        row["id"],
        row["text"],
        row["kind"],
        row["confidence"],
        speaker.get("id"),
        speaker.get("name"),
        speaker.get("kind"),
        row["speaker_label"],
        spoke_to.get("name"),
        article["id"],
        article["title"],
        article["url"],
        (article["publisher"] or {}).get("name"),
        article["published_at"],
        row["start"],
        row["end"],
        json.dumps(row["parts"]),
        (row["speaker_mention"] or {}).get("text"),
        (row["cue"] or {}).get("text"),
        row["quotation_id"],
    ]


def lines(filters: dict, format: str, bom: bool = False) -> Iterator[str]:
    rows = quotes(filters)
    return csv_lines(rows, bom) if format == "csv" else jsonl_lines(rows)
