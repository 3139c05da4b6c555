"""`quotedb reextract`, run as a user runs it, over the seeds after an editor's corrections (issue 28's
acceptance): every correction still holds, the audit shows them, the kept counts equal a recount; what the
machine wrote is replaced; a second run changes nothing; a correction whose quotation is gone is listed."""

import os
import subprocess
import uuid

import pytest
from click.testing import CliRunner
from sqlalchemy import select, update

from service.cli import main
from service.extensions import db
from service.store.models import Quote
from tests.helpers import QUOTEDB, REDIS_URL, recounted, redis_answers, speaker_id


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
    actions = [(c["action"], c["target"]) for c in client.get("/api/v1/changes").get_json()["data"]]
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
