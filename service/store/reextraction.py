"""`quotedb reextract`: the current engine over stored articles, replacing what the machine wrote and keeping
what editors corrected.

Each article is one transaction: its new quotations are matched to its stored ones (same offsets, else
overlapping with most words in common), a matched quotation keeps its row and id (so the audit's rows still
name it) and takes the engine's new values, an unmatched stored one goes, a new one is added; then every
correction of its quotations is applied again in the order it was made (store/corrections.reapply), and the
statistics of the speakers and outlets involved are recounted. A correction whose quotation no longer exists
is listed in the summary. Running it twice gives the same rows; killed in the middle, each article is wholly
old or wholly new, and a rerun finishes the job.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timezone
from typing import TYPE_CHECKING

from flask import current_app
from sqlalchemy import delete, exists, func, insert, select, update
from sqlalchemy.orm import Session

from .articles import (
    PRONOUN_RULES,
    _quote_row,
    add_speaker_alias,
    resolve_outlets,
    resolve_speakers,
    update_speakers,
)
from .corrections import reapply
from .jobs import JOB_TIMEOUT, RETRIES, queue
from .models import Article, Change, ChangeRow, Quote
from .names import speaker_key, words
from .notices import corrections_made
from .quotations import assign_quotations, serialise_matching
from .recounts import recount

if TYPE_CHECKING:
    from ..extraction import Extraction

BATCH = 32
SAME_WORDS = 0.5  # the share of words two overlapping quotations must have in common to be the same one


@dataclass
class ReextractSummary:
    articles: int = 0
    kept: int = 0  # quotations matched to a stored one: same row, the engine's new values
    added: int = 0
    dropped: int = 0
    reapplied: int = 0  # corrections applied again
    lost: list[str] = field(default_factory=list)  # corrections whose quotation no longer exists

    def line(self) -> str:
        return (
            f"articles: {self.articles} re-extracted; quotes: {self.kept} kept, {self.added} new, "
            f"{self.dropped} gone; corrections: {self.reapplied} applied again, {len(self.lost)} lost"
        )


def articles_to_reextract(session: Session, ids: list[int] = (), since: date | None = None) -> list[int]:
    statement = select(Article.id).order_by(Article.id)
    if ids:
        statement = statement.where(Article.id.in_(ids))
    if since is not None:
        day = datetime.combine(since, time.min, tzinfo=timezone.utc)
        statement = statement.where(func.coalesce(Article.published_at, Article.created_at) >= day)
    return list(session.scalars(statement))


def reextract(session: Session, ids: list[int], processes: int = 1, progress=None) -> ReextractSummary:
    """Re-extract the articles `ids`, BATCH at a time (extraction in `processes` worker processes), each
    stored in its own transaction; announced once done (cached reads are stale)."""
    from ..extraction import extract_many

    summary = ReextractSummary(lost=_lost_earlier(session))
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        texts = dict(session.execute(select(Article.id, Article.text).where(Article.id.in_(batch))).all())
        found = extract_many([texts[i] for i in batch], processes=processes)
        for article_id, extraction in zip(batch, found):
            reextract_article(session, article_id, extraction, summary)
            if progress:
                progress(1)
    corrections_made.send(current_app._get_current_object())
    return summary


def enqueue(app, ids: list[int]) -> int:
    """With Redis: the articles as jobs of BATCH each on the ingest queue, for `quotedb worker`s to re-extract
    (service.worker.reextract_batch); how many jobs. A job that fails is retried like an ingest job, and
    rerunning a batch is harmless."""
    from rq import Retry

    jobs = queue(app.config["QUOTEDB_REDIS_URL"], app.config["QUOTEDB_REDIS_PREFIX"])
    batches = [ids[start : start + BATCH] for start in range(0, len(ids), BATCH)]
    for batch in batches:  # by name: the worker's entry points live in service/worker.py, above this room
        jobs.enqueue(
            "service.worker.reextract_batch", batch, retry=Retry(max=RETRIES), job_timeout=JOB_TIMEOUT
        )
    return len(batches)


def reextract_article(session: Session, article_id: int, extraction: "Extraction", summary: ReextractSummary):
    """Replace one article's quotations with `extraction`'s, keep its corrections, and commit."""
    article = session.get(Article, article_id)
    stored = list(session.scalars(select(Quote).where(Quote.article_id == article_id)))
    touched_speakers = {q.speaker_id for q in stored} - {None}
    touched_outlets = {q.spoke_to_id for q in stored} - {None}
    with session.no_autoflush:
        outlets = resolve_outlets(session, {q.spoke_to for q in extraction.quotes if q.spoke_to})
        facts = {
            name: facts
            for name, facts in extraction.speakers.items()
            if facts.get("kind") in {"person", "organisation"} and speaker_key(name)
        }
        speakers, descriptors = resolve_speakers(session, facts)
        for quote in extraction.quotes:
            speaker = speakers.get(quote.speaker)
            if speaker is not None and quote.speaker_mention and not quote.rule.endswith(PRONOUN_RULES):
                add_speaker_alias(speaker, quote.speaker_mention["text"])
    session.flush()
    rows = [
        _quote_row(article_id, quote, speakers.get(quote.speaker), outlets.get(quote.spoke_to))
        for quote in extraction.quotes
    ]
    matched = match_quotes(stored, rows)
    for index, row in enumerate(rows):
        if index in matched:
            session.execute(
                update(Quote.__table__)
                .where(Quote.__table__.c.id == matched[index])
                .values(**row, hidden=False)
            )
    fresh = [row for index, row in enumerate(rows) if index not in matched]
    quotations = {q.quotation_id for q in stored} - {None}  # their figures are recomputed below
    if fresh:
        serialise_matching(session)
        quotations |= assign_quotations(session, fresh)
        session.execute(insert(Quote.__table__), fresh)
    gone = [q.id for q in stored if q.id not in set(matched.values())]
    summary.lost += _lost_corrections(session, gone, stored)
    if gone:
        session.execute(delete(Quote.__table__).where(Quote.__table__.c.id.in_(gone)))
    update_speakers(session, descriptors, Counter(), article.published_at or article.created_at)
    summary.reapplied += reapply(session, article_id, {speaker.id for speaker in descriptors})
    now = session.execute(select(Quote.speaker_id, Quote.spoke_to_id).where(Quote.article_id == article_id))
    for speaker_id, outlet_id in now:
        touched_speakers.add(speaker_id)
        touched_outlets.add(outlet_id)
    recount(session, touched_speakers - {None}, touched_outlets - {None}, quotations=quotations)
    session.commit()
    summary.articles += 1
    summary.kept += len(matched)
    summary.added += len(fresh)
    summary.dropped += len(gone)


def match_quotes(stored: list[Quote], rows: list[dict]) -> dict[int, int]:
    """{index of a new row: id of the stored quotation it is}: the same offsets first, then the overlapping
    pair with the most words in common (at least SAME_WORDS of them); each side matched once."""
    pairs = []
    for index, row in enumerate(rows):
        for quote in stored:
            if (row["start_offset"], row["end_offset"]) == (quote.start, quote.end):
                pairs.append((2.0, index, quote.id))
            elif row["start_offset"] < quote.end and quote.start < row["end_offset"]:
                new, old = set(words(row["text"])), set(words(quote.text))
                shared = len(new & old) / max(1, len(new | old))
                if shared >= SAME_WORDS:
                    pairs.append((shared, index, quote.id))
    matched, taken = {}, set()
    for _, index, quote_id in sorted(pairs, key=lambda pair: (-pair[0], pair[1], pair[2])):
        if index not in matched and quote_id not in taken:
            matched[index] = quote_id
            taken.add(quote_id)
    return matched


def _standing_quote_changes(condition):
    """(change, quote) of the standing corrections (neither undone nor an undo) of the quotations `condition`
    picks."""
    return (
        select(ChangeRow.change_id, ChangeRow.row_id)
        .join(Change, Change.id == ChangeRow.change_id)
        .where(ChangeRow.kind == "quote", condition, Change.undone_by_id.is_(None), Change.action != "undo")
        .order_by(ChangeRow.change_id, ChangeRow.row_id)
    )


def _lost_corrections(session: Session, gone: list[int], stored: list[Quote]) -> list[str]:
    """A line for each correction of a quotation that the new extraction no longer has."""
    if not gone:
        return []
    texts = {q.id: q.text for q in stored}
    rows = session.execute(_standing_quote_changes(ChangeRow.row_id.in_(gone)))
    return [
        f"change {change_id}: quote {quote_id} (“{texts[quote_id][:60]}”) is no longer extracted"
        for change_id, quote_id in rows
    ]


def _lost_earlier(session: Session) -> list[str]:
    """The corrections whose quotation an earlier run dropped, listed by every run until they are undone: a
    run killed after committing such an article never printed them, and its rerun finds the article done."""
    rows = session.execute(_standing_quote_changes(~exists().where(Quote.id == ChangeRow.row_id)))
    return [
        f"change {change_id}: quote {quote_id} is no longer extracted (since an earlier run)"
        for change_id, quote_id in rows
    ]
