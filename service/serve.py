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


# per worker process: requests run in threads, slow clients wait in the event loop (http/buffering_worker.py)
THREADS = 4


def run_gunicorn(host: str, port: int, workers: int, resume_jobs: bool = False) -> None:
    """gunicorn with the app, on the buffering threaded worker (http/buffering_worker.py: slow clients cannot
    take its threads); each worker process loads the model before it takes a request, and with `resume_jobs`
    (the embedded default, no Redis) offers the queued ingest jobs to its background thread."""
    options = {
        "bind": f"{host}:{port}",
        "workers": workers,
        "timeout": 120,
        "worker_class": "service.http.buffering_worker.BufferingWorker",
        "threads": THREADS,
        "preload_app": False,
        "limit_request_line": 0,  # no limit here: the app answers a long URL with a 414 problem document
        "post_worker_init": _resume_jobs if resume_jobs else _warm_up,
    }
    _Gunicorn(options).run()


def _warm_up(worker) -> None:
    """Load the model (and run it once) before this worker takes a request: the first POST a worker served
    waited 1-2 s for it."""
    from .extraction import extract

    extract("Warm up\n\nAnn Lee said the model was loaded.")


def _resume_jobs(worker) -> None:
    from .store.jobs import resume_queued

    _warm_up(worker)
    resume_queued(worker.wsgi)
