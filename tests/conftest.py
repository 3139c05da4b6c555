"""Shared fixtures: the real spaCy model, the seeds' gold file (from ../shared), and the app on a real
database (SQLite always, PostgreSQL when QUOTEDB_TEST_POSTGRES_URL names a server; each run gets its own
scratch database, created and dropped here). Helpers that are no fixtures are in tests/helpers.py."""

import json
import sqlite3
import uuid

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from service.extensions import db
from service.extraction.model import load_model

from .helpers import (
    POSTGRES_SKIP,
    POSTGRES_URL,
    SEEDS,
    SEEDS_GOLD,
    SEEDS_GOLD_MISSING,
    make_app,
    reset_schema,
)


@pytest.fixture(scope="session")
def nlp():
    return load_model()


@pytest.fixture(scope="session")
def seeds_gold():
    if not SEEDS_GOLD.exists():
        pytest.skip(SEEDS_GOLD_MISSING)
    return json.loads(SEEDS_GOLD.read_text(encoding="utf-8"))


def _postgres_scratch():
    """Create a scratch database on the server named by QUOTEDB_TEST_POSTGRES_URL; yields its URL, then drops
    it."""
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


@pytest.fixture(scope="module")
def seeded_app(database_url):
    """The app on a database migrated to head and loaded with the seed articles (read-only tests)."""
    from service.store.loader import load_paths

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


@pytest.fixture
def editable_app(database_url):
    """The seeds loaded, and a token for each role: tokens[role] is its Authorization header."""
    from service.store.loader import load_paths
    from service.store.tokens import create_token

    app = make_app(database_url)
    reset_schema(app)
    with app.app_context():
        load_paths([SEEDS])
        app.tokens = {
            role: {"Authorization": f"Bearer {create_token(db.session, f'{role}-1', role)}"}
            for role in ("reader", "ingest", "editor", "admin")
        }
        db.session.commit()
        db.session.remove()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory):
    """`migrated_sqlite(path)` puts a SQLite database at the latest migration at `path` and returns its URL,
    for tests that run the command line on a file of their own: a copy of one migrated once per run, in this
    process, by the migrations `quotedb db upgrade` runs (tests/cli/test_cli.py tests that command itself).
    Each `quotedb db upgrade` it replaces started an interpreter and imported Alembic: seconds a test."""
    template = tmp_path_factory.mktemp("migrated") / "template.sqlite3"
    app = make_app(f"sqlite:///{template}")
    reset_schema(app)
    with app.app_context():
        db.engine.dispose()

    def copy(path) -> str:
        with sqlite3.connect(template) as source, sqlite3.connect(path) as target:
            source.backup(target)
        return f"sqlite:///{path}"

    return copy
