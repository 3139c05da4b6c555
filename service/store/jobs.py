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

import logging
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

from flask import Flask, current_app
from redis.exceptions import RedisError
from sqlalchemy import select, update

from ..extensions import db
from .articles import NewArticle, extract_and_store, text_digest
from .breaker import redis as breaker
from .models import IngestJob

QUEUE = "ingest"  # behind QUOTEDB_REDIS_PREFIX
RETRIES = 2  # after the first attempt
JOB_TIMEOUT = 30 * 60  # seconds one extraction may take in a worker
REDIS_TIMEOUT = 1.0  # seconds a request (or the sweeper) waits for Redis to take a job
STRANDED_SECONDS = 30  # a queued job Redis does not hold after this long is enqueued again
REDIS_ERRORS = (RedisError, OSError)
log = logging.getLogger(__name__)
_thread: ThreadPoolExecutor | None = None  # without Redis: one background thread per serving process
_thread_lock = threading.Lock()


def submit(new: NewArticle) -> IngestJob:
    """A job for this article: the one already queued or running for the same text, or a new one."""
    digest = text_digest(new.text)
    active = db.session.scalar(
        select(IngestJob).where(IngestJob.sha256 == digest, IngestJob.status.in_(("queued", "running")))
    )
    if active is not None:
        if active.status == "queued":
            _enqueue_after_commit(current_app._get_current_object(), active.id, only_if_missing=True)
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
    _enqueue_after_commit(current_app._get_current_object(), job.id)
    return job


def _enqueue_after_commit(app: Flask, job_id: str, only_if_missing: bool = False) -> None:
    """Offer a committed job to whoever runs jobs. With Redis down (or hanging) the job stays queued in the
    database, the client still gets its 202, and sweep_stranded() enqueues it once Redis answers again."""
    redis_url = app.config.get("QUOTEDB_REDIS_URL")
    if redis_url and not breaker.closed:
        return  # Redis failed a moment ago: the sweeper will enqueue it
    try:
        if only_if_missing and redis_url and _in_redis(app, job_id):
            return
        _enqueue(app, job_id)
    except REDIS_ERRORS as error:
        breaker.trip(error)
        log.warning("job %s stays queued until Redis answers (%s)", job_id, error)


def _enqueue(app: Flask, job_id: str) -> None:
    redis_url = app.config.get("QUOTEDB_REDIS_URL")
    if redis_url:
        from rq import Callback, Retry

        # by name: the worker's entry points live in service/worker.py, above this room
        queue(redis_url, app.config["QUOTEDB_REDIS_PREFIX"], REDIS_TIMEOUT).enqueue(
            "service.worker.run_job",
            job_id,
            job_id=job_id,
            retry=Retry(max=RETRIES),
            job_timeout=JOB_TIMEOUT,
            on_failure=Callback("service.worker.job_failed"),
        )
    else:
        _background_thread().submit(_run_in_thread, app, job_id)


def queue(redis_url: str, prefix: str, timeout: float | None = None):
    """The RQ queue; with `timeout`, on a connection that gives up after that many seconds (a request's, which
    must not hang on a Redis that stopped answering; a worker's blocking dequeue has none)."""
    from redis import Redis
    from rq import Queue

    options = {"socket_timeout": timeout, "socket_connect_timeout": timeout} if timeout else {}
    return Queue(prefix + QUEUE, connection=Redis.from_url(redis_url, **options))


def _in_redis(app: Flask, job_id: str) -> bool:
    from rq.job import Job

    connection = queue(
        app.config["QUOTEDB_REDIS_URL"], app.config["QUOTEDB_REDIS_PREFIX"], REDIS_TIMEOUT
    ).connection
    return Job.exists(job_id, connection=connection)


def sweep_stranded(app: Flask, older_than: float = STRANDED_SECONDS) -> int:
    """With Redis: enqueue every job the database says is queued but Redis does not hold (its POST found Redis
    down, or Redis lost it), once it has waited `older_than` seconds. Run by every `quotedb worker` as it
    starts and in its maintenance. Returns how many were enqueued."""
    from datetime import datetime, timedelta, timezone

    cutoff = datetime.now(timezone.utc) - timedelta(seconds=older_than)
    with app.app_context():
        waiting = db.session.scalars(
            select(IngestJob.id).where(IngestJob.status == "queued", IngestJob.updated_at <= cutoff)
        ).all()
        db.session.remove()
    stranded = [job_id for job_id in waiting if not _in_redis(app, job_id)]
    for job_id in stranded:
        _enqueue(app, job_id)
    if stranded:
        log.warning("enqueued %d stranded job(s): %s", len(stranded), ", ".join(stranded))
    return len(stranded)


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
