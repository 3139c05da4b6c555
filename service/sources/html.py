"""Saved web pages: the article's main text, title, date and publisher taken out of the page by trafilatura
(the field's usual extractor), leaving navigation, comments, related-link lists and footers behind. The text
it returns is what is stored, so every offset is an offset into that text."""
from datetime import datetime, timezone
from pathlib import Path

from .text import ArticleError, ArticleFile, MAX_ARTICLE_BYTES

MIN_TEXT_CHARS = 40  # less than a sentence: a page with no article in it (an index, a login wall)


def article_from_html(markup: str | bytes, where: str = "page") -> dict:
    """{title, text, published_at, publisher, url} of the article in a page; ArticleError if it has none."""
    import trafilatura

    found = trafilatura.bare_extraction(markup, with_metadata=True, include_comments=False, include_tables=False,
                                        include_images=False, deduplicate=True)
    text = "\n\n".join(line.strip() for line in (found.text or "").splitlines() if line.strip()) if found else ""
    if len(text) < MIN_TEXT_CHARS:
        raise ArticleError(f"{where}: no article text found in the page")
    return {"title": (found.title or text.splitlines()[0])[:500], "text": text,
            "published_at": _date(found.date), "publisher": found.sitename or None, "url": found.url or None}


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
