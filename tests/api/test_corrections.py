"""Corrections through the real app on both engines: each role's answer, merge, PATCH of a speaker and of a
quote (hide, reassign), split, If-Match and 412, the audit, undo and undo refused with 409."""

import json

import pytest

from service.extensions import db
from tests.helpers import make_app, recounted, speaker_id


@pytest.mark.parametrize(
    "role, status", [(None, 401), ("reader", 403), ("ingest", 403), ("editor", 200), ("admin", 200)]
)
def test_each_role_meets_its_answer(editable_app, role, status):
    client = editable_app.test_client()
    derbeiko = speaker_id(client, "Jan Derbeiko")
    headers = editable_app.tokens[role] if role else {}
    response = client.patch(f"/api/v1/speakers/{derbeiko}", json={"wikidata_id": "Q42"}, headers=headers)
    assert response.status_code == status, response.get_json()
    if status != 200:
        assert response.mimetype == "application/problem+json"
        assert client.get(f"/api/v1/speakers/{derbeiko}").get_json()["wikidata_id"] is None
    article = {"text": "Port strike\n\n“We stay out,” Maya Torres told Reuters."}
    posted = client.post("/api/v1/articles", json=article, headers=headers)
    assert posted.status_code == {None: 401, "reader": 403}.get(role, 201)
    if posted.status_code == 201:  # every write is attributed to the token's name
        assert posted.get_json()["added_by"] == f"{role}-1"


def test_merge_moves_quotes_and_aliases_and_redirects(editable_app):
    client, editor = editable_app.test_client(), editable_app.tokens["editor"]
    ivan, derbeiko = speaker_id(client, "Ivan"), speaker_id(client, "Jan Derbeiko")
    response = client.post(f"/api/v1/speakers/{ivan}/merge", json={"into": derbeiko}, headers=editor)
    assert response.status_code == 200, response.get_json()
    survivor = response.get_json()
    assert survivor["id"] == derbeiko and survivor["quote_count"] == 7 and "Ivan" in survivor["aliases"]
    moved = client.get(f"/api/v1/speakers/{ivan}")
    assert moved.status_code == 301 and moved.headers["Location"].endswith(f"/api/v1/speakers/{derbeiko}")
    assert client.get(f"/api/v1/speakers/{ivan}/quotes").status_code == 301
    assert client.get("/speakers/ivan").status_code == 301
    assert client.get("/api/v1/quotes?speaker=Ivan").get_json()["pagination"]["total"] == 7
    kept, counted = recounted(editable_app)
    assert kept == counted
    again = client.post(f"/api/v1/speakers/{ivan}/merge", json={"into": derbeiko}, headers=editor)
    assert again.status_code == 409
    itself = client.post(f"/api/v1/speakers/{derbeiko}/merge", json={"into": derbeiko}, headers=editor)
    assert itself.status_code == 409 and itself.mimetype == "application/problem+json"


def test_patch_speaker_with_if_match(editable_app):
    client, editor = editable_app.test_client(), editable_app.tokens["editor"]
    dmitry = speaker_id(client, "Dmitry")
    read = client.get(f"/api/v1/speakers/{dmitry}")
    etag = read.headers["ETag"]
    change = {"name": "Dmitry Kuznetsov", "wikidata_id": "Q4115189", "descriptors": {"age": 28}}
    response = client.patch(f"/api/v1/speakers/{dmitry}", json=change, headers=editor | {"If-Match": etag})
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert (body["name"], body["wikidata_id"], body["descriptors"]) == (
        "Dmitry Kuznetsov",
        "Q4115189",
        {"age": 28},
    )
    assert "Dmitry" in body["aliases"] and response.headers["ETag"] != etag
    stale = client.patch(
        f"/api/v1/speakers/{dmitry}", json={"kind": "organisation"}, headers=editor | {"If-Match": etag}
    )
    assert stale.status_code == 412 and stale.mimetype == "application/problem+json"
    assert client.get(f"/api/v1/speakers/{dmitry}").get_json()["kind"] == "person"
    bad_input = (
        {"wikidata_id": "42"},
        {"name": " "},
        {"kind": "robot"},
        {"descriptors": {"a": [1]}},
        {"descriptors": {"age": "28"}},
        {"x": 1},
    )
    for bad in bad_input:
        refused = client.patch(f"/api/v1/speakers/{dmitry}", json=bad, headers=editor)
        assert refused.status_code == 422, bad
    taken = client.patch(f"/api/v1/speakers/{dmitry}", json={"name": "Jan Derbeiko"}, headers=editor)
    assert taken.status_code == 409
    aliases = client.patch(
        f"/api/v1/speakers/{dmitry}",
        json={"add_aliases": ["Dima"], "remove_aliases": ["Dmitry"]},
        headers=editor,
    )
    assert aliases.get_json()["aliases"] == ["Dima"]


def test_hide_and_reassign_a_quote(editable_app):
    client, editor = editable_app.test_client(), editable_app.tokens["editor"]
    derbeiko, ivan = speaker_id(client, "Jan Derbeiko"), speaker_id(client, "Ivan")
    quotes = client.get(f"/api/v1/speakers/{derbeiko}/quotes").get_json()["data"]
    hidden, reassigned = quotes[0]["id"], quotes[1]["id"]
    etag = client.get(f"/api/v1/quotes/{hidden}").headers["ETag"]
    response = client.patch(
        f"/api/v1/quotes/{hidden}",
        json={"hidden": True, "reason": "a headline, not speech"},
        headers=editor | {"If-Match": etag},
    )
    assert response.status_code == 200 and response.get_json()["hidden"] is True
    assert client.get(f"/api/v1/quotes/{hidden}").status_code == 404
    assert client.get(f"/quotes/{hidden}").status_code == 404
    assert client.get(f"/api/v1/quotes/{hidden}?include_hidden=true", headers=editor).status_code == 200
    assert (
        client.get("/api/v1/quotes?include_hidden=true", headers=editable_app.tokens["reader"]).status_code
        == 403
    )
    listed = client.get("/api/v1/quotes?per_page=100").get_json()
    assert hidden not in [q["id"] for q in listed["data"]] and listed["pagination"]["total"] == 20
    everything = client.get("/api/v1/quotes?per_page=100&include_hidden=true", headers=editor).get_json()
    assert hidden in [q["id"] for q in everything["data"]]
    exported = client.get("/api/v1/quotes/export?format=jsonl").get_data(as_text=True).splitlines()
    assert len(exported) == 20 and hidden not in [json.loads(line)["id"] for line in exported]
    moved = client.patch(f"/api/v1/quotes/{reassigned}", json={"speaker_id": ivan}, headers=editor)
    assert moved.get_json()["speaker"]["id"] == ivan
    assert client.get(f"/api/v1/speakers/{derbeiko}").get_json()["quote_count"] == 4
    assert client.get(f"/api/v1/speakers/{ivan}").get_json()["quote_count"] == 2
    page = client.get(f"/quotes/{reassigned}").get_data(as_text=True)
    assert "Corrected by an editor" in page and f"target=quote:{reassigned}" in page
    assert "Corrected by an editor" not in client.get(f"/quotes/{quotes[2]['id']}").get_data(as_text=True)
    nobody = client.patch(f"/api/v1/quotes/{reassigned}", json={"speaker_id": 999999}, headers=editor)
    assert nobody.status_code == 404
    kept, counted = recounted(editable_app)
    assert kept == counted


def test_a_cached_read_is_stale_after_a_correction_and_an_editors_view_is_never_cached(editable_app):
    app = make_app(editable_app.config["SQLALCHEMY_DATABASE_URI"], QUOTEDB_CACHE_SECONDS=60)
    client, editor = app.test_client(), editable_app.tokens["editor"]
    ivan = speaker_id(client, "Ivan")
    assert client.get(f"/api/v1/speakers/{ivan}").get_json()["wikidata_id"] is None  # now cached
    client.patch(f"/api/v1/speakers/{ivan}", json={"wikidata_id": "Q7"}, headers=editor)
    assert client.get(f"/api/v1/speakers/{ivan}").get_json()["wikidata_id"] == "Q7"
    [quote] = client.get(f"/api/v1/speakers/{ivan}/quotes").get_json()["data"]
    client.patch(f"/api/v1/quotes/{quote['id']}", json={"hidden": True}, headers=editor)
    url = f"/api/v1/speakers/{ivan}/quotes?include_hidden=true"
    assert client.get(url, headers=editor).get_json()["data"][0]["hidden"] is True
    assert client.get(url).status_code == 403  # not the editor's answer, from the cache
    with app.app_context():
        db.engine.dispose()


def test_split_gives_quotes_to_a_new_speaker(editable_app):
    client, editor = editable_app.test_client(), editable_app.tokens["editor"]
    mamuka = speaker_id(client, "Mamuka Mamulashvili")
    ids = [q["id"] for q in client.get(f"/api/v1/speakers/{mamuka}/quotes").get_json()["data"]][:2]
    response = client.post(
        f"/api/v1/speakers/{mamuka}/split",
        json={"quote_ids": ids, "name": "A Legion Spokesman"},
        headers=editor,
    )
    assert response.status_code == 200, response.get_json()
    new = response.get_json()
    assert new["name"] == "A Legion Spokesman" and new["quote_count"] == 2
    assert client.get(f"/api/v1/speakers/{mamuka}").get_json()["quote_count"] == 5
    strangers = client.post(
        f"/api/v1/speakers/{mamuka}/split", json={"quote_ids": ids, "name": "X Y"}, headers=editor
    )
    assert strangers.status_code == 409


def test_the_audit_lists_changes_and_undo_reverts_or_refuses(editable_app):
    client, editor = editable_app.test_client(), editable_app.tokens["editor"]
    ivan, derbeiko = speaker_id(client, "Ivan"), speaker_id(client, "Jan Derbeiko")
    merge = client.post(f"/api/v1/speakers/{ivan}/merge", json={"into": derbeiko}, headers=editor)
    renamed = client.patch(f"/api/v1/speakers/{derbeiko}", json={"name": "Jan Derbeika"}, headers=editor)
    [quote, *_] = client.get(f"/api/v1/speakers/{derbeiko}/quotes").get_json()["data"]
    hidden = client.patch(f"/api/v1/quotes/{quote['id']}", json={"hidden": True}, headers=editor)
    merge_id, rename_id = int(merge.headers["X-Change-Id"]), int(renamed.headers["X-Change-Id"])
    hide_id = int(hidden.headers["X-Change-Id"])
    reader = editable_app.tokens["reader"]
    changes = client.get(f"/api/v1/changes?target=speaker:{derbeiko}", headers=reader).get_json()
    assert [(c["id"], c["action"], c["actor"]) for c in changes["data"]] == [
        (hide_id, "edit", "editor-1"),
        (rename_id, "edit", "editor-1"),
        (merge_id, "merge", "editor-1"),
    ]
    assert changes["data"][1]["before"]["name"] == "Jan Derbeiko"
    history = client.get(f"/api/v1/speakers/{derbeiko}/changes", headers=reader)
    assert history.get_json()["pagination"]["total"] == 3
    assert client.post(f"/api/v1/changes/{hide_id}/undo", json={}, headers=editor).status_code == 201
    assert f"/api/v1/speakers/{derbeiko}/changes" in client.get("/speakers/jan-derbeiko").get_data(
        as_text=True
    )
    assert client.get("/api/v1/changes?actor=nobody", headers=reader).get_json()["data"] == []
    refused = client.post(f"/api/v1/changes/{merge_id}/undo", json={}, headers=editor)
    assert refused.status_code == 409 and f"{rename_id} (edit speaker" in refused.get_json()["detail"]
    assert f"{hide_id} (" not in refused.get_json()["detail"]  # undone already
    assert (
        client.post(
            f"/api/v1/changes/{rename_id}/undo", json={}, headers=editable_app.tokens["ingest"]
        ).status_code
        == 403
    )
    assert client.post(f"/api/v1/changes/{rename_id}/undo", json={}, headers=editor).status_code == 201
    assert client.get(f"/api/v1/speakers/{derbeiko}").get_json()["name"] == "Jan Derbeiko"
    undone = client.post(f"/api/v1/changes/{merge_id}/undo", json={}, headers=editor)
    assert undone.status_code == 201 and undone.get_json()["action"] == "undo"
    restored = client.get(f"/api/v1/speakers/{ivan}")
    assert restored.status_code == 200 and restored.get_json()["quote_count"] == 1
    assert client.get(f"/api/v1/speakers/{derbeiko}").get_json()["quote_count"] == 6
    assert client.post(f"/api/v1/changes/{merge_id}/undo", json={}, headers=editor).status_code == 409
    kept, counted = recounted(editable_app)
    assert kept == counted


def test_the_audit_is_read_with_a_token_and_the_pages_tell_anyone_what_was_corrected(
    editable_app, database_url
):
    """The audit names its editors (tokens' names): any valid token may read it, anonymous gets 401, even
    where the response cache is on; the pages tell anyone "corrected", how often and when, without names."""
    client, editor = editable_app.test_client(), editable_app.tokens["editor"]
    derbeiko = speaker_id(client, "Jan Derbeiko")
    [quote, *_] = client.get(f"/api/v1/speakers/{derbeiko}/quotes").get_json()["data"]
    assert (
        client.patch(f"/api/v1/speakers/{derbeiko}", json={"wikidata_id": "Q42"}, headers=editor).status_code
        == 200
    )
    assert (
        client.patch(f"/api/v1/quotes/{quote['id']}", json={"kind": "mixed"}, headers=editor).status_code
        == 200
    )
    cached = make_app(database_url, QUOTEDB_CACHE_SECONDS=60).test_client()
    for path in ["/api/v1/changes", f"/api/v1/speakers/{derbeiko}/changes", "/api/v1/changes?actor=editor-1"]:
        for role in ("reader", "ingest", "editor", "admin"):
            read = cached.get(path, headers=editable_app.tokens[role])
            assert read.status_code == 200 and read.get_json()["data"][0]["actor"] == "editor-1", (path, role)
            assert "public" not in read.headers.get("Cache-Control", "")
        for headers in ({}, {"Authorization": "Bearer not-a-token"}, {"Authorization": "Basic eDp5"}):
            refused = cached.get(path, headers=headers)  # after a token's read: no cached copy answers
            assert refused.status_code == 401 and refused.mimetype == "application/problem+json", path
            assert "editor-1" not in refused.get_data(as_text=True)
            assert refused.headers["WWW-Authenticate"].startswith("Bearer")
    assert client.get("/api/v1/changes?since=no-day").status_code == 401  # the token before the query
    for page, told in ((f"/speakers/{derbeiko}", "2 changes"), (f"/quotes/{quote['id']}", "1 change")):
        html = cached.get(page, follow_redirects=True).get_data(
            as_text=True
        )  # the speaker's: their quote's too
        assert f"Corrected by an editor: {told}, the latest on 20" in html, page
        assert "/changes" in html and "with a token" in html and "editor-1" not in html
    spec = client.get("/api/v1/openapi.json").get_json()
    for path in ("/api/v1/changes", "/api/v1/speakers/{ref}/changes"):
        operation = spec["paths"][path]["get"]
        assert operation["security"] == [{"bearerAuth": []}] and "401" in operation["responses"], path
