"""The WSGI app for a server you start yourself: gunicorn 'service.wsgi:app' (the Dockerfile does);
`quotedb serve` runs gunicorn itself (serve.py)."""

import os

from . import create_app

app = create_app()
if os.environ.get("QUOTEDB_WARM_UP", "1") != "0":  # the model loads before this worker takes a request
    from .extraction import extract

    extract("Warm up\n\nAnn Lee said the model was loaded.")
