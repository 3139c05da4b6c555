"""Saved web pages: the article's main text, title, date and publisher taken out of the page by trafilatura
(the field's usual extractor), leaving navigation, comments, related-link lists and footers behind. The text
it returns is what is stored, so every offset is an offset into that text."""

from datetime import datetime, timezone
from pathlib import Path

from .bounded import TooLarge, read_at_most, regular_file_problem
from .sanitize import date_problem, is_http_url, text_problem
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
        deduplicate=False,  # its cache spans calls: the 4th read of a page gave other text, another article
    )
    text = _paragraphs(found.text if found else None) or _paragraphs(_visible_text(markup))
    if not text:
        raise ArticleError(f"{where}: no text found in the page")
    if problem := text_problem(text):
        raise ArticleError(f"{where}: the page's text: {problem}")
    url = (found and found.url) or None
    first_line = text.splitlines()[0][:500]
    return {
        "title": _clean(((found and found.title) or first_line)[:500]) or first_line,
        "text": text,
        "published_at": _date(found and found.date),
        "publisher": _clean(((found and found.sitename) or "")[:200]) or None,
        "url": url if is_http_url(url) else None,
    }  # what a page says of itself is kept only when storable


def _clean(value: str) -> str:
    return value if not text_problem(value) else "".join(c for c in value if not text_problem(c)).strip()


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
    if problem := regular_file_problem(path):
        raise ArticleError(f"{path}: {problem}")
    try:
        markup = read_at_most(path, MAX_ARTICLE_BYTES)
    except TooLarge as error:
        raise ArticleError(f"{path}: {error}") from None
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
    moment = moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
    return None if date_problem(moment) else moment
