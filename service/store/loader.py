"""Load article files into the database: extraction in batches, each batch stored in one transaction
(falling back to one per article when the batch fails, so a failing article never takes others along).

Storing runs in a thread of its own, one batch behind extraction: while batch n+1 is parsed, batch n
is written, so a load is bound by extraction and waits for the database only at the very end.
"""

import time
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

from flask import Flask, current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from ..extensions import db
from ..extraction.budget import over_budget
from ..sources import ArticleError, ArticleFile, find_sources, read_sources
from .articles import (
    NewArticle,
    StoredArticle,
    find_article,
    find_articles,
    store_article,
    store_articles,
    text_digest,
)
from .models import Article
from .notices import articles_stored

BATCH_SIZE = 32
STORE_ATTEMPTS = 3
KEPT_FAILURES = 1000  # reasons kept (and printed); past that only counted: a million bad lines are one number


class Failures(list):
    """The (where, reason) of failed articles: the first KEPT_FAILURES kept, every one counted (len())."""

    def __init__(self, *args):
        super().__init__(*args)
        self.more = 0

    def append(self, item) -> None:
        if list.__len__(self) < KEPT_FAILURES:
            super().append(item)
        else:
            self.more += 1

    def __iadd__(self, other):
        for item in other:
            self.append(item)
        self.more += getattr(other, "more", 0)
        return self

    def __len__(self) -> int:
        return list.__len__(self) + self.more


@dataclass
class LoadSummary:
    new: int = 0
    unchanged: int = 0
    failed: Failures = field(default_factory=Failures)
    skipped: list[str] = field(default_factory=list)  # files in folders that are no article format
    notes: list[str] = field(
        default_factory=list
    )  # articles stored but read only in part (extraction's budget)
    quotes: int = 0
    speakers: set[int] = field(default_factory=set)
    outlets: set[int] = field(default_factory=set)
    extract_seconds: float = 0.0
    store_seconds: float = 0.0  # the storing thread's busy time
    database_wait_seconds: float = 0.0  # time the load stood still for the database

    def line(self) -> str:
        skipped = f"; files skipped: {len(self.skipped)}" if self.skipped else ""
        return (
            f"articles: {self.new} new, {self.unchanged} unchanged, {len(self.failed)} failed; "
            f"quotes: {self.quotes}; speakers: {len(self.speakers)}; outlets: {len(self.outlets)}{skipped}"
        )

    def add(self, other: "LoadSummary") -> None:
        self.new += other.new
        self.unchanged += other.unchanged
        self.failed += other.failed
        self.quotes += other.quotes
        self.speakers |= other.speakers
        self.outlets |= other.outlets
        self.store_seconds += other.store_seconds


def load_paths(paths, progress=None, processes: int = 1) -> LoadSummary:
    """Load every article under `paths` (files, archives, pages, folders walked recursively); an article
    that fails is reported and the others still load. With processes > 1, extraction runs in that many
    worker processes. Archives are streamed: memory holds two batches, whatever the size of the input."""
    sources = find_sources(paths)
    summary = LoadSummary(skipped=[str(path) for path in sources.skipped])
    app = current_app._get_current_object()
    pending: Future | None = None
    size = BATCH_SIZE * processes  # every worker process gets a share of each batch
    articles = read_sources(sources.files)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="quotedb-store") as storer:
        while batch := _read_batch(articles, size, summary):
            fresh = _fresh_articles(batch, summary)
            summary.notes += [f"{a.where}: {note}" for a in fresh if (note := over_budget(a.text))]
            started = time.perf_counter()
            extractions = _extract([a.text for a in fresh], processes)
            waited = time.perf_counter()
            summary.extract_seconds += waited - started
            if pending is not None:
                summary.add(pending.result())  # at most one batch in flight: memory stays bounded
            summary.database_wait_seconds += time.perf_counter() - waited
            pending = storer.submit(_store_batch, app, list(zip(fresh, extractions)))
            if progress is not None:
                progress(len(batch))
        waited = time.perf_counter()
        if pending is not None:
            summary.add(pending.result())
        summary.database_wait_seconds += time.perf_counter() - waited
    if summary.new:
        articles_stored.send(app)  # cached reads in every process sharing the cache's store are stale now
    return summary


def _read_batch(articles: Iterator, size: int, summary: LoadSummary) -> list[ArticleFile]:
    """The next `size` readable articles; the unreadable ones on the way are reported."""
    batch = []
    for item in articles:
        if isinstance(item, ArticleError):
            summary.failed.append((item.where, str(item)))
            continue
        batch.append(item)
        if len(batch) == size:
            break
    return batch


def _fresh_articles(batch: list[ArticleFile], summary: LoadSummary) -> list[ArticleFile]:
    """The articles not stored yet (one query for the batch); counts the others as unchanged."""
    started = time.perf_counter()
    known = find_articles(db.session, [a.text for a in batch], [a.metadata.get("external_id") for a in batch])
    db.session.rollback()  # hold no read transaction (on SQLite, a lock) while extracting
    summary.database_wait_seconds += time.perf_counter() - started
    fresh, seen = [], set()
    for article in batch:  # an archive may hold the same article twice: the first is the one stored
        keys = {text_digest(article.text), article.metadata.get("external_id")} - {None}
        if not keys & (known | seen):
            fresh.append(article)
        seen |= keys
    summary.unchanged += len(batch) - len(fresh)
    return fresh


def _extract(texts: list[str], processes: int):
    from ..extraction import extract_many  # spaCy loads only when there is something to extract

    return extract_many(texts, processes=processes)


def _store_batch(app: Flask, pairs: list) -> LoadSummary:
    """Runs in the storing thread, with its own app context and database session: the whole batch in one
    transaction; if anything in it fails (a clash with another loader, a value the database refuses),
    nothing of it is kept and every article is stored again in a transaction of its own."""
    started = time.perf_counter()
    with app.app_context():
        try:
            stored = _store_together(pairs)
        except Exception:  # noqa: BLE001 - whatever one article did, the others are stored one by one
            db.session.rollback()
            stored = LoadSummary()
            for article, extraction in pairs:
                _store_one(article, extraction, stored)
        finally:
            db.session.remove()
    stored.store_seconds = time.perf_counter() - started
    return stored


def _store_together(pairs: list, along=None) -> LoadSummary:
    """The whole batch in one transaction; `along(stored)` writes beside it, in the same transaction (a queued
    load's batch marks itself done: store/loads.py)."""
    stored = LoadSummary()
    for one in store_articles(
        db.session, [(_new_article(article), extraction) for article, extraction in pairs]
    ):
        _count(stored, one)
    if along is not None:
        along(stored)
    db.session.commit()
    return stored


def _store_one(article: ArticleFile, extraction, summary: LoadSummary) -> None:
    """Store one article in its own transaction. A unique-key clash means another loader stored the same
    article, speaker or outlet meanwhile: try again, now matching its rows."""
    new = _new_article(article)
    for _ in range(STORE_ATTEMPTS):
        try:
            stored = store_article(db.session, new, extraction)
            db.session.commit()
            break
        except IntegrityError as error:
            db.session.rollback()
            if find_article(db.session, article.text) is not None or _known_id(article):
                summary.unchanged += 1
                return
            clash = error
        except Exception as error:  # noqa: BLE001 - a failing article is reported, never ends the load
            db.session.rollback()
            why = "the database refused it" if isinstance(error, SQLAlchemyError) else "it cannot be stored"
            summary.failed.append(
                (article.where, f"{article.where}: {why} ({_reason(error)}); nothing was stored")
            )
            return
    else:  # the same clash every time: not a racing loader, a row this article itself cannot have
        summary.failed.append(
            (
                article.where,
                f"{article.where}: a unique key clashed {STORE_ATTEMPTS} times "
                f"({_reason(clash)}); nothing was stored",
            )
        )
        return
    _count(summary, stored)


def _known_id(article: ArticleFile) -> bool:
    external_id = article.metadata.get("external_id")
    return (
        external_id is not None
        and db.session.scalar(select(Article.id).where(Article.external_id == external_id)) is not None
    )


def _reason(error: Exception) -> str:
    return (str(getattr(error, "orig", None) or error).strip() or type(error).__name__).splitlines()[0][:200]


def _new_article(article: ArticleFile) -> NewArticle:
    return NewArticle(
        title=article.title, text=article.text, source_name=article.source_name, **article.metadata
    )


def _count(summary: LoadSummary, stored: StoredArticle) -> None:
    summary.new += 1
    summary.quotes += stored.quotes
    summary.speakers |= stored.speaker_ids
    summary.outlets |= stored.outlet_ids
