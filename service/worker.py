"""The RQ worker behind `quotedb worker`: it sits on top, like wsgi.py, makes the app once per process and
calls down into service/jobs.py for each job."""
from flask import Flask

from . import create_app
from .extensions import db
from .jobs import fail, queue, run

_app: Flask | None = None


def _worker_app() -> Flask:
    global _app
    if _app is None:
        _app = create_app()
    return _app


def run_job(job_id: str) -> None:
    """RQ's entry point for one job."""
    with _worker_app().app_context():
        try:
            run(job_id)
        finally:
            db.session.remove()


def job_failed(rq_job, connection, kind, value, traceback) -> None:
    """RQ's failure callback: the last attempt failed, or its worker died with no retries left (RQ also calls
    it from a worker's maintenance for a job whose worker died)."""
    if rq_job.retries_left:
        return  # RQ will try again
    with _worker_app().app_context():
        fail(rq_job.id, value if value is not None else kind)
        db.session.remove()


def work(redis_url: str, prefix: str, burst: bool) -> None:
    """Run an RQ worker on the ingest queue; its maintenance, every 30 s, requeues the jobs of workers that died."""
    from rq import Worker

    jobs = queue(redis_url, prefix)
    Worker([jobs], connection=jobs.connection, maintenance_interval=30).work(burst=burst)
