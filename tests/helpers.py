"""What the tests share besides fixtures (tests/conftest.py): where things are, the app on a scratch database,
a served `quotedb`, the command itself, Redis, a sample article and archives. Import from here, never from
another test module."""

import contextlib
import gzip
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from sqlalchemy import event

from service import create_app
from service.extensions import db, read_engine

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seed"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = ROOT.parent / "shared"  # beside the project, as in CI; gold data is read there, never copied here
GOLD = SHARED / "gold"
SEEDS_GOLD = GOLD / "seeds.gold.json"
SEEDS_GOLD_MISSING = f"the seeds' gold file is read from ../shared, and {SEEDS_GOLD} is not there"
POSTGRES_URL = os.environ.get("QUOTEDB_TEST_POSTGRES_URL")
POSTGRES_SKIP = (
    "PostgreSQL tests skipped: set QUOTEDB_TEST_POSTGRES_URL, e.g. "
    "postgresql+psycopg://postgres@127.0.0.1:5432/postgres (CI sets it in .ci/run)"
)
TOKEN = "test-token-0123456789"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
QUOTEDB = shutil.which("quotedb", path=str(Path(sys.executable).parent)) or "quotedb"
REDIS_URL = os.environ.get("QUOTEDB_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")

ARTICLE = {
    "title": "Port strike enters second week",
    "text": "Port strike enters second week\n\nDockers' leader Maya Torres told Reuters: "
    "“We will stay out until the contract is signed.”\n\nShe said talks would resume on Monday.",
    "url": "https://example.org/port-strike",
    "published_at": "2024-03-05T09:30:00Z",
    "publisher": "The Harbour Gazette",
}


def make_app(database_url: str, **config):
    return create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url,
            "QUOTEDB_API_TOKEN": TOKEN,
            "TESTING": True,
            "QUOTEDB_RATE_LIMIT": None,
            "QUOTEDB_CACHE_SECONDS": 0,
            **config,
        }
    )


def reset_schema(app) -> None:
    """An empty database at the latest migration. The first time a database is seen here, and whenever its
    schema is not what the migrations made (a test downgraded it, or changed it), every migration runs down
    to an empty database and up to head; otherwise its rows are deleted and its counters restarted: the same
    state in a small part of the time (the migrations' own tests are in tests/store/test_migrations.py)."""
    from flask_migrate import downgrade, upgrade

    from .schema_state import empty_tables, schema_fingerprint

    with app.app_context():
        url = db.engine.url.render_as_string(hide_password=False)
        if _MIGRATED.get(url) and schema_fingerprint(db.engine) == _MIGRATED[url]:
            empty_tables(db.engine)
            return
        downgrade(revision="base")
        upgrade()
        _MIGRATED[url] = schema_fingerprint(db.engine)


_MIGRATED: dict[str, str] = {}  # a database's URL -> its schema just after reset_schema migrated it


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def serving(log_dir: Path, **env):
    """`quotedb serve` as an operator starts it, with these environment variables; yields its base URL. Its
    log goes to a file (a pipe nobody reads would fill and stall the server)."""
    port = free_port()
    log = (log_dir / f"serve-{port}.log").open("w+b")
    quotedb = shutil.which("quotedb", path=str(Path(sys.executable).parent))
    server = subprocess.Popen(
        [quotedb, "serve", "--port", str(port), "--workers", env.pop("WORKERS", "2")],
        cwd=ROOT,
        env={**os.environ, "QUOTEDB_API_TOKEN": TOKEN, **env},
        stdout=log,
        stderr=log,
    )
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
    """The SQL statements the app sends while the block runs (reads on PostgreSQL go through the read
    engine)."""
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


def redis_answers() -> bool:
    host, port = REDIS_URL.split("//")[1].split("/")[0].split(":")
    try:
        with socket.create_connection((host, int(port)), timeout=1):
            return True
    except OSError:
        return False


def harbour_article(n: int, title: bool = True) -> dict:
    text = (
        f"Berth {n} reopens\n\nHarbour master Ola Berg said berth {n} would reopen on Monday.\n\n"
        f'"The boats can come back to berth {n}," Berg told the Coast Times.'
    )
    record = {
        "text": text,
        "id": f"coast-{n}",
        "url": f"https://coast.example/{n}",
        "publisher": "Coast Times",
        "published_at": f"2025-03-{n % 28 + 1:02d}T09:00:00Z",
    }
    return record | ({"title": f"Berth {n} reopens"} if title else {})


def write_archive(path: Path, lines: list) -> Path:
    data = "\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines) + "\n"
    if path.name.endswith(".gz"):
        path.write_bytes(gzip.compress(data.encode()))
    else:
        path.write_text(data, encoding="utf-8")
    return path


def speaker_id(client, name):
    [row] = [s for s in client.get("/api/v1/speakers?per_page=100").get_json()["data"] if s["name"] == name]
    return row["id"]


def recounted(app):
    """Each speaker's kept count against a count of their visible quotes."""
    from sqlalchemy import func, select

    from service.store.models import Quote, Speaker

    with app.app_context():
        kept = dict(db.session.execute(select(Speaker.id, Speaker.quote_count)).all())
        counted = dict(
            db.session.execute(
                select(Quote.speaker_id, func.count()).where(~Quote.hidden).group_by(Quote.speaker_id)
            ).all()
        )
        return kept, {i: counted.get(i, 0) for i in kept}


# One quotation in several outlets (tests of quotations: store/quotations.py, its API and its pages): the same
# words with curly and straight marks, a cut end and an ellipsis; then credited to another speaker; other
# words by the same speaker on the same day; and half of the words.
PLEDGE = (
    "We will not raise taxes on working families while I hold this office, and every penny of the new "
    "budget will go to schools and hospitals."
)
PLEDGE_REPORTS = {
    "full, curly marks": {
        "text": f"Budget row deepens\n\nFinance minister Helena Marsh told Reuters: “{PLEDGE}”\n\n"
        "The opposition disagreed.",
        "publisher": "Reuters",
        "published_at": "2025-01-10T09:00:00Z",
    },
    "straight marks, cut end": {
        "text": "Marsh rules out tax rise\n\nFinance minister Helena Marsh said: "
        '"We will not raise taxes on working families while I hold this office, and every penny of the new '
        'budget will go to schools."'
        "\n\nCritics were unconvinced.",
        "publisher": "Daily Post",
        "published_at": "2025-01-09T18:00:00Z",
    },
    "ellipsis": {
        "text": "Minister on taxes\n\n“We will not raise taxes on working families … every penny of the new "
        "budget will go to schools and hospitals,” Helena Marsh said on Tuesday.",
        "publisher": "Evening Star",
        "published_at": "2025-01-11T07:00:00Z",
    },
}
OTHER_SPEAKER = {
    "text": f"Who said it?\n\nOpposition leader Tom Reyes said: “{PLEDGE}”\n\nHe repeated it twice.",
    "publisher": "Morning Herald",
    "published_at": "2025-01-12T07:00:00Z",
}
SAME_DAY_OTHER_WORDS = {
    "text": "Budget detail\n\nFinance minister Helena Marsh also said: “The new budget will cut waiting "
    "lists for hospitals by a third before the end of next year.”",
    "publisher": "Reuters",
    "published_at": "2025-01-10T12:00:00Z",
}
HALF = {
    "text": "Schools first\n\nHelena Marsh said: “Every penny of the new budget will go to schools and "
    "hospitals.”\n\nTeachers welcomed it.",
    "publisher": "Coast Times",
    "published_at": "2025-01-13T07:00:00Z",
}
