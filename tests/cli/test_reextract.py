"""`quotedb reextract`, run as a user runs it, over the seeds after an editor's corrections (issue 28's
acceptance): every correction still holds, the audit shows them, the kept counts equal a recount; what the
machine wrote is replaced; a second run changes nothing; a correction whose quotation is gone is listed."""

import os
import signal
import subprocess
import time
import uuid

import pytest
from click.testing import CliRunner
from sqlalchemy import distinct, func, select, update

from service.cli import main
from service.extensions import db
from service.store.models import Quote, Speaker, SpeakerAlias
from tests.helpers import QUOTEDB, REDIS_URL, recounted, redis_answers, speaker_id, write_archive


def reextract(app, *args):
    """The command, in this process (the spaCy model is loaded once for the whole run)."""
    result = CliRunner().invoke(
        main, ["reextract", "--quiet", *args], env={"DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"]}
    )
    assert result.exit_code == 0, result.output
    return result


def stored_quotes(app):
    with app.app_context():
        rows = db.session.execute(
            select(Quote.id, Quote.speaker_id, Quote.hidden, Quote.kind, Quote.confidence, Quote.rule)
        )
        return sorted(rows.all())


def test_corrections_hold_over_a_reextraction(editable_app):
    client, editor = editable_app.test_client(), editable_app.tokens["editor"]
    ivan, derbeiko = speaker_id(client, "Ivan"), speaker_id(client, "Jan Derbeiko")
    mamuka = speaker_id(client, "Mamuka Mamulashvili")
    merged = client.post(f"/api/v1/speakers/{ivan}/merge", json={"into": derbeiko}, headers=editor)
    renamed = client.patch(
        f"/api/v1/speakers/{mamuka}", json={"name": "Mamuka Mamulashvili Sr"}, headers=editor
    )
    derbeiko_quotes = [q["id"] for q in client.get(f"/api/v1/speakers/{derbeiko}/quotes").get_json()["data"]]
    hidden, reassigned = derbeiko_quotes[0], derbeiko_quotes[1]
    hid = client.patch(
        f"/api/v1/quotes/{hidden}", json={"hidden": True, "reason": "not speech"}, headers=editor
    )
    moved = client.patch(f"/api/v1/quotes/{reassigned}", json={"speaker_id": mamuka}, headers=editor)
    assert {r.status_code for r in (merged, renamed, hid, moved)} == {200}
    with editable_app.app_context():  # what an older engine wrote, for the new run to replace
        db.session.execute(update(Quote).values(confidence=0.01, rule="older-engine"))
        db.session.commit()
    corrected = stored_quotes(editable_app)

    result = reextract(editable_app)
    assert "articles: 2 re-extracted; quotes: 21 kept, 0 new, 0 gone; corrections: " in result.stdout
    assert "0 lost" in result.stdout

    after = stored_quotes(editable_app)
    assert [row[:4] for row in after] == [row[:4] for row in corrected]  # same rows, same corrections
    assert all(row[4] > 0.01 and row[5] != "older-engine" for row in after)
    assert client.get(f"/api/v1/speakers/{ivan}").status_code == 301
    assert client.get(f"/api/v1/speakers/{mamuka}").get_json()["name"] == "Mamuka Mamulashvili Sr"
    assert client.get(f"/api/v1/quotes/{hidden}").status_code == 404
    assert client.get(f"/api/v1/quotes/{reassigned}").get_json()["speaker"]["id"] == mamuka
    actions = [
        (c["action"], c["target"]) for c in client.get("/api/v1/changes", headers=editor).get_json()["data"]
    ]
    assert actions == [("edit", "quote"), ("edit", "quote"), ("edit", "speaker"), ("merge", "speaker")]
    kept, counted = recounted(editable_app)
    assert kept == counted and kept[derbeiko] == 5 and kept[mamuka] == 8

    again = reextract(editable_app)  # idempotent
    assert stored_quotes(editable_app) == after and "0 new, 0 gone" in again.stdout


def test_a_correction_whose_quote_is_gone_is_listed(editable_app):
    client, editor = editable_app.test_client(), editable_app.tokens["editor"]
    [first, *_] = client.get("/api/v1/quotes?article=1").get_json()["data"]
    client.patch(f"/api/v1/quotes/{first['id']}", json={"kind": "mixed"}, headers=editor)
    with editable_app.app_context():  # a quotation the engine no longer finds
        db.session.execute(
            update(Quote).where(Quote.id == first["id"]).values(text="Nothing of the kind", start=1, end=20)
        )
        db.session.commit()
    result = reextract(editable_app, "--article", "1")
    assert "1 new, 1 gone" in result.stdout and "1 lost" in result.stdout
    assert f"quote {first['id']} (“Nothing of the kind”) is no longer extracted" in result.stderr
    kept, counted = recounted(editable_app)
    assert kept == counted
    with editable_app.app_context():  # the new quote reports a quotation, as one a load stores does
        assert db.session.scalar(select(Quote.id).where(Quote.quotation_id.is_(None))) is None
        db.session.remove()


@pytest.mark.skipif(not redis_answers(), reason=f"Redis tests skipped: nothing answers at {REDIS_URL}")
def test_reextract_through_the_job_queue(editable_app):
    client, editor = editable_app.test_client(), editable_app.tokens["editor"]
    [first, *_] = client.get("/api/v1/quotes").get_json()["data"]
    client.patch(f"/api/v1/quotes/{first['id']}", json={"hidden": True}, headers=editor)
    with editable_app.app_context():
        db.session.execute(update(Quote).values(rule="older-engine"))
        db.session.commit()
    env = {
        "DATABASE_URL": editable_app.config["SQLALCHEMY_DATABASE_URI"],
        "QUOTEDB_REDIS_URL": REDIS_URL,
        "QUOTEDB_REDIS_PREFIX": f"quotedb-test-{uuid.uuid4().hex}:",
    }
    queued = CliRunner().invoke(main, ["reextract", "--queue"], env=env)
    assert queued.exit_code == 0 and "articles: 2 queued for re-extraction in 1 jobs" in queued.output
    worker = subprocess.run(
        [QUOTEDB, "worker", "--burst"], env=os.environ | env, capture_output=True, text=True, timeout=300
    )
    assert worker.returncode == 0, worker.stderr[-3000:]
    rows = stored_quotes(editable_app)
    assert all(row[5] != "older-engine" for row in rows) and [r[2] for r in rows].count(True) == 1
    assert client.get(f"/api/v1/quotes/{first['id']}").status_code == 404


def _berth(n: int) -> dict:
    name = ["Ola Berg", "Kari Nes", "Anna Dahl"][n % 3]
    return {
        "id": f"berth-{n}",
        "title": f"Berth {n} reopens",
        "text": f"Berth {n} reopens\n\nHarbour master {name} said berth {n} would reopen on Monday.\n\n"
        f'"The boats can come back to berth {n}," {name.split()[1]} told the Coast Times.',
        "publisher": "Coast Times",
    }


def _done(app) -> int:
    """How many articles the new engine has re-extracted (committed) so far."""
    with app.app_context():
        done = db.session.scalar(
            select(func.count(distinct(Quote.article_id))).where(Quote.rule != "older-engine")
        )
        db.session.remove()
        return done


def test_a_reextract_killed_mid_run_and_run_again_loses_nothing_and_doubles_nothing(editable_app, tmp_path):
    """kill -9 of `quotedb reextract` in the middle, then the same command again: every article has its
    quotations once, every correction holds, the one whose quotation is gone is still listed (the killed run
    never printed it), the counts equal a recount, and a third run changes nothing."""
    from service.store.loader import load_paths

    with editable_app.app_context():
        assert (
            load_paths([write_archive(tmp_path / "berths.jsonl", [_berth(n) for n in range(40)])]).new == 40
        )
        db.session.remove()
    client, editor = editable_app.test_client(), editable_app.tokens["editor"]
    ola, kari, anna = (speaker_id(client, name) for name in ("Ola Berg", "Kari Nes", "Anna Dahl"))
    last = 41  # berth 38, Anna Dahl's: in the second batch of 32, re-extracted after the kill
    first_quote = client.get("/api/v1/quotes?article=1").get_json()["data"][0]["id"]
    berth_quotes = [q["id"] for q in client.get("/api/v1/quotes?article=3").get_json()["data"]]
    last_quotes = [q["id"] for q in client.get(f"/api/v1/quotes?article={last}").get_json()["data"]]
    edits = [
        client.post(f"/api/v1/speakers/{anna}/merge", json={"into": kari}, headers=editor),
        client.patch(f"/api/v1/speakers/{ola}", json={"name": "Ola Berg Sr"}, headers=editor),
        client.patch(f"/api/v1/quotes/{berth_quotes[0]}", json={"hidden": True}, headers=editor),
        client.patch(f"/api/v1/quotes/{last_quotes[0]}", json={"hidden": True}, headers=editor),
        client.patch(f"/api/v1/quotes/{last_quotes[1]}", json={"speaker_id": ola}, headers=editor),
        client.patch(f"/api/v1/quotes/{first_quote}", json={"kind": "mixed"}, headers=editor),
    ]
    assert [edit.status_code for edit in edits] == [200] * 6
    lost_change = edits[-1].headers["X-Change-Id"]
    with (
        editable_app.app_context()
    ):  # an older engine's values; article 1's corrected quotation it no longer finds
        db.session.execute(update(Quote).values(rule="older-engine"))
        db.session.execute(
            update(Quote).where(Quote.id == first_quote).values(text="Nothing of the kind", start=1, end=20)
        )
        db.session.commit()
        speakers, aliases = (
            db.session.scalar(select(func.count(Speaker.id))),
            db.session.scalar(select(func.count()).select_from(SpeakerAlias)),
        )
        db.session.remove()
    corrected = [row[:4] for row in stored_quotes(editable_app) if row[0] != first_quote]

    env = os.environ | {"DATABASE_URL": editable_app.config["SQLALCHEMY_DATABASE_URI"]}
    run = subprocess.Popen(
        [QUOTEDB, "reextract", "--quiet", "--processes", "1"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while _done(editable_app) == 0 and run.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
    finally:
        run.send_signal(signal.SIGKILL)
        run.wait()
    assert 0 < _done(editable_app) < 42  # killed in the middle, after article 1 (its loss went unprinted)

    again = reextract(editable_app)
    assert again.stdout.startswith("articles: 42 re-extracted") and "0 new, 0 gone" in again.stdout
    assert f"lost: change {lost_change}: quote {first_quote}" in again.stderr and "1 lost" in again.stdout
    after = stored_quotes(editable_app)
    assert all(row[5] != "older-engine" for row in after)
    with editable_app.app_context():
        placed = db.session.execute(select(Quote.article_id, Quote.start, Quote.end)).all()
        assert len(placed) == len(set(placed)) == len(corrected) + 1  # each quotation once; article 1's anew
        assert db.session.scalar(select(func.count(Speaker.id))) == speakers
        assert db.session.scalar(select(func.count()).select_from(SpeakerAlias)) == aliases
        db.session.remove()
    assert [row[:4] for row in after if row[0] in {r[0] for r in corrected}] == corrected
    assert client.get(f"/api/v1/speakers/{anna}").status_code == 301
    assert client.get(f"/api/v1/speakers/{ola}").get_json()["name"] == "Ola Berg Sr"
    assert client.get(f"/api/v1/quotes/{last_quotes[1]}").get_json()["speaker"]["id"] == ola
    assert all(
        client.get(f"/api/v1/quotes/{q}").status_code == 404 for q in (berth_quotes[0], last_quotes[0])
    )
    kept, counted = recounted(editable_app)
    assert kept == counted

    third = reextract(editable_app)  # nothing left to do: the same rows
    assert stored_quotes(editable_app) == after and "0 new, 0 gone" in third.stdout
