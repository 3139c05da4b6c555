"""Shared fixtures: the real spaCy model, and the app on a real database (SQLite always, PostgreSQL when
QUOTEDB_TEST_POSTGRES_URL names a server; each run gets its own scratch database, created and dropped here)."""
import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import make_url

from service import create_app
from service.extensions import db, read_engine
from service.extraction.model import load_model

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seed"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = ROOT.parent / "shared"
POSTGRES_URL = os.environ.get("QUOTEDB_TEST_POSTGRES_URL")
POSTGRES_SKIP = ("PostgreSQL tests skipped: set QUOTEDB_TEST_POSTGRES_URL, e.g. "
                 "postgresql+psycopg://postgres@127.0.0.1:5432/postgres (CI sets it in .ci/run)")
TOKEN = "test-token-0123456789"


@pytest.fixture(scope="session")
def nlp():
    return load_model()


@pytest.fixture(scope="session")
def seeds_gold():
    return json.loads((FIXTURES / "seeds.gold.json").read_text(encoding="utf-8"))


def _postgres_scratch():
    """Create a scratch database on the server named by QUOTEDB_TEST_POSTGRES_URL; yields its URL, then drops it."""
    server = make_url(POSTGRES_URL).set(drivername="postgresql+psycopg")
    name = f"quotedb_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def database_url(request, tmp_path_factory):
    """One scratch database per engine for the whole run."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'quotedb.sqlite3'}"
        return
    if not POSTGRES_URL:
        pytest.skip(POSTGRES_SKIP)
    yield from _postgres_scratch()


def make_app(database_url: str, **config):
    return create_app({"SQLALCHEMY_DATABASE_URI": database_url, "QUOTEDB_API_TOKEN": TOKEN, "TESTING": True,
                       "QUOTEDB_RATE_LIMIT": None, "QUOTEDB_CACHE_SECONDS": 0, **config})


def reset_schema(app) -> None:
    """Empty database, then every migration up to head."""
    from flask_migrate import downgrade, upgrade

    with app.app_context():
        downgrade(revision="base")
        upgrade()


@pytest.fixture(scope="module")
def seeded_app(database_url):
    """The app on a database migrated to head and loaded with the seed articles (read-only tests)."""
    from service.loader import load_paths

    app = make_app(database_url)
    reset_schema(app)
    with app.app_context():
        summary = load_paths([SEEDS])
        assert summary.new == 2 and not summary.failed
        db.session.remove()
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def empty_app(database_url):
    """The app on a freshly migrated, empty database."""
    app = make_app(database_url)
    reset_schema(app)
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(seeded_app):
    return seeded_app.test_client()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def serving(log_dir: Path, **env):
    """`quotedb serve` as an operator starts it, with these environment variables; yields its base URL. Its log
    goes to a file (a pipe nobody reads would fill and stall the server)."""
    port = free_port()
    log = (log_dir / f"serve-{port}.log").open("w+b")
    quotedb = shutil.which("quotedb", path=str(Path(sys.executable).parent))
    server = subprocess.Popen([quotedb, "serve", "--port", str(port), "--workers", env.pop("WORKERS", "2")],
                              cwd=ROOT, env={**os.environ, "QUOTEDB_API_TOKEN": TOKEN, **env}, stdout=log, stderr=log)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(f"{base}/health", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        else:
            log.seek(0)
            raise RuntimeError(f"quotedb serve did not answer: {log.read().decode(errors='replace')[-2000:]}")
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()


@contextlib.contextmanager
def statements_sent(app):
    """The SQL statements the app sends while the block runs (reads on PostgreSQL go through the read engine)."""
    with app.app_context():
        engine = read_engine(db.engine) if db.engine.dialect.name == "postgresql" else db.engine
    sent = []

    def record(connection, cursor, statement, *rest):
        sent.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", record)
