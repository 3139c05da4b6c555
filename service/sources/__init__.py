"""Where articles come from: plain-text files (text.py), JSON Lines archives (jsonl.py) and saved web pages
(html.py), each read into the same ArticleFile record, or an ArticleError that says why not."""

from collections.abc import Iterator
from pathlib import Path

from .html import article_from_html, read_html
from .jsonl import read_archive
from .text import ArticleError, ArticleFile, decode_article, looks_like_html, read_article, title_of

__all__ = [
    "ArticleError",
    "ArticleFile",
    "SourceFiles",
    "article_from_html",
    "decode_article",
    "find_sources",
    "looks_like_html",
    "read_sources",
    "title_of",
]

ARCHIVES = (".jsonl", ".jsonl.gz")
PAGES = (".html", ".htm")
ARTICLES = (".txt",)
SIDECARS = (".meta.json",)


class SourceFiles:
    """The files a load reads, in a stable order, and the ones it skips (with why)."""

    def __init__(self, files: list[Path], skipped: list[Path]):
        self.files, self.skipped = files, skipped

    @property
    def articles_known(self) -> int | None:
        """How many articles the files hold, when that is known before reading them (no archives)."""
        return None if any(_kind(path) == "archive" for path in self.files) else len(self.files)


def find_sources(paths) -> SourceFiles:
    """Files named directly (read whatever they are) and, in named folders, walked recursively, every .txt,
    .jsonl, .jsonl.gz, .html and .htm file; other files in folders are skipped and listed."""
    files, skipped = [], []
    for raw in paths:
        path = Path(raw)
        if not path.is_dir():
            files.append(path)
            continue
        # every entry but folders: a FIFO or a device named like an article is refused with its reason
        # when read, any other one listed as skipped (never silently dropped)
        for found in sorted(p for p in path.rglob("*") if not p.is_dir()):
            if _kind(found):
                files.append(found)
            elif not found.name.endswith(SIDECARS) and not found.name.startswith("."):
                skipped.append(found)
    return SourceFiles(files, skipped)


def read_sources(files: list[Path]) -> Iterator[ArticleFile | ArticleError]:
    """Every article in the files, one at a time (archives are streamed), or the error for each that is
    not."""
    for path in files:
        kind = _kind(path)
        if kind == "archive":
            yield from read_archive(path)
            continue
        try:
            yield read_html(path) if kind == "page" else read_article(path)
        except ArticleError as error:
            yield error


def _kind(path: Path) -> str | None:
    name = path.name.lower()
    if name.endswith(ARCHIVES):
        return "archive"
    if name.endswith(PAGES):
        return "page"
    if name.endswith(ARTICLES):
        return "text"
    return None
