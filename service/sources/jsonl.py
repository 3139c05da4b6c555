"""JSON Lines archives (optionally gzipped): one article per line, read as a stream so a 1 GB archive takes
no more memory than its longest line. Fields: text (required), title, url, published_at, publisher, id."""

import gzip
import json
from collections.abc import Iterator
from pathlib import Path

from .text import MAX_ARTICLE_BYTES, ArticleError, ArticleFile, only_fields, parse_datetime, title_of

FIELDS = {"text", "title", "url", "published_at", "publisher", "id"}


def read_archive(path: Path) -> Iterator[ArticleFile | ArticleError]:
    """Each line's article, or the error that says why that line is not one; a bad line never stops the
    rest."""
    opener = gzip.open if path.name.endswith(".gz") else open
    try:
        with opener(path, "rb") as lines:
            for number, line in enumerate(lines, start=1):
                if line.strip():
                    yield _article(path, number, line)
    except (OSError, EOFError, gzip.BadGzipFile) as error:
        yield ArticleError(f"{path}: unreadable archive ({error})")


def _article(path: Path, number: int, line: bytes) -> ArticleFile | ArticleError:
    where = f"{path.name} line {number}"
    try:
        record = _record(line, where)
        text = record["text"]
        metadata = {key: record[key] for key in ("url", "publisher") if record.get(key)}
        if record.get("published_at"):
            metadata["published_at"] = parse_datetime(record["published_at"], where)
        if record.get("id") is not None:
            metadata["external_id"] = str(record["id"])
        return ArticleFile(
            path,
            text,
            (record.get("title") or title_of(text))[:500],
            metadata,
            where=f"{path} line {number}",
            source_name=f"{path.name}:{number}",
        )
    except ArticleError as error:
        return error


def _record(line: bytes, where: str) -> dict:
    if len(line) > MAX_ARTICLE_BYTES:
        raise ArticleError(f"{where}: {len(line):,} bytes is over the {MAX_ARTICLE_BYTES:,}-byte limit")
    try:
        record = json.loads(line)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ArticleError(f"{where}: not a JSON object ({error})") from None
    only_fields(record, FIELDS, where)
    if not isinstance(record.get("text"), str) or not record["text"].strip():
        raise ArticleError(f"{where}: no text")
    if "\0" in record["text"]:
        raise ArticleError(f"{where}: text holds NUL characters")
    for key in ("title", "url", "publisher", "published_at"):
        if record.get(key) is not None and not isinstance(record[key], str):
            raise ArticleError(f"{where}: {key} must be a string")
    if record.get("id") is not None and not isinstance(record["id"], (str, int)):
        raise ArticleError(f"{where}: id must be a string or a number")
    return record
