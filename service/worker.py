"""`quotedb worker`: the RQ worker process. It sits on top, like serve.py and wsgi.py, makes the app once per
process and calls down into the queue (service/store/jobs.py) for each job."""

from flask import Flask

from . import create_app
from .extensions import db
from .extraction.lifeline import die_with_parent
from .store.jobs import fail, queue, run, sweep_stranded

_app: Flask | None = None


def _worker_app() -> Flask:
    global _app
    if _app is None:
        _app = create_app()
    return _app


def run_job(job_id: str) -> None:
    """RQ's entry point for one job, in the work horse RQ forked for it (which dies with its worker: see
    IngestWorker.main_work_horse)."""
    with _worker_app().app_context():
        db.engine.dispose(close=False)  # the worker's connections, inherited: never used in the horse
        try:
            run(job_id)
        finally:
            db.session.remove()


def load_batch(batch_id: int) -> None:
    """RQ's entry point for a batch of `quotedb load --queue` (store/loads.py), in a work horse that dies with
    its worker; the connections the horse inherited from its worker are the worker's, never used here."""
    from .store.loads import run_batch

    die_with_parent()
    app = _worker_app()
    with app.app_context():
        db.engine.dispose(close=False)
        try:
            run_batch(batch_id)
        finally:
            db.session.remove()


def load_batch_failed(rq_job, connection, kind, value, traceback) -> None:
    """RQ's failure callback for a load's batch: with no retries left, its articles are reported failed."""
    from .store.loads import fail_batch

    if rq_job.retries_left:
        return
    with _worker_app().app_context():
        try:
            fail_batch(rq_job.args[0], value if value is not None else kind)
        finally:
            db.session.remove()


def reextract_batch(ids: list[int]) -> dict:
    """RQ's entry point for a batch of `quotedb reextract --queue`: the summary is the job's result."""
    from .store.reextraction import reextract

    with _worker_app().app_context():
        try:
            summary = reextract(db.session, ids)
        finally:
            db.session.remove()
    return {"summary": summary.line(), "lost": summary.lost}


def job_failed(rq_job, connection, kind, value, traceback) -> None:
    """RQ's failure callback: the last attempt failed, or its worker died with no retries left (RQ also calls
    it from a worker's maintenance for a job whose worker died)."""
    if rq_job.retries_left:
        return  # RQ will try again
    with _worker_app().app_context():
        fail(rq_job.id, value if value is not None else kind)
        db.session.remove()


HEARTBEAT_SECONDS = 10  # how often a busy worker says it is alive
MAINTENANCE_SECONDS = 30  # how often an idle worker looks for the jobs of workers that died


def work(
    redis_url: str,
    prefix: str,
    burst: bool,
    heartbeat: int = HEARTBEAT_SECONDS,
    maintenance: int = MAINTENANCE_SECONDS,
) -> None:
    """Run an RQ worker on the ingest queue. A job whose worker died (kill -9, a lost machine) is found by any
    other worker's maintenance once three heartbeats are missed, and retried."""
    jobs = queue(redis_url, prefix)
    _warm_up()
    # An idle RQ worker blocks on the queue for worker_ttl - 15 s and runs maintenance only between waits.
    worker = _worker_class()(
        [jobs],
        connection=jobs.connection,
        job_monitoring_interval=heartbeat,
        maintenance_interval=maintenance,
        worker_ttl=maintenance + 15,
    )
    worker.work(burst=burst)


def _warm_up() -> None:
    """The app and the model, loaded once in the worker: every work horse forked for a job inherits them (a
    load's batch of 32 articles took as long as loading the model)."""
    from .extraction import extract

    with _worker_app().app_context():
        extract("Warm up\n\nAnn Lee said the model was loaded.")
        db.session.remove()
        db.engine.dispose()


def _worker_class():
    from rq import Worker

    class IngestWorker(Worker):
        def main_work_horse(self, job, queue):
            # The first thing a work horse does, whatever its job (an ingest, a re-extraction batch): die with
            # the worker that forked it (`self.pid`, read before the fork, so a worker killed in between is
            # noticed too). Killed alone, the worker left its horse extracting while another worker, finding
            # the job abandoned, ran it again.
            die_with_parent(self.pid)
            super().main_work_horse(job, queue)

        def run_maintenance_tasks(self):
            super().run_maintenance_tasks()
            try:  # jobs whose POST found Redis down are in the database only: offer them now
                sweep_stranded(_worker_app())
            except Exception:  # noqa: BLE001 - the sweep is retried at the next maintenance
                self.log.exception("sweeping stranded jobs failed")

        def get_heartbeat_ttl(self, job) -> int:
            # RQ lets a job outlive its last heartbeat by 60 s before calling it abandoned; an extraction's
            # worker heartbeats every `job_monitoring_interval` s, so three missed beats are proof enough.
            return 3 * self.job_monitoring_interval

    return IngestWorker
