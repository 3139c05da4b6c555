"""`quotedb load --queue`: the articles read as `quotedb load` reads them, staged in batches, stored by any
number of `quotedb worker`s: the same rows and the same summary as a local load, each article once even when
a worker is killed mid-batch."""

import os
import shutil
import signal
import subprocess
import threading
import time
import uuid

import pytest
from sqlalchemy import func, select

from service.extensions import db
from service.store.loader import load_paths
from service.store.models import Article, LoadBatch, Quote, Speaker
from tests.helpers import (
    FIXTURES,
    QUOTEDB,
    REDIS_URL,
    SEEDS,
    harbour_article,
    redis_answers,
    reset_schema,
    write_archive,
)

pytestmark = pytest.mark.skipif(
    not redis_answers(), reason=f"Redis tests skipped: nothing answers at {REDIS_URL}"
)


def environment(database_url):
    prefix = f"quotedb-test-{uuid.uuid4().hex}:"
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "QUOTEDB_REDIS_URL": REDIS_URL,
        "QUOTEDB_REDIS_PREFIX": prefix,
    }


def quotedb(env, *args):
    return subprocess.run([QUOTEDB, *args], env=env, capture_output=True, text=True, timeout=300)


def enqueue(env, *args) -> str:
    queued = quotedb(env, "load", "--queue", "--quiet", "--batch", "4", *args)
    assert queued.returncode == 0, queued.stderr[-3000:]
    return queued.stdout.split()[1]  # "load <id>", printed first


def stored(app):
    with app.app_context():
        articles = sorted(
            db.session.execute(select(Article.sha256, Article.title, Article.source_name, Article.url)).all()
        )
        quotes = db.session.scalar(select(func.count()).select_from(Quote))
        speakers = sorted(db.session.execute(select(Speaker.name, Speaker.slug, Speaker.quote_count)).all())
        db.session.remove()
    return articles, quotes, speakers


def test_a_queued_load_with_two_workers_stores_what_a_local_load_stores(empty_app, database_url, tmp_path):
    folder = tmp_path / "mixed"
    folder.mkdir()
    for path in [*SEEDS.glob("*.txt"), FIXTURES / "pages" / "byline_and_meta.html"]:
        shutil.copy(path, folder)
    records = [harbour_article(n) for n in range(10)]
    write_archive(folder / "coast.jsonl", [*records[:4], '{"text": ', *records[4:]])
    with empty_app.app_context():
        local = load_paths([folder])
        db.session.remove()
    expected = stored(empty_app)
    assert local.new == 13 and len(local.failed) == 1 and expected[1] > 0
    reset_schema(empty_app)

    env = environment(database_url)
    load_id = enqueue(env, str(folder))
    workers = [
        subprocess.Popen([QUOTEDB, "worker", "--burst"], env=env, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    done = quotedb(env, "load", "--queue", "--resume", load_id, "--wait", "--quiet")  # meanwhile
    for worker in workers:
        assert worker.wait(timeout=300) == 0, worker.stderr.read()[-3000:]
        worker.stderr.close()
    assert done.returncode == 1, done.stderr[-3000:]  # as a local load: an article failed
    assert done.stdout.splitlines()[-1] == local.line()
    assert "failed: coast.jsonl line 5: not a JSON object" in done.stderr
    assert stored(empty_app) == expected

    client = empty_app.test_client()
    progress = client.get(f"/api/v1/loads/{load_id}").get_json()
    assert (progress["status"], progress["new"], progress["failed"]) == ("done", 13, 1)
    assert progress["failures"][0]["where"].endswith("coast.jsonl line 5")
    for wrong in ("f" * 32, "not-a-load-id"):
        missing = client.get(f"/api/v1/loads/{wrong}")
        assert missing.status_code == 404 and missing.mimetype == "application/problem+json"
        assert "32 hexadecimal characters" in missing.get_json()["detail"], missing.get_json()


def test_a_worker_killed_mid_batch_and_a_rerun_store_every_article_once(empty_app, database_url, tmp_path):
    archive = write_archive(tmp_path / "coast.jsonl", [harbour_article(n) for n in range(24)])
    env = environment(database_url)
    load_id = enqueue(env, str(archive))
    worker = subprocess.Popen(
        [QUOTEDB, "worker", "--heartbeat", "1"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        with empty_app.app_context():
            for _ in range(1200):  # until it is storing a batch
                running = db.session.scalar(select(func.count()).where(LoadBatch.status == "running"))
                db.session.rollback()
                if running:
                    break
                time.sleep(0.05)
            assert running, "the worker never took a batch"
    finally:
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait()
    time.sleep(3.5)  # three missed heartbeats: its batch is abandoned
    burst = subprocess.Popen(
        [QUOTEDB, "worker", "--burst", "--heartbeat", "1"], env=env, stderr=subprocess.PIPE, text=True
    )
    rerun = quotedb(env, "load", "--queue", "--wait", "--quiet", str(archive))  # the same command again
    assert burst.wait(timeout=300) == 0, burst.stderr.read()[-3000:]
    burst.stderr.close()
    assert rerun.returncode == 0, rerun.stderr[-3000:]
    assert rerun.stdout.split()[:3] == ["load", load_id, "(resumed)"]
    assert rerun.stdout.splitlines()[-1].startswith("articles: 24 new, 0 unchanged, 0 failed")
    with empty_app.app_context():
        assert db.session.scalar(select(func.count(func.distinct(Article.sha256)))) == 24
        assert db.session.scalar(select(func.count()).select_from(Article)) == 24
        assert db.session.scalar(select(func.max(LoadBatch.attempts))) == 2  # the killed batch, once more
        db.session.remove()


def test_waiting_with_no_worker_says_so_and_ctrl_c_leaves_the_load_going(empty_app, database_url, tmp_path):
    archive = write_archive(tmp_path / "coast.jsonl", [harbour_article(n) for n in range(3)])
    waiting = subprocess.Popen(
        [QUOTEDB, "load", "--queue", "--wait", "--quiet", str(archive)],
        env=environment(database_url),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    watchdog = threading.Timer(60, waiting.kill)  # a line that never comes fails the test, not the suite
    watchdog.start()
    try:
        load_id = waiting.stdout.readline().split()[1]
        note = waiting.stderr.readline()
        assert "no `quotedb worker` is taking from this queue" in note, note
        time.sleep(1)  # into its waiting loop
        waiting.send_signal(signal.SIGINT)
        _, rest = waiting.communicate(timeout=30)
    finally:
        watchdog.cancel()
        waiting.kill()
    assert waiting.returncode == 130, rest
    assert f"the load goes on: `quotedb loads {load_id}`" in rest and "Traceback" not in rest, rest
