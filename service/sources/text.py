"""Plain-text article files: UTF-8, first line the title; optional metadata in NAME.meta.json beside it."""

import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from .bounded import TooLarge, read_at_most, regular_file_problem
from .sanitize import date_problem, text_problem, url_problem

MAX_ARTICLE_BYTES = 5 * 1024 * 1024
MAX_METADATA_BYTES = 64 * 1024
METADATA_FIELDS = {"url", "published_at", "publisher", "title"}


class ArticleError(ValueError):
    """An article that cannot be read as one; the message starts with where it is ("a.txt: ...")."""

    @property
    def where(self) -> str:
        return str(self).split(": ", 1)[0]


@dataclass
class ArticleFile:
    path: Path  # the file it came from
    text: str
    title: str
    metadata: dict = field(default_factory=dict)  # url, published_at, publisher, external_id
    where: str = ""  # how a report names it: the path, or "archive.jsonl line 812"
    source_name: str = ""  # kept on the article: the file's name, or "archive.jsonl:812"

    def __post_init__(self):
        self.where = self.where or str(self.path)
        self.source_name = self.source_name or self.path.name


def decode_article(data: bytes, name: str = "article") -> str:
    if not data.strip():
        raise ArticleError(f"{name}: the file is empty")
    if len(data) > MAX_ARTICLE_BYTES:
        raise ArticleError(
            f"{name}: {len(data):,} bytes is over the {MAX_ARTICLE_BYTES:,}-byte limit for one article"
        )
    if b"\0" in data:
        raise ArticleError(f"{name}: binary data (NUL bytes), not a text article")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ArticleError(f"{name}: not UTF-8 text (invalid byte at offset {error.start})") from None
    return text[1:] if text.startswith("\ufeff") else text


def title_of(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), "")


def read_article(path: str | Path) -> ArticleFile:
    path = Path(path)
    if problem := regular_file_problem(path):  # a FIFO would block, a device never end
        raise ArticleError(f"{path}: {problem}")
    try:
        size = path.stat().st_size
        if size > MAX_ARTICLE_BYTES:  # refuse before reading a huge file into memory
            raise ArticleError(
                f"{path}: {size:,} bytes is over the {MAX_ARTICLE_BYTES:,}-byte limit for one article"
            )
        data = read_at_most(path, MAX_ARTICLE_BYTES)  # a file growing meanwhile is read no further either
    except TooLarge as error:
        raise ArticleError(f"{path}: {error}") from None
    except OSError as error:
        raise ArticleError(f"{path}: {error.strerror}") from None
    text = decode_article(data, str(path))
    if looks_like_html(text):
        raise ArticleError(f"{path}: looks like HTML; quotedb ingests plain-text articles")
    metadata = read_metadata(path)
    return ArticleFile(path, text, metadata.pop("title", None) or title_of(text), metadata)


def looks_like_html(text: str) -> bool:
    head = text.lstrip()[:512].lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in text.lower())


def read_metadata(path: Path) -> dict:
    """Metadata beside the article: for a.txt, a.meta.json with url, published_at (ISO 8601) and publisher."""
    meta_path = path.with_suffix(".meta.json")
    if not meta_path.exists():
        return {}
    try:
        if problem := regular_file_problem(meta_path):
            raise OSError(problem)
        metadata = json.loads(read_at_most(meta_path, MAX_METADATA_BYTES).decode("utf-8"))
    except (OSError, ValueError, RecursionError) as error:  # JSON and UTF-8 errors are ValueErrors
        raise ArticleError(f"{meta_path}: unreadable metadata ({error})") from None
    only_fields(metadata, METADATA_FIELDS, str(meta_path))
    for key, value in metadata.items():
        if value is not None and not isinstance(value, str):
            raise ArticleError(f"{meta_path}: {key} must be a string")
        if value and (problem := text_problem(value) or (key == "url" and url_problem(value))):
            raise ArticleError(f"{meta_path}: {key}: {problem}")
    if metadata.get("published_at"):
        metadata["published_at"] = parse_datetime(metadata["published_at"], str(meta_path))
    return metadata


def only_fields(record, allowed: set[str], where: str) -> dict:
    """A decoded JSON value that must be an object with no fields but the allowed ones."""
    if not isinstance(record, dict):
        raise ArticleError(f"{where}: not a JSON object")
    unknown = set(record) - allowed
    if unknown:
        raise ArticleError(f"{where}: unknown fields {sorted(unknown)}; allowed: {sorted(allowed)}")
    return record


def parse_datetime(value, where: str) -> datetime:
    """An ISO 8601 date or time (with its offset: it is stored in UTC), within what both engines store."""
    try:
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        raise ArticleError(f"{where}: published_at {value!r} is not an ISO 8601 date") from None
    if problem := date_problem(moment):
        raise ArticleError(f"{where}: published_at {value!r}: {problem}")
    return moment
