"""JSON Lines archives (optionally gzipped): one article per line, read as a stream so a 1 GB archive takes
no more memory than its longest line. Fields: text (required), title, url, published_at, publisher, id."""

import gzip
import json
import zlib
from collections.abc import Iterator
from pathlib import Path

from .bounded import Lines, decompressed_budget, regular_file_problem
from .sanitize import text_problem, url_problem
from .text import MAX_ARTICLE_BYTES, ArticleError, ArticleFile, only_fields, parse_datetime, title_of

FIELDS = {"text", "title", "url", "published_at", "publisher", "id"}
MAX_CHARS = {"publisher": 200, "id": 200}  # what the columns hold; a longer title is cut to 500
MAX_NUMBER_DIGITS = 50


def read_archive(path: Path) -> Iterator[ArticleFile | ArticleError]:
    """Each line's article, or the error that says why that line is not one; a bad line never stops the
    rest."""
    if problem := regular_file_problem(path):
        yield ArticleError(f"{path}: {problem}")
        return
    compressed = path.name.endswith(".gz")
    opener = gzip.open if compressed else open
    try:
        with opener(path, "rb") as handle:
            lines = Lines(handle, MAX_ARTICLE_BYTES, decompressed_budget(path) if compressed else None)
            for number, line, length in lines:
                if line is None:
                    yield ArticleError(
                        f"{path.name} line {number}: {length:,} bytes is over the "
                        f"{MAX_ARTICLE_BYTES:,}-byte limit"
                    )
                elif line.strip():
                    yield _article(path, number, line)
    except (OSError, EOFError, gzip.BadGzipFile, zlib.error) as error:
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
        record = json.loads(line, parse_int=_bounded_int)
    except RecursionError:
        raise ArticleError(f"{where}: not a JSON object (nested too deeply)") from None
    except ValueError as error:  # UnicodeDecodeError and JSONDecodeError are ValueErrors too
        raise ArticleError(f"{where}: not a JSON object ({error})") from None
    only_fields(record, FIELDS, where)
    if not isinstance(record.get("text"), str) or not record["text"].strip():
        raise ArticleError(f"{where}: no text")
    if "\0" in record["text"]:
        raise ArticleError(f"{where}: text holds NUL characters")
    for key in ("title", "url", "publisher", "published_at"):
        if record.get(key) is not None and not isinstance(record[key], str):
            raise ArticleError(f"{where}: {key} must be a string")
    given_id = record.get("id")
    if given_id is not None and (not isinstance(given_id, (str, int)) or isinstance(given_id, bool)):
        raise ArticleError(f"{where}: id must be a string or a number")
    for key, value in record.items():
        value = str(value) if key == "id" and value is not None else value
        if isinstance(value, str) and (problem := text_problem(value) or _too_long(key, value)):
            raise ArticleError(f"{where}: {key}: {problem}")
    if record.get("url") and (problem := url_problem(record["url"])):
        raise ArticleError(f"{where}: url {record['url'][:100]!r}: {problem}")
    return record


def _too_long(key: str, value: str) -> str | None:
    limit = MAX_CHARS.get(key)
    return f"Longer than {limit} characters." if limit is not None and len(value) > limit else None


def _bounded_int(digits: str) -> int:
    if len(digits) > MAX_NUMBER_DIGITS:
        raise ValueError(f"a number of {len(digits):,} digits")
    return int(digits)
