"""WSGI entry point: gunicorn 'service.wsgi:app'."""
import os

from . import create_app

app = create_app()
if os.environ.get("QUOTEDB_WARM_UP", "1") != "0":  # the model loads before this worker takes a request
    from .wsgi_server import _warm_up

    _warm_up(None)
