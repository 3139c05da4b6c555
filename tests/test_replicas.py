"""Replicas agree through Redis: two `quotedb serve` processes on one database and one Redis share the rate
limit budget and never serve a read older than a write made through the other; with Redis gone, reads go on."""
import json
import os
import socket
import urllib.error
import urllib.request
import uuid

import pytest

from .conftest import TOKEN, serving

REDIS_URL = os.environ.get("QUOTEDB_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def redis_answers() -> bool:
    host, port = REDIS_URL.split("//")[1].split("/")[0].split(":")
    try:
        with socket.create_connection((host, int(port)), timeout=1):
            return True
    except OSError:
        return False


pytestmark = pytest.mark.skipif(not redis_answers(), reason=f"Redis tests skipped: nothing answers at {REDIS_URL} "
                                                            "(set QUOTEDB_TEST_REDIS_URL; CI runs Redis on 6379)")


def call(url, body=None):
    request = urllib.request.Request(url, data=json.dumps(body).encode() if body else None, headers={
        "Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), json.loads(error.read() or b"null")


@pytest.fixture
def replicas(seeded_app, tmp_path):
    """Two single-worker servers sharing the seeded database and a Redis key prefix of their own."""
    env = {"DATABASE_URL": seeded_app.config["SQLALCHEMY_DATABASE_URI"], "QUOTEDB_REDIS_URL": REDIS_URL,
           "QUOTEDB_REDIS_PREFIX": f"quotedb-test-{uuid.uuid4().hex}:", "QUOTEDB_CACHE_SECONDS": "60",
           "QUOTEDB_RATE_LIMIT": "8/minute", "WORKERS": "1"}
    with serving(tmp_path, **env) as first, serving(tmp_path, **env) as second:
        yield first, second


def test_one_rate_limit_budget_across_processes(replicas):
    first, second = replicas
    remaining = [int(call(f"{base}/api/v1/outlets")[1]["RateLimit-Remaining"]) for base in (first, second) * 4]
    assert remaining == [7, 6, 5, 4, 3, 2, 1, 0]
    status, headers, body = call(f"{second}/api/v1/outlets")
    assert status == 429 and int(headers["Retry-After"]) >= 1 and body["status"] == 429


def test_a_write_through_one_process_is_read_at_once_through_the_other(replicas):
    first, second = replicas
    before = call(f"{second}/api/v1/quotes")[2]["pagination"]["total"]
    assert call(f"{second}/api/v1/quotes")[1]["Cache-Control"] == "public, max-age=60"  # cached in Redis now
    article = {"text": "Harbour reopens\n\nHarbour master Ola Berg said the channel was clear again."}
    assert call(f"{first}/api/v1/articles", article)[0] == 201
    assert call(f"{second}/api/v1/quotes")[2]["pagination"]["total"] == before + 1


def test_without_redis_reads_still_answer(seeded_app, tmp_path):
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))  # a port nothing listens on
    port = closed.getsockname()[1]
    closed.close()
    with serving(tmp_path, DATABASE_URL=seeded_app.config["SQLALCHEMY_DATABASE_URI"],
                 QUOTEDB_REDIS_URL=f"redis://127.0.0.1:{port}/0", QUOTEDB_CACHE_SECONDS="60",
                 QUOTEDB_RATE_LIMIT="100/minute", WORKERS="1") as base:
        for _ in range(3):
            status, headers, body = call(f"{base}/api/v1/quotes?speaker=Mr%20Derbeiko")
            assert status == 200 and body["pagination"]["total"] == 6
            assert headers["RateLimit-Limit"] == "100"  # the limiter fell back to a budget in this process
    log = next(tmp_path.glob("serve-*.log")).read_text()
    assert "response cache unavailable" in log
