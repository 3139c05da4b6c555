"""Run the app under gunicorn from the quotedb command line."""
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


def run_gunicorn(host: str, port: int, workers: int) -> None:
    _Gunicorn({
        "bind": f"{host}:{port}", "workers": workers, "timeout": 120,
        "preload_app": False,
        "limit_request_line": 0,  # no limit here: the app answers a long URL with a 414 problem document
    }).run()
