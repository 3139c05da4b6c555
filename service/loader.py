"""Load article files into the database: one transaction per article, extraction in batches."""
import time
from dataclasses import dataclass, field

from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from .articles import ArticleError, ArticleFile, article_paths, read_article
from .extensions import db
from .ingest import NewArticle, find_article, store_article

BATCH_SIZE = 32
STORE_ATTEMPTS = 3


@dataclass
class LoadSummary:
    new: int = 0
    unchanged: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    quotes: int = 0
    speakers: set[int] = field(default_factory=set)
    outlets: set[int] = field(default_factory=set)
    extract_seconds: float = 0.0
    store_seconds: float = 0.0

    def line(self) -> str:
        return (f"articles: {self.new} new, {self.unchanged} unchanged, {len(self.failed)} failed; "
                f"quotes: {self.quotes}; speakers: {len(self.speakers)}; outlets: {len(self.outlets)}")


def load_paths(paths, progress=None) -> LoadSummary:
    """Load every article file under `paths`; a file that fails is reported and the others still load."""
    summary = LoadSummary()
    files = article_paths(paths)
    for i in range(0, len(files), BATCH_SIZE):
        batch = []
        for path in files[i:i + BATCH_SIZE]:
            try:
                batch.append(read_article(path))
            except ArticleError as error:
                summary.failed.append((str(path), str(error)))
        _load_batch(batch, summary)
        if progress is not None:
            progress(len(files[i:i + BATCH_SIZE]))
    return summary


def _load_batch(batch: list[ArticleFile], summary: LoadSummary) -> None:
    from .extraction import extract_many  # spaCy loads only when there is something to extract

    fresh = []
    for article in batch:
        if find_article(db.session, article.text) is not None:
            summary.unchanged += 1
        else:
            fresh.append(article)
    db.session.rollback()  # hold no read transaction (on SQLite, a lock) while extracting
    started = time.perf_counter()
    extractions = extract_many([a.text for a in fresh])
    stored = time.perf_counter()
    for article, extraction in zip(fresh, extractions):
        _store_one(article, extraction, summary)
    summary.extract_seconds += stored - started
    summary.store_seconds += time.perf_counter() - stored


def _store_one(article: ArticleFile, extraction, summary: LoadSummary) -> None:
    """Store one article in its own transaction. A unique-key clash means another loader stored the same
    article, speaker or outlet meanwhile: try again, now matching its rows."""
    new = NewArticle(title=article.title, text=article.text, source_name=article.path.name, **article.metadata)
    for _ in range(STORE_ATTEMPTS):
        try:
            stored = store_article(db.session, new, extraction)
            counts = _counts(stored)  # before the commit expires the rows
            db.session.commit()
            break
        except IntegrityError:
            db.session.rollback()
            if find_article(db.session, article.text) is not None:
                summary.unchanged += 1
                return
        except SQLAlchemyError as error:
            db.session.rollback()
            summary.failed.append((str(article.path), f"database error: {error.__class__.__name__}; nothing was stored"))
            return
    else:
        summary.failed.append((str(article.path), "conflicting concurrent writes; nothing was stored"))
        return
    quotes, speakers, outlets = counts
    summary.new += 1
    summary.quotes += quotes
    summary.speakers |= speakers
    summary.outlets |= outlets


def _counts(article) -> tuple[int, set[int], set[int]]:
    outlets = {q.spoke_to_id for q in article.quotes if q.spoke_to_id} | ({article.publisher_id} - {None})
    return len(article.quotes), {q.speaker_id for q in article.quotes if q.speaker_id}, outlets
