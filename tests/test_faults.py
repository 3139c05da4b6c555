"""Issue 25: faults and hostile clients. Slow clients, a Redis that hangs or is down, a killed load, the rate
limit's budget, an unsupported database URL and the model's loading, each through the real server, CLI or app
(loopback only, bounded loops); each failed on the code before the fix."""

import contextlib
import os
import signal
import socket
import subprocess
import threading
import time
import urllib.request
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import update

from service.extensions import db
from service.store.models import IngestJob

from .helpers import QUOTEDB, REDIS_URL, TOKEN, free_port, make_app, redis_answers, reset_schema, serving

AUTH = {"Authorization": f"Bearer {TOKEN}"}
LONG_TEXT = "Harbour news\n\n" + "\n\n".join(
    f"Harbour master Ola Berg said ship {n} would leave on time despite the storms." for n in range(300)
)


def get(url: str, timeout: float = 1.0) -> int:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.status


@pytest.fixture(scope="module")
def default_server(tmp_path_factory):
    """`quotedb serve` with no DATABASE_URL (its embedded default), shared by the tests that need no other."""
    folder = tmp_path_factory.mktemp("default-server")
    with serving(folder, DATABASE_URL="", QUOTEDB_INSTANCE_PATH=str(folder / "instance")) as base:
        yield base


def test_fifty_slow_clients_leave_health_and_a_list_answering(default_server):
    """Item 12: two connections that sent half a request held both sync workers for 120 s."""
    base = default_server
    port = int(base.rsplit(":", 1)[1])
    slow = []
    try:
        for n in range(50):
            connection = socket.create_connection(("127.0.0.1", port), timeout=5)
            if n % 5:  # most send half a request head and stop; some send nothing at all
                connection.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n")
            slow.append(connection)
        time.sleep(0.5)
        for _ in range(3):
            started = time.monotonic()
            assert get(f"{base}/health") == 200 and get(f"{base}/api/v1/quotes") == 200
            assert get(f"{base}/") == 200
            assert time.monotonic() - started < 3  # three requests, each given 1 s
        slow[1].sendall(b"\r\n")  # a slow client that finishes is answered
        slow[1].settimeout(5)
        assert slow[1].recv(100).startswith(b"HTTP/1.1 200")
        with socket.create_connection(("127.0.0.1", port), timeout=5) as expecting:  # curl's large POSTs
            expecting.sendall(
                b"POST /api/v1/articles HTTP/1.1\r\nHost: x\r\nContent-Type: application/json"
                b"\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\n"
            )
            expecting.settimeout(1)
            assert expecting.recv(100).startswith(b"HTTP/1.1 100")
    finally:
        for connection in slow:
            connection.close()


@contextlib.contextmanager
def silent_redis():
    """A 'Redis' that accepts connections and never answers: a plain socket server on loopback."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(64)
    held, stop = [], threading.Event()

    def accept():
        server.settimeout(0.2)
        while not stop.is_set():
            with contextlib.suppress(OSError):
                held.append(server.accept()[0])

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"redis://127.0.0.1:{server.getsockname()[1]}/0"
    finally:
        stop.set()
        thread.join()
        for connection in held:
            connection.close()
        server.close()


def test_a_redis_that_never_answers_costs_reads_under_a_second(database_url):
    """Item 15: every API read took 5-16 s, every page 5 s."""
    from service.store import breaker

    breaker.redis.reset()
    with silent_redis() as url:
        app = make_app(
            database_url,
            QUOTEDB_REDIS_URL=url,
            QUOTEDB_CACHE_SECONDS=5,
            QUOTEDB_RATE_LIMIT="600/minute",
            QUOTEDB_REDIS_PREFIX=f"t-{uuid.uuid4().hex}:",
        )
        reset_schema(app)
        client = app.test_client()
        started = time.monotonic()
        assert client.get("/api/v1/quotes").status_code == 200  # finds Redis silent: at most a timeout or two
        assert time.monotonic() - started < 2.0
        for path in ["/api/v1/quotes", "/api/v1/speakers", "/", "/api/v1/articles", "/api/v1/outlets"] * 3:
            began = time.monotonic()
            assert client.get(path).status_code == 200
            assert time.monotonic() - began < 1.0, path
        assert time.monotonic() - started < 5
        with app.app_context():
            db.engine.dispose()
    breaker.redis.reset()


@pytest.mark.skipif(not redis_answers(), reason=f"Redis tests skipped: nothing answers at {REDIS_URL}")
def test_a_job_posted_while_redis_was_down_is_swept_up_when_it_answers(database_url):
    """Item 16: the POST answered 500 and left a job `queued` that no worker ever got."""
    from service.store import breaker

    breaker.redis.reset()
    prefix = f"quotedb-test-{uuid.uuid4().hex}:"
    down = make_app(
        database_url, QUOTEDB_REDIS_URL=f"redis://127.0.0.1:{free_port()}/0", QUOTEDB_REDIS_PREFIX=prefix
    )
    reset_schema(down)
    response = down.test_client().post("/api/v1/articles", json={"text": LONG_TEXT}, headers=AUTH)
    assert response.status_code == 202
    location = response.headers["Location"]
    with down.app_context():  # as if it had waited eleven minutes
        db.session.execute(
            update(IngestJob).values(updated_at=datetime.now(timezone.utc) - timedelta(minutes=11))
        )
        db.session.commit()
        db.engine.dispose()
    breaker.redis.reset()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "QUOTEDB_REDIS_URL": REDIS_URL,
        "QUOTEDB_REDIS_PREFIX": prefix,
    }
    worker = subprocess.run(
        [QUOTEDB, "worker", "--burst"], env=env, capture_output=True, text=True, timeout=300
    )
    assert worker.returncode == 0, worker.stderr[-3000:]
    assert "stranded" in worker.stderr
    up = make_app(database_url, QUOTEDB_REDIS_URL=REDIS_URL, QUOTEDB_REDIS_PREFIX=prefix)
    job = up.test_client().get(location).get_json()
    assert job["status"] == "done", job
    with up.app_context():
        db.engine.dispose()


def _children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    found.add(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        return (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_a_killed_load_leaves_no_process_behind(tmp_path):
    """Item 17: after kill -9 of `quotedb load --processes 2`, its workers and resource tracker lived on."""
    folder = tmp_path / "articles"
    folder.mkdir()
    for n in range(80):
        (folder / f"a{n:02}.txt").write_text(
            f"Story {n}\n\n" + "Mayor Ann Lee said the bridge would open. " * 200, encoding="utf-8"
        )
    env = {
        **{k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
        "QUOTEDB_INSTANCE_PATH": str(tmp_path),
    }
    load = subprocess.Popen(
        [QUOTEDB, "load", "--quiet", "--processes", "2", str(folder)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(600):  # the two workers and the resource tracker
            children = _children(load.pid)
            if len(children) >= 3:
                break
            time.sleep(0.1)
        assert len(children) >= 3, children
        time.sleep(1)
    finally:
        load.send_signal(signal.SIGKILL)
        load.wait()
    for _ in range(100):
        if not any(_alive(pid) for pid in children):
            break
        time.sleep(0.1)
    left = [pid for pid in children if _alive(pid)]
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert not left


def test_the_rate_limit_is_one_budget_per_client_across_endpoints(seeded_app, database_url):
    """Item 18: the limit was counted per endpoint (a client got the budget once per endpoint)."""
    app = make_app(database_url, QUOTEDB_RATE_LIMIT="4/minute")
    client = app.test_client()
    paths = [
        "/api/v1/quotes",
        "/api/v1/speakers",
        "/api/v1/outlets",
        "/",
        "/api/v1/articles",
        "/api/v1/quotes",
    ]
    assert [client.get(path).status_code for path in paths] == [200, 200, 200, 200, 429, 429]
    assert client.get("/health").status_code == 200


def test_a_database_without_a_driver_is_one_line_not_a_traceback(tmp_path):
    """Item 18: DATABASE_URL=mysql://… printed a ModuleNotFoundError traceback."""
    env = {**os.environ, "DATABASE_URL": "mysql://user:secret@127.0.0.1/quotes"}
    result = subprocess.run(
        [QUOTEDB, "load", str(tmp_path)], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 3 and "Traceback" not in result.stderr, result.stderr
    assert "no driver" in result.stderr and "secret" not in result.stderr


def test_each_server_worker_has_the_model_loaded_before_its_first_request(default_server):
    """Item 18: the first POST a worker served waited 1-2 s for the model to load."""
    base = default_server
    port = base.rsplit(":", 1)[1]
    [server] = [
        pid
        for pid in _children(os.getpid())
        if f"--port\x00{port}" in (Path("/proc") / str(pid) / "cmdline").read_text()
    ]
    for _ in range(200):  # the second worker may still be loading it (it takes no request meanwhile)
        workers = _children(server)
        if len(workers) == 2 and all(_has_model(pid) for pid in workers):
            break
        time.sleep(0.1)
    assert len(workers) == 2 and all(_has_model(pid) for pid in workers)


def _has_model(pid: int) -> bool:
    """Whether spaCy's compiled modules are mapped in the process (the web app alone never imports spaCy)."""
    return "/spacy/" in (Path("/proc") / str(pid) / "maps").read_text()
