"""Queued loads (`quotedb load --queue`): a load read here, stored by any number of `quotedb worker`s.

The enqueuer reads the paths exactly as `quotedb load` does (the same readers, the same refusals) and stages
the articles in the database, a batch of BATCH_SIZE a row of load_batches, committed one by one with how far
reading got, so an interrupted enqueuer is resumed where it stopped. Redis holds only batch ids, and only a
window of them per load (`Load.window_size`, WINDOW by default): whoever finishes a batch (a worker, or the
failure callback of its last attempt) offers the next staged ones (top_up), so Redis memory is bounded by the
window whatever the size of the archive, and a Redis restart loses nothing but ids that `resume` (the same
command again) offers again. Why the database and not Redis: it is where the text goes anyway, it is durable
(Redis runs without persistence here), and a staged batch is dropped (articles set to NULL) once stored.

A worker claims a batch in one UPDATE, extracts it, and stores it with the loader's code (store/loader.py):
the whole batch and its own row marked done in one transaction, so a worker killed -9 mid-batch leaves nothing
half-stored, and the batch retried by another worker (RQ's abandoned-job handling) stores it once. A load's
summary is the sum of its batches' results: the same counts, failures and reasons as a local load.
"""

import hashlib
import json
import logging
import uuid
from datetime import datetime
from itertools import islice
from pathlib import Path

from flask import Flask, current_app
from sqlalchemy import exists, func, select, update

from ..extensions import db
from ..extraction.budget import over_budget
from ..sources import ArticleError, ArticleFile, find_sources, read_sources
from .jobs import JOB_TIMEOUT, REDIS_ERRORS, REDIS_TIMEOUT, RETRIES, queue
from .loader import (
    BATCH_SIZE,
    LoadSummary,
    _extract,
    _fresh_articles,
    _store_one,
    _store_together,
)
from .models import Load, LoadBatch
from .notices import articles_stored

WINDOW = 16  # batches of one load in Redis at once, by default: ~1 KB of Redis each, no article text
MAX_UNREADABLE = 8 * BATCH_SIZE  # a batch closes after this many unreadable articles (a file of bad lines)
ACTIVE = ("queued", "running")
log = logging.getLogger(__name__)


class LoadNotFound(LookupError):
    pass


def load_key(paths) -> str:
    """The same paths (in any order, relative or absolute) are the same load."""
    resolved = sorted({str(Path(p).resolve()) for p in paths})
    return hashlib.sha256(json.dumps(resolved).encode()).hexdigest()


def open_load(
    paths=(), window: int = WINDOW, resume: str | None = None, batch_size: int = BATCH_SIZE
) -> tuple[Load, bool]:
    """The load to go on with (`resume`'s, or the unfinished one of the same paths), else a new one; and
    whether it is resumed."""
    if resume is not None:
        load = db.session.get(Load, resume)
        if load is None:
            raise LoadNotFound(f"no load with id {resume}")
        return load, True
    key = load_key(paths)
    load = db.session.scalar(
        select(Load).where(Load.key == key, Load.status != "done").order_by(Load.created_at.desc())
    )
    if load is not None:
        return load, True
    sources = find_sources(paths)
    load = Load(
        id=uuid.uuid4().hex,
        key=key,
        paths=[str(Path(p).resolve()) for p in paths],
        status="reading",
        window_size=window,
        batch_size=batch_size,
        articles_read=0,
        items_read=0,
        skipped=[str(path) for path in sources.skipped],
    )
    db.session.add(load)
    db.session.commit()
    return load, False


def read_into(app: Flask, load_id: str, progress=None) -> None:
    """Read the load's paths into staged batches, from where reading stopped; each batch committed with how
    far reading got, then offered to Redis (within the window)."""
    load = db.session.get(Load, load_id)
    if load.status == "reading":
        items = islice(read_sources(find_sources(load.paths).files), load.items_read, None)
        number = db.session.scalar(select(func.max(LoadBatch.number)).where(LoadBatch.load_id == load_id))
        number = 0 if number is None else number + 1
        while staged := _read_batch(items, load.batch_size):
            articles, unreadable, size = staged
            db.session.add(
                LoadBatch(
                    load_id=load_id,
                    number=number,
                    status="staged",
                    size=size,
                    attempts=0,
                    articles={"articles": [_dump(a) for a in articles], "unreadable": unreadable},
                )
            )
            load.items_read += size
            load.articles_read += len(articles)
            db.session.commit()
            number += 1
            top_up(app, load_id)
            if progress is not None:
                progress(size)
        load.status = "queued"
        db.session.commit()
    resume(app, load_id)


def _read_batch(items, batch_size: int) -> tuple[list[ArticleFile], list, int] | None:
    articles, unreadable, size = [], [], 0
    for item in items:
        size += 1
        if isinstance(item, ArticleError):
            unreadable.append([item.where, str(item)])
        else:
            articles.append(item)
        if len(articles) == batch_size or len(unreadable) == MAX_UNREADABLE:
            break
    return (articles, unreadable, size) if size else None


def _dump(article: ArticleFile) -> dict:
    metadata = {k: v.isoformat() if isinstance(v, datetime) else v for k, v in article.metadata.items()}
    return {
        "path": str(article.path),
        "text": article.text,
        "title": article.title,
        "metadata": metadata,
        "where": article.where,
        "source_name": article.source_name,
    }


def _article(staged: dict) -> ArticleFile:
    metadata = dict(staged["metadata"])
    if metadata.get("published_at"):
        metadata["published_at"] = datetime.fromisoformat(metadata["published_at"])
    return ArticleFile(**{**staged, "path": Path(staged["path"]), "metadata": metadata})


def top_up(app: Flask, load_id: str) -> int:
    """Offer the load's next staged batches to Redis, as many as its window has room for; how many. (Two
    processes topping up at once may each add one: the window is exceeded by at most the number of
    workers.)"""
    room = db.session.scalar(select(Load.window_size).where(Load.id == load_id)) - db.session.scalar(
        select(func.count()).where(LoadBatch.load_id == load_id, LoadBatch.status.in_(ACTIVE))
    )
    chosen = db.session.scalars(
        select(LoadBatch.id)
        .where(LoadBatch.load_id == load_id, LoadBatch.status == "staged")
        .order_by(LoadBatch.number)
        .limit(max(room, 0))
    ).all()
    offered = [
        batch_id
        for batch_id in chosen
        if db.session.execute(
            update(LoadBatch)
            .where(LoadBatch.id == batch_id, LoadBatch.status == "staged")
            .values(status="queued")
        ).rowcount
    ]
    db.session.commit()
    _enqueue(app, load_id, offered)
    return len(offered)


def _enqueue(app: Flask, load_id: str, batch_ids: list[int]) -> None:
    """Batches committed as queued go on the ingest queue; with Redis down they stay queued in the database
    and `resume` (or the same command again) offers them once it answers."""
    if not batch_ids:
        return
    from rq import Callback, Retry

    jobs = queue(app.config["QUOTEDB_REDIS_URL"], app.config["QUOTEDB_REDIS_PREFIX"], REDIS_TIMEOUT)
    try:
        for batch_id in batch_ids:  # by name: the worker's entry points live in service/worker.py
            jobs.enqueue(
                "service.worker.load_batch",
                batch_id,
                job_id=_job_id(load_id, batch_id),
                retry=Retry(max=RETRIES),
                job_timeout=JOB_TIMEOUT,
                result_ttl=0,  # a done batch's result is its row; Redis keeps nothing of it
                on_failure=Callback("service.worker.load_batch_failed"),
            )
    except REDIS_ERRORS as error:
        log.warning("load %s: batches stay queued until Redis answers (%s)", load_id, error)


def _job_id(load_id: str, batch_id: int) -> str:
    return f"load-{load_id}-{batch_id}"


def resume(app: Flask, load_id: str) -> int:
    """Offer again every batch the database says is queued or running but Redis does not hold (Redis
    restarted, the enqueuer died between commit and enqueue), fill the window, and settle the load; how many
    were offered again. A batch whose worker died is still in Redis: RQ retries it."""
    from rq.job import Job

    active = db.session.execute(
        select(LoadBatch.id).where(LoadBatch.load_id == load_id, LoadBatch.status.in_(ACTIVE))
    ).scalars()
    connection = queue(app.config["QUOTEDB_REDIS_URL"], app.config["QUOTEDB_REDIS_PREFIX"], REDIS_TIMEOUT)
    try:
        missing = [i for i in active if not Job.exists(_job_id(load_id, i), connection=connection.connection)]
    except REDIS_ERRORS as error:
        log.warning(
            "load %s: Redis does not answer (%s); run the same command again once it does", load_id, error
        )
        missing = []
    db.session.rollback()
    _enqueue(app, load_id, missing)
    top_up(app, load_id)
    settle(load_id)
    return len(missing)


def settle(load_id: str) -> bool:
    """Mark the load done once it is read and no batch waits; whether it is done."""
    unfinished = exists().where(LoadBatch.load_id == load_id, LoadBatch.status.in_(("staged", *ACTIVE)))
    db.session.execute(
        update(Load).where(Load.id == load_id, Load.status == "queued", ~unfinished).values(status="done")
    )
    db.session.commit()
    return db.session.scalar(select(Load.status).where(Load.id == load_id)) == "done"


def run_batch(batch_id: int) -> None:
    """A worker's part: claim the batch, extract its fresh articles, store them with the batch marked done in
    the same transaction; then offer the load's next batches."""
    app = current_app._get_current_object()
    claimed = db.session.execute(
        update(LoadBatch)
        .where(LoadBatch.id == batch_id, LoadBatch.status.in_(ACTIVE))
        .values(status="running", attempts=LoadBatch.attempts + 1)
    ).rowcount
    db.session.commit()
    if not claimed:
        return  # done already (a late retry)
    batch = db.session.get(LoadBatch, batch_id)
    load_id, staged = batch.load_id, batch.articles
    db.session.rollback()
    summary = LoadSummary()
    for where, reason in staged["unreadable"]:
        summary.failed.append((where, reason))
    fresh = _fresh_articles([_article(a) for a in staged["articles"]], summary)
    summary.notes += [f"{a.where}: {note}" for a in fresh if (note := over_budget(a.text))]
    pairs = list(zip(fresh, _extract([a.text for a in fresh], 1)))

    def done(stored: LoadSummary) -> None:  # beside the articles, in their transaction
        stored.add(summary)
        stored.notes = summary.notes
        marked = db.session.execute(
            update(LoadBatch)
            .where(LoadBatch.id == batch_id, LoadBatch.status != "done")
            .values(status="done", articles=None, result=_result(stored))
        ).rowcount
        if not marked:
            raise RuntimeError(f"batch {batch_id} was stored by another worker meanwhile")

    try:
        stored = _store_together(pairs, along=done)
    except Exception:  # noqa: BLE001 - as the loader: each article again in a transaction of its own
        db.session.rollback()
        stored = LoadSummary()
        for article, extraction in pairs:
            _store_one(article, extraction, stored)
        try:
            done(stored)
            db.session.commit()
        except RuntimeError:
            db.session.rollback()
    if stored.new:
        articles_stored.send(app)  # cached reads are stale now
    top_up(app, load_id)
    settle(load_id)


def fail_batch(batch_id: int, error) -> None:
    """The batch's last attempt failed: its articles are reported failed with the reason."""
    batch = db.session.get(LoadBatch, batch_id)
    if batch is None or batch.status == "done":
        return
    summary = LoadSummary()
    for where, reason in batch.articles["unreadable"]:
        summary.failed.append((where, reason))
    why = f"{type(error).__name__}: {error}"[:200] if isinstance(error, BaseException) else str(error)[:200]
    for article in batch.articles["articles"]:
        summary.failed.append(
            (article["where"], f"{article['where']}: extraction failed ({why}); nothing stored")
        )
    batch.status, batch.articles, batch.result = "failed", None, _result(summary)
    db.session.commit()
    top_up(current_app._get_current_object(), batch.load_id)
    settle(batch.load_id)


def _result(summary: LoadSummary) -> dict:
    return {
        "new": summary.new,
        "unchanged": summary.unchanged,
        "quotes": summary.quotes,
        "speakers": sorted(summary.speakers),
        "outlets": sorted(summary.outlets),
        "failed": [list(item) for item in summary.failed],
        "more": summary.failed.more,
        "notes": summary.notes,
    }


def summarise(load: Load) -> tuple[LoadSummary, dict]:
    """The load's summary so far (the sum of its finished batches), and its progress: batches and articles."""
    summary = LoadSummary(skipped=list(load.skipped))
    finished = db.session.execute(
        select(LoadBatch.size, LoadBatch.status, LoadBatch.result)
        .where(LoadBatch.load_id == load.id, LoadBatch.status.in_(("done", "failed")))
        .order_by(LoadBatch.number)
    ).all()
    for _, _, result in finished:
        summary.new += result["new"]
        summary.unchanged += result["unchanged"]
        summary.quotes += result["quotes"]
        summary.speakers |= set(result["speakers"])
        summary.outlets |= set(result["outlets"])
        for item in result["failed"]:  # the first KEPT_FAILURES kept, the others counted
            summary.failed.append(tuple(item))
        summary.failed.more += result["more"]
        summary.notes += result["notes"]
    counts = dict(
        db.session.execute(
            select(LoadBatch.status, func.count())
            .where(LoadBatch.load_id == load.id)
            .group_by(LoadBatch.status)
        ).all()
    )
    progress = {
        "batches": {s: counts.get(s, 0) for s in ("staged", "queued", "running", "done", "failed")},
        "items_read": load.items_read,
        "items_done": sum(size for size, _, _ in finished),
    }
    return summary, progress
