"""Saved web pages: the article's main text, title, date and publisher taken out of the page by trafilatura
(the field's usual extractor), leaving navigation, comments, related-link lists and footers behind. The text
it returns is what is stored, so every offset is an offset into that text."""

from datetime import datetime, timezone
from pathlib import Path

from .text import MAX_ARTICLE_BYTES, ArticleError, ArticleFile


def article_from_html(markup: str | bytes, where: str = "page") -> dict:
    """{title, text, published_at, publisher, url} of the article in a page. A page too small for trafilatura
    to tell its article from the rest (a fragment, a stub) keeps all its visible text; a page with no visible
    text at all is an ArticleError."""
    import trafilatura

    found = trafilatura.bare_extraction(
        markup,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        deduplicate=True,
    )
    text = _paragraphs(found.text if found else None) or _paragraphs(_visible_text(markup))
    if not text:
        raise ArticleError(f"{where}: no text found in the page")
    return {
        "title": ((found and found.title) or text.splitlines()[0])[:500],
        "text": text,
        "published_at": _date(found and found.date),
        "publisher": (found and found.sitename) or None,
        "url": (found and found.url) or None,
    }


def _visible_text(markup: str | bytes) -> str:
    """The page's text outside scripts and styles, a line per block of text."""
    from lxml import etree, html

    try:
        root = html.fromstring(markup)
    except (etree.ParserError, ValueError):
        return ""
    for element in root.xpath("//script|//style|//noscript|//template"):
        element.drop_tree()
    return "\n".join(root.itertext())


def _paragraphs(text: str | None) -> str:
    return "\n\n".join(line.strip() for line in (text or "").splitlines() if line.strip())


def read_html(path: Path) -> ArticleFile:
    try:
        if path.stat().st_size > MAX_ARTICLE_BYTES:
            raise ArticleError(f"{path}: over the {MAX_ARTICLE_BYTES:,}-byte limit for one article")
        markup = path.read_bytes()
    except OSError as error:
        raise ArticleError(f"{path}: {error.strerror}") from None
    page = article_from_html(markup, str(path))
    metadata = {key: page[key] for key in ("published_at", "publisher", "url") if page[key]}
    return ArticleFile(path, page["text"], page["title"], metadata)


def _date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
