"""The WSGI app for a server you start yourself: gunicorn 'service.wsgi:app' (the Dockerfile does);
`quotedb serve` runs gunicorn itself (serve.py)."""

from . import create_app

app = create_app()
