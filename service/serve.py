"""`quotedb serve`: gunicorn run from the command line, making the app in each worker process (wsgi.py is the
app for a gunicorn you start yourself)."""

from gunicorn.app.base import BaseApplication

from . import create_app


class _Gunicorn(BaseApplication):
    def __init__(self, options: dict):
        self.options = options
        super().__init__()

    def load_config(self):
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        return create_app()


def run_gunicorn(host: str, port: int, workers: int, resume_jobs: bool = False) -> None:
    """gunicorn with the app; with `resume_jobs` (the embedded default, no Redis), each worker process offers
    the queued ingest jobs to its background thread as it starts."""
    options = {
        "bind": f"{host}:{port}",
        "workers": workers,
        "timeout": 120,
        "preload_app": False,
        "limit_request_line": 0,  # no limit here: the app answers a long URL with a 414 problem document
    }
    if resume_jobs:
        options["post_worker_init"] = _resume_jobs
    _Gunicorn(options).run()


def _resume_jobs(worker) -> None:
    from .store.jobs import resume_queued

    resume_queued(worker.wsgi)
