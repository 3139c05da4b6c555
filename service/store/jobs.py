"""Ingestion off the request path: an article too long to extract inside a request becomes a job.

With QUOTEDB_REDIS_URL the job goes on an RQ queue in Redis, and any number of `quotedb worker` processes, on
any machines, take jobs from it; a job that raises is retried (RETRIES times), a job whose worker died is
found by RQ's maintenance once its heartbeat lapses and retried too, and a job that keeps failing ends
`failed` with its reason. Without Redis, the serving process runs jobs in a background thread of its own, so
the embedded default needs nothing more. Either way the job's state is a row of ingest_jobs, which the API
reads (api/jobs.py). The RQ worker's own entry points (they make the app) are in service/worker.py. RQ was
chosen over Dramatiq because its jobs, retries and abandoned-job handling need nothing but Redis, and a job is
a plain function call.
"""

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

from flask import Flask, current_app
from sqlalchemy import select, update

from ..extensions import db
from .articles import NewArticle, extract_and_store, text_digest
from .models import IngestJob

QUEUE = "ingest"  # behind QUOTEDB_REDIS_PREFIX
RETRIES = 2  # after the first attempt
JOB_TIMEOUT = 30 * 60  # seconds one extraction may take in a worker
_thread: ThreadPoolExecutor | None = None  # without Redis: one background thread per serving process
_thread_lock = threading.Lock()


def submit(new: NewArticle) -> IngestJob:
    """A job for this article: the one already queued or running for the same text, or a new one."""
    digest = text_digest(new.text)
    active = db.session.scalar(
        select(IngestJob).where(IngestJob.sha256 == digest, IngestJob.status.in_(("queued", "running")))
    )
    if active is not None:
        return active
    job = IngestJob(
        id=uuid.uuid4().hex,
        status="queued",
        sha256=digest,
        attempts=0,
        submission={
            "title": new.title,
            "text": new.text,
            "url": new.url,
            "publisher": new.publisher,
            "published_at": new.published_at.isoformat() if new.published_at else None,
            "added_by": new.added_by,
        },
    )
    db.session.add(job)
    db.session.commit()
    _enqueue(current_app._get_current_object(), job.id)
    return job


def _enqueue(app: Flask, job_id: str) -> None:
    redis_url = app.config.get("QUOTEDB_REDIS_URL")
    if redis_url:
        from rq import Callback, Retry

        # by name: the worker's entry points live in service/worker.py, above this room
        queue(redis_url, app.config["QUOTEDB_REDIS_PREFIX"]).enqueue(
            "service.worker.run_job",
            job_id,
            job_id=job_id,
            retry=Retry(max=RETRIES),
            job_timeout=JOB_TIMEOUT,
            on_failure=Callback("service.worker.job_failed"),
        )
    else:
        _background_thread().submit(_run_in_thread, app, job_id)


def queue(redis_url: str, prefix: str):
    from redis import Redis
    from rq import Queue

    return Queue(prefix + QUEUE, connection=Redis.from_url(redis_url))


def _background_thread() -> ThreadPoolExecutor:
    global _thread
    with _thread_lock:
        if _thread is None:
            _thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="quotedb-ingest")
        return _thread


def _run_in_thread(app: Flask, job_id: str) -> None:
    with app.app_context():
        for attempt in range(RETRIES + 1):
            try:
                run(job_id, claim_from=("queued",))
                return
            except Exception as error:  # noqa: BLE001 - any failure of an extraction is the job's, to report
                db.session.rollback()
                if attempt == RETRIES:
                    fail(job_id, error)
                else:  # queued again, for the next attempt to claim
                    db.session.execute(
                        update(IngestJob).where(IngestJob.id == job_id).values(status="queued")
                    )
                    db.session.commit()
            finally:
                db.session.remove()


def run(job_id: str, claim_from: tuple[str, ...] = ("queued", "running")) -> None:
    """Extract and store one job's article. The job is claimed in one UPDATE from a status in `claim_from`, so
    two processes offered the same job never both run it; a job already done is left alone (a late retry).
    RQ hands a job out once per attempt and may retry one left "running" by a dead worker; the embedded
    runner claims only queued jobs."""
    claimed = db.session.execute(
        update(IngestJob)
        .where(IngestJob.id == job_id, IngestJob.status.in_(claim_from))
        .values(status="running", attempts=IngestJob.attempts + 1)
    ).rowcount
    db.session.commit()
    if not claimed:
        return
    job = db.session.get(IngestJob, job_id)
    submitted = dict(job.submission)
    if submitted.get("published_at"):
        from datetime import datetime

        submitted["published_at"] = datetime.fromisoformat(submitted["published_at"])

    def done(article) -> None:  # in the article's own transaction: no reader sees it stored while "running"
        job = db.session.get(IngestJob, job_id)
        job.status, job.article_id, job.error = "done", article.id, None

    extract_and_store(db.session, NewArticle(**submitted), along=done)  # announces the article (notices.py)


def requeue_orphans() -> int:
    """Without Redis, before a server starts: jobs left "running" belong to a server that stopped mid-job (the
    embedded default has one server per database), so they are queued again. Returns how many."""
    count = db.session.execute(
        update(IngestJob).where(IngestJob.status == "running").values(status="queued")
    ).rowcount
    db.session.commit()
    return count


def resume_queued(app: Flask) -> None:
    """Without Redis, as a serving process starts: offer every queued job to this process's background thread
    (when several processes do, the claim in run() gives each job to one)."""
    with app.app_context():
        waiting = db.session.scalars(
            select(IngestJob.id).where(IngestJob.status == "queued").order_by(IngestJob.created_at)
        ).all()
        db.session.remove()
    for job_id in waiting:
        _background_thread().submit(_run_in_thread, app, job_id)


def fail(job_id: str, error) -> None:
    job = db.session.get(IngestJob, job_id)
    if job is not None:
        job.status, job.error = "failed", f"{type(error).__name__}: {error}"[:1000]
        db.session.commit()
