"""Replicas agree through Redis: two `quotedb serve` processes on one database and one Redis share the rate
limit budget and never serve a read older than a write made through the other; with Redis gone, reads go on.
"""

import contextlib
import json
import os
import socket
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest

from tests.helpers import REDIS_URL, TOKEN, redis_answers, serving
from tests.redis_proxy import counting_proxy

pytestmark = pytest.mark.skipif(
    not redis_answers(),
    reason=f"Redis tests skipped: nothing answers at {REDIS_URL} "
    "(set QUOTEDB_TEST_REDIS_URL; CI runs Redis on 6379)",
)


def call(url, body=None):
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode() if body else None,
        headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), json.loads(error.read() or b"null")


@contextlib.contextmanager
def two_servers(seeded_app, tmp_path, rate_limit: str, redis_url: str = REDIS_URL):
    """Two single-worker servers sharing the seeded database and a Redis key prefix of their own."""
    env = {
        "DATABASE_URL": seeded_app.config["SQLALCHEMY_DATABASE_URI"],
        "QUOTEDB_REDIS_URL": redis_url,
        "QUOTEDB_REDIS_PREFIX": f"quotedb-test-{uuid.uuid4().hex}:",
        "QUOTEDB_CACHE_SECONDS": "60",
        "QUOTEDB_RATE_LIMIT": rate_limit,
        "QUOTEDB_TOKEN_RATE_LIMIT": rate_limit,  # call() sends a token: counted by its name, on this budget
        "WORKERS": "1",
    }
    with serving(tmp_path, **env) as first, serving(tmp_path, **env) as second:
        yield first, second


@pytest.fixture
def replicas(seeded_app, tmp_path):
    with two_servers(seeded_app, tmp_path, rate_limit="8/minute") as bases:
        yield bases


@pytest.fixture(scope="module")
def uncounted_replicas(seeded_app, tmp_path_factory):
    """No rate limit: every Redis command the two servers send is the cache's, and goes through a proxy that
    counts them (the servers' commands alone, whoever else uses the Redis server meanwhile). One pair for the
    module's tests, each of which compares figures before and after its own requests."""
    with counting_proxy(REDIS_URL) as proxy:
        log_dir = tmp_path_factory.mktemp("replicas")
        with two_servers(seeded_app, log_dir, rate_limit="off", redis_url=proxy.url) as bases:
            yield (*bases, proxy)


def test_one_rate_limit_budget_across_processes(replicas):
    first, second = replicas
    remaining = [
        int(call(f"{base}/api/v1/outlets")[1]["RateLimit-Remaining"]) for base in (first, second) * 4
    ]
    assert remaining == [7, 6, 5, 4, 3, 2, 1, 0]
    status, headers, body = call(f"{second}/api/v1/outlets")
    assert status == 429 and int(headers["Retry-After"]) >= 1 and body["status"] == 429


def test_a_write_through_one_process_is_read_at_once_through_the_other(uncounted_replicas):
    first, second, _ = uncounted_replicas
    before = call(f"{second}/api/v1/quotes")[2]["pagination"]["total"]
    assert call(f"{second}/api/v1/quotes")[1]["Cache-Control"] == "public, max-age=60"  # cached in Redis now
    article = {"text": "Harbour reopens\n\nHarbour master Ola Berg said the channel was clear again."}
    assert call(f"{first}/api/v1/articles", article)[0] == 201
    assert call(f"{second}/api/v1/quotes")[2]["pagination"]["total"] == before + 1


def test_a_repeat_is_served_from_the_process_copy_without_asking_redis(uncounted_replicas):
    first, second, proxy = uncounted_replicas
    url = f"{second}/api/v1/quotes"
    total = call(url)[2]["pagination"]["total"]  # cached in Redis and copied in the process
    counted = proxy.commands
    for _ in range(30):
        status, headers, body = call(url)
        assert status == 200 and body["pagination"]["total"] == total
        assert headers["Cache-Control"] == "public, max-age=60"
    assert proxy.commands - counted <= 1, "a repeat asked Redis"  # one MGET of the request before, at most
    article = {"text": "Harbour dredged\n\nHarbour master Ola Berg said the dredging was finished."}
    assert call(f"{first}/api/v1/articles", article)[0] == 201
    assert (
        call(url)[2]["pagination"]["total"] == total + 1
    )  # the copy went stale with the write through the other


def test_a_lost_subscription_never_serves_a_stale_copy(uncounted_replicas):
    """Redis drops every subscriber: a write published meanwhile is lost to them, so a process must ask Redis
    again instead of trusting its copies, then subscribe anew and serve copies again."""
    import redis

    first, second, proxy = uncounted_replicas
    url = f"{second}/api/v1/quotes"
    before = call(url)[2]["pagination"]["total"]
    assert call(url)[2]["pagination"]["total"] == before
    server = redis.Redis.from_url(REDIS_URL)
    ours = proxy.upstream_addresses()  # the servers' subscribers only: other users of Redis keep theirs
    subscribers = [client["id"] for client in server.client_list(_type="pubsub") if client["addr"] in ours]
    assert sum(server.client_kill_filter(_id=subscriber) for subscriber in subscribers) >= 1  # it subscribed
    article = {"text": "Harbour closes\n\nHarbour master Ola Berg said the channel was shut by the storm."}
    assert call(f"{first}/api/v1/articles", article)[0] == 201
    assert call(url)[2]["pagination"]["total"] == before + 1
    time.sleep(1.1)  # a new subscription is tried at most once a second
    call(url)
    counted = proxy.commands
    for _ in range(10):
        assert call(url)[2]["pagination"]["total"] == before + 1
    assert proxy.commands - counted <= 1, "copies were not served again once subscribed anew"


def test_without_redis_reads_still_answer(seeded_app, tmp_path):
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))  # a port nothing listens on
    port = closed.getsockname()[1]
    closed.close()
    with serving(
        tmp_path,
        DATABASE_URL=seeded_app.config["SQLALCHEMY_DATABASE_URI"],
        QUOTEDB_REDIS_URL=f"redis://127.0.0.1:{port}/0",
        QUOTEDB_CACHE_SECONDS="60",
        QUOTEDB_RATE_LIMIT="100/minute",
        QUOTEDB_TOKEN_RATE_LIMIT="100/minute",  # call() sends a token
        WORKERS="1",
    ) as base:
        for _ in range(3):
            status, headers, body = call(f"{base}/api/v1/quotes?speaker=Mr%20Derbeiko")
            assert status == 200 and body["pagination"]["total"] == 6
            assert headers["RateLimit-Limit"] == "100"  # the limiter fell back to a budget in this process
    log = next(tmp_path.glob("serve-*.log")).read_text()
    assert "response cache unavailable" in log


def test_a_large_article_is_done_by_a_worker_while_reads_keep_answering(tmp_path, migrated_sqlite):
    """Once, on SQLite: what is measured is the request path and the worker, not the engine."""
    import subprocess

    from tests.helpers import QUOTEDB

    env = {
        "DATABASE_URL": migrated_sqlite(tmp_path / "large.sqlite3"),
        "QUOTEDB_REDIS_URL": REDIS_URL,
        "QUOTEDB_REDIS_PREFIX": f"quotedb-test-{uuid.uuid4().hex}:",
        "QUOTEDB_RATE_LIMIT": "off",
        "WORKERS": "1",
    }
    filler = "the tide came in over the old harbour wall and the boats rocked at their moorings, " * 20
    paragraphs = [f"Harbour master Ola Berg said berth {n} would reopen.\n\n{filler}" for n in range(1100)]
    text = "Harbour report\n\n" + "\n\n".join(paragraphs)
    assert 1_800_000 < len(text.encode()) < 2_000_000
    with serving(tmp_path, **env) as base:
        started = time.monotonic()
        status, headers, job = call(f"{base}/api/v1/articles", {"text": text})
        assert status == 202 and time.monotonic() - started < 5  # the request did not wait for extraction
        worker = subprocess.Popen(
            [QUOTEDB, "worker", "--burst"],
            env={**os.environ, **env},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            slowest, reads = 0.0, 0
            while True:
                asked = time.monotonic()
                status, _, listed = call(f"{base}/api/v1/quotes")  # cached for 5 s, unless a write came since
                assert status == 200
                slowest, reads = max(slowest, time.monotonic() - asked), reads + 1
                status, headers, job = call(f"{base}/api/v1/jobs/{job['id']}")
                assert headers["Cache-Control"] == "no-store", headers  # polled: never a cached state
                if job["status"] not in ("queued", "running"):
                    break
                # the job, asked after the list, was not done yet: its article is stored in the transaction
                # that marks it done, so the list cannot have held any of it
                assert listed["pagination"]["total"] == 0, job
                assert time.monotonic() - started < 240, job
            assert worker.wait(timeout=60) == 0
        finally:
            worker.kill()
        assert job["status"] == "done" and reads > 1 and slowest < 1.0, (job, reads, slowest)
        article = call(f"{base}{job['article']['url']}")[2]
        # stored whole, with the quotations of what extraction's per-article budget reads (its first 1 MB)
        from service.extraction.budget import within_budget

        read = within_budget(text).count("Ola Berg said")
        assert article["text"] == text and len(article["quotes"]) == read
        listed = call(f"{base}/api/v1/quotes")[2]  # the worker's write made the cached empty list stale
        assert listed["pagination"]["total"] == len(article["quotes"])


def _alive(pid: int) -> bool:
    """A process that is running (a zombie has exited)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_a_job_whose_worker_is_killed_mid_job_is_retried_and_stored_once(tmp_path, migrated_sqlite):
    """kill -9 of a worker mid-job: its work horse dies with it within seconds (issue 25, item 17: it went on
    extracting while another worker repeated the job), another worker's maintenance finds the job abandoned
    once three heartbeats are missed (1 s apart here), retries it, and the article is stored once."""
    import signal
    import subprocess

    from tests.helpers import QUOTEDB

    env = {
        "DATABASE_URL": migrated_sqlite(tmp_path / "killed.sqlite3"),
        "QUOTEDB_REDIS_URL": REDIS_URL,
        "QUOTEDB_REDIS_PREFIX": f"quotedb-test-{uuid.uuid4().hex}:",
        "QUOTEDB_RATE_LIMIT": "off",
        "WORKERS": "1",
    }
    filler = "the tide came in over the old harbour wall and the boats rocked at their moorings, " * 20
    text = "Harbour report\n\n" + "\n\n".join(
        f"Harbour master Ola Berg said berth {n} would reopen.\n\n{filler}" for n in range(400)
    )

    def start_worker():
        return subprocess.Popen(
            [QUOTEDB, "worker", "--heartbeat", "1", "--maintenance", "1"],
            env={**os.environ, **env},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    with serving(tmp_path, **env) as base:
        status, _, job = call(f"{base}/api/v1/articles", {"text": text})
        assert status == 202
        first = start_worker()
        try:
            while job["status"] != "running":
                job = call(f"{base}/api/v1/jobs/{job['id']}")[2]
                assert job["status"] in ("queued", "running"), job
            # at once: the horse extracts this article in about half a second on an idle machine, and a pause
            # here let it finish first (it failed so once extraction got faster)
            [horse] = map(int, Path(f"/proc/{first.pid}/task/{first.pid}/children").read_text().split())
            assert _alive(horse)
            os.kill(first.pid, signal.SIGKILL)  # the worker alone: its horse must not outlive it
        finally:
            first.kill()
            first.wait()
        deadline = time.monotonic() + 5
        while _alive(horse) and time.monotonic() < deadline:
            time.sleep(0.1)
        if _alive(horse):
            os.kill(horse, signal.SIGKILL)
            pytest.fail(f"the work horse {horse} outlived its killed worker by 5 s")
        second = start_worker()
        try:
            deadline = time.monotonic() + 120
            while job["status"] in ("queued", "running"):
                assert time.monotonic() < deadline, job
                time.sleep(0.5)
                job = call(f"{base}/api/v1/jobs/{job['id']}")[2]
        finally:
            second.kill()
            second.wait()
        assert job["status"] == "done" and job["attempts"] == 2, job
        articles = call(f"{base}/api/v1/articles?per_page=100")[2]["data"]
        assert [a["id"] for a in articles] == [job["article"]["id"]]
        from service.extraction.budget import within_budget  # what the per-article budget reads of it

        read = within_budget(text).count("Ola Berg said")
        assert len(call(f"{base}{job['article']['url']}")[2]["quotes"]) == read
