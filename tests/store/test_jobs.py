"""Ingestion off the request path: a long article is answered with 202 and a job, which a background thread
(no Redis) or `quotedb worker` (RQ on Redis) extracts; the same text is one article."""

import os
import subprocess
import time
import uuid

import pytest

from service.extensions import db
from service.store.articles import NewArticle, extract_and_store
from service.store.jobs import _run_in_thread
from service.store.models import Article, IngestJob
from tests.helpers import QUOTEDB, REDIS_URL, TOKEN, make_app, redis_answers, reset_schema

AUTH = {"Authorization": f"Bearer {TOKEN}"}
PARAGRAPH = "Harbour master Ola Berg said the channel would stay open through the winter storms. "
LONG_TEXT = "Harbour news\n\n" + "\n\n".join(PARAGRAPH + f"Ship {n} left on time." for n in range(300))


def wait_for(client, location, status="done", seconds=60):
    for _ in range(seconds * 10):
        job = client.get(location).get_json()
        if job["status"] == status:
            return job
        time.sleep(0.1)
    raise AssertionError(f"job still {job['status']} after {seconds} s: {job}")


@pytest.fixture
def thread_app(database_url):
    app = make_app(database_url, QUOTEDB_REDIS_URL=None)
    reset_schema(app)
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def test_a_long_article_is_a_job_done_in_the_background(thread_app):
    client = thread_app.test_client()
    assert len(LONG_TEXT) > 20_000
    response = client.post("/api/v1/articles", json={"text": LONG_TEXT}, headers=AUTH)
    assert response.status_code == 202 and response.headers["Location"].startswith("/api/v1/jobs/")
    job = wait_for(client, response.headers["Location"])
    article = client.get(job["article"]["url"]).get_json()
    assert article["text"] == LONG_TEXT and len(article["quotes"]) == 300
    again = client.post("/api/v1/articles", json={"text": LONG_TEXT}, headers=AUTH)
    assert (
        again.status_code == 200 and again.get_json()["id"] == article["id"]
    )  # the same text is one article
    with thread_app.app_context():
        assert db.session.query(Article).count() == 1


def test_a_short_article_is_answered_at_once(thread_app):
    response = thread_app.test_client().post(
        "/api/v1/articles", json={"text": "Title\n\n" + PARAGRAPH}, headers=AUTH
    )
    assert response.status_code == 201 and response.get_json()["quotes"]


def test_what_a_job_writes_beside_its_article_is_in_the_articles_transaction(thread_app):
    """A job is marked done in the transaction that stores its article, so no reader ever sees the article
    stored while the job still says running: when that write fails, the article is not stored either."""

    def job_row_fails(article):
        assert article.id is not None  # flushed: the job can point at it
        raise RuntimeError("the job's row could not be written")

    with thread_app.app_context():
        with pytest.raises(RuntimeError):
            extract_and_store(
                db.session, NewArticle(title="Harbour news", text=LONG_TEXT), along=job_row_fails
            )
        db.session.rollback()
        assert db.session.query(Article).count() == 0


def test_a_job_that_keeps_failing_ends_failed_with_its_reason(thread_app):
    with thread_app.app_context():
        db.session.add(
            IngestJob(
                id=uuid.uuid4().hex,
                status="queued",
                sha256="0" * 64,
                attempts=0,
                submission={"title": "T", "text": "T\n\nBody.", "published_at": "soon"},
            )
        )
        db.session.commit()
        job_id = db.session.query(IngestJob.id).scalar()
    _run_in_thread(thread_app, job_id)
    job = thread_app.test_client().get(f"/api/v1/jobs/{job_id}").get_json()
    assert (job["status"], job["attempts"]) == ("failed", 3) and "soon" in job["error"]
    assert thread_app.test_client().get(f"/api/v1/jobs/{'f' * 32}").status_code == 404


@pytest.mark.skipif(not redis_answers(), reason=f"Redis tests skipped: nothing answers at {REDIS_URL}")
def test_quotedb_worker_takes_jobs_from_redis(database_url, tmp_path):
    prefix = f"quotedb-test-{uuid.uuid4().hex}:"
    app = make_app(database_url, QUOTEDB_REDIS_URL=REDIS_URL, QUOTEDB_REDIS_PREFIX=prefix)
    reset_schema(app)
    client = app.test_client()
    response = client.post("/api/v1/articles", json={"text": LONG_TEXT}, headers=AUTH)
    assert response.status_code == 202
    same = client.post("/api/v1/articles", json={"text": LONG_TEXT}, headers=AUTH)
    assert same.headers["Location"] == response.headers["Location"]  # queued once
    assert client.get(response.headers["Location"]).get_json()["status"] == "queued"
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
    job = client.get(response.headers["Location"]).get_json()
    assert job["status"] == "done" and job["attempts"] == 1
    assert len(client.get(job["article"]["url"]).get_json()["quotes"]) == 300
    with app.app_context():
        db.engine.dispose()


def test_a_job_left_running_by_a_stopped_server_is_done_when_it_starts_again(tmp_path, migrated_sqlite):
    """The embedded default (no Redis): the server died mid-job; `quotedb serve` queues the job again and one
    of its two worker processes (never both) runs it."""
    import json
    import urllib.request

    from tests.helpers import serving

    url = migrated_sqlite(tmp_path / "restart.sqlite3")
    app = make_app(url, QUOTEDB_REDIS_URL=None)
    with app.app_context():
        job = IngestJob(
            id=uuid.uuid4().hex,
            status="running",
            sha256="0" * 64,
            attempts=1,
            submission={
                "title": "Harbour news",
                "text": LONG_TEXT,
                "url": None,
                "publisher": None,
                "published_at": None,
            },
        )
        db.session.add(job)
        db.session.commit()
        job_id = job.id
        db.engine.dispose()
    with serving(tmp_path, DATABASE_URL=url, QUOTEDB_REDIS_URL="", WORKERS="2") as base:
        for _ in range(600):
            with urllib.request.urlopen(f"{base}/api/v1/jobs/{job_id}") as response:
                state = json.loads(response.read())
            if state["status"] not in ("queued", "running"):
                break
            time.sleep(0.1)
        assert state["status"] == "done" and state["attempts"] == 2, state
        with urllib.request.urlopen(f"{base}/api/v1/articles") as response:
            assert json.loads(response.read())["pagination"]["total"] == 1
    log = next(tmp_path.glob("serve-*.log")).read_text()
    assert "queued again" in log
