"""The list endpoints' row-based read path and the response cache, through the real app and database."""

from datetime import datetime, timezone

import pytest
from sqlalchemy import select, text

from service.extensions import db
from service.store.models import Quote, Speaker
from service.store.rows import QuoteSchema, SpeakerDetailSchema, SpeakerSchema
from service.store.statistics import speaker_outlets
from tests.helpers import ARTICLE, AUTH, make_app, reset_schema, statements_sent


def test_quote_lists_give_exactly_what_the_documented_schema_dumps(client, seeded_app):
    listed = client.get("/api/v1/quotes?per_page=100&sort=-confidence").get_json()["data"]
    assert len(listed) > 20
    with seeded_app.app_context():
        quotes = db.session.scalars(select(Quote).where(Quote.id.in_([q["id"] for q in listed]))).all()
        dumped = {row["id"]: row for row in QuoteSchema(many=True).dump(quotes)}
    assert listed == [dumped[q["id"]] for q in listed]
    confidences = [q["confidence"] for q in listed]
    assert confidences == sorted(confidences, reverse=True)


def test_speaker_lists_give_exactly_what_the_documented_schema_dumps(client, seeded_app):
    listed = client.get("/api/v1/speakers?per_page=100&sort=-quote_count").get_json()
    assert listed["pagination"]["total"] == len(listed["data"]) > 5
    with seeded_app.app_context():
        speakers = db.session.scalars(
            select(Speaker).where(Speaker.id.in_([s["id"] for s in listed["data"]]))
        ).all()
        dumped = {row["id"]: row for row in SpeakerSchema(many=True).dump(speakers)}
    assert listed["data"] == [dumped[s["id"]] for s in listed["data"]]
    assert any(s["aliases"] for s in listed["data"]) and any(s["descriptors"] for s in listed["data"])
    counts = [(-s["quote_count"], s["id"]) for s in listed["data"]]
    assert counts == sorted(counts)


def test_a_speaker_gives_exactly_what_the_documented_schema_dumps(client, seeded_app):
    with seeded_app.app_context():
        speakers = db.session.scalars(select(Speaker).order_by(Speaker.quote_count.desc())).all()
        # a fraction with a trailing zero: PostgreSQL's own JSON would drop it, isoformat keeps six digits
        speakers[0].first_seen = datetime(2024, 3, 1, 9, 30, 5, 123450, tzinfo=timezone.utc)
        speakers[0].last_seen = datetime(2024, 3, 2, tzinfo=timezone.utc)
        db.session.commit()
        for speaker in speakers:
            speaker.outlets = speaker_outlets(speaker.id)
        dumped = SpeakerDetailSchema(many=True).dump(speakers)
    for expected in dumped:
        assert client.get(f"/api/v1/speakers/{expected['slug']}").get_json() == expected
        assert client.get(f"/api/v1/speakers/{expected['id']}").get_json() == expected
    busiest = dumped[0]
    assert busiest["outlets"] and busiest["aliases"] and busiest["first_seen"].endswith("+00:00")
    missing = client.get("/api/v1/speakers/nobody-of-that-name")
    assert missing.status_code == 404 and "nobody-of-that-name" in missing.get_json()["detail"]
    assert client.get(f"/api/v1/speakers/{2**31}").status_code == 404


def test_sub_lists_and_keyset_pages_use_the_same_shape(client):
    by_speaker = client.get("/api/v1/speakers/jan-derbeiko/quotes").get_json()["data"]
    by_query = client.get("/api/v1/quotes?speaker=jan-derbeiko").get_json()["data"]
    assert by_speaker == by_query and len(by_speaker) == 6
    keyset = client.get("/api/v1/quotes?after=0&per_page=100").get_json()["data"]
    paged = client.get("/api/v1/quotes?per_page=100").get_json()["data"]
    assert keyset == paged


def statements_for_one_name(client) -> int:
    """How many statements a list narrowed by one speaker or outlet name sends: on PostgreSQL the page's own
    statement finds who is meant (store/quotes.named_quote_ids), elsewhere a lookup comes first."""
    return 1 if client.application.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql") else 2


def test_a_speakers_total_is_their_kept_count_and_other_filters_are_counted(client):
    """?speaker= alone takes its total from the speakers' quote_count; any other filter counts the rows."""
    kept = client.get("/api/v1/speakers/jan-derbeiko").get_json()["quote_count"]
    for url, statements in (
        ("/api/v1/quotes?speaker=Mr Derbeiko&per_page=4", statements_for_one_name(client)),
        ("/api/v1/speakers/jan-derbeiko/quotes?per_page=4", 2),
    ):  # the path's speaker, the page
        with statements_sent(client.application) as sent:
            first = client.get(url).get_json()
        assert len(sent) == statements  # nothing counted
        rest = client.get(url + "&page=2").get_json()
        assert first["pagination"]["total"] == kept == len(first["data"]) + len(rest["data"]) == 6
        assert first["pagination"]["pages"] == 2 and first["pagination"]["total_exact"]
    by_kind = [
        client.get(f"/api/v1/quotes?speaker=jan-derbeiko&kind={kind}").get_json()
        for kind in ("direct", "indirect", "mixed")
    ]
    assert [page["pagination"]["total"] for page in by_kind] == [len(page["data"]) for page in by_kind]
    assert sum(len(page["data"]) for page in by_kind) == kept
    for page in (1, 3):
        nobody = client.get(f"/api/v1/quotes?speaker=nobody-of-that-name&page={page}").get_json()
        assert nobody["data"] == [] and nobody["pagination"]["total"] == 0


def test_every_way_of_naming_a_speaker_gives_the_pages_of_the_full_list(client):
    """Slug, id, name with an honorific, a lone surname: page by number, by keyset, sorted by id, each the
    slice of the full list it should be."""
    every = client.get("/api/v1/quotes?per_page=100").get_json()["data"]
    spoken = [q for q in every if q["speaker"] and q["speaker"]["slug"] == "jan-derbeiko"]
    ids = [q["id"] for q in spoken]
    for name in ("jan-derbeiko", str(spoken[0]["speaker"]["id"]), "Mr Jan Derbeiko", "Derbeiko"):
        with statements_sent(client.application) as sent:
            first = client.get(f"/api/v1/quotes?speaker={name}&per_page=4").get_json()
        assert len(sent) == statements_for_one_name(client), name
        second = client.get(f"/api/v1/quotes?speaker={name}&per_page=4&page=2&sort=id").get_json()
        after = client.get(f"/api/v1/quotes?speaker={name}&per_page=2&after={ids[2]}").get_json()
        assert first["data"] == spoken[:4] and second["data"] == spoken[4:8], name
        assert [q["id"] for q in after["data"]] == ids[3:5] and after["pagination"]["next_after"] == ids[4], (
            name
        )
        assert first["pagination"]["total"] == second["pagination"]["total"] == len(ids)
    newest_first = client.get("/api/v1/quotes?speaker=jan-derbeiko&sort=-id&per_page=100").get_json()
    assert [q["id"] for q in newest_first["data"]] == ids[::-1] and newest_first["pagination"][
        "total"
    ] == len(ids)


def test_a_list_sends_the_same_statements_for_any_values_of_its_filters(client):
    """One select per set of filters, run with each request's values (store/quotes.quote_ids): the SQL sent is
    the same, and each page holds what its own values ask for."""
    pages, sent_for = {}, {}
    for kind in ("direct", "indirect", "mixed"):
        with statements_sent(client.application) as sent:
            pages[kind] = client.get(f"/api/v1/quotes?kind={kind}&min_confidence=0.5&per_page=2").get_json()
        sent_for[kind] = sent
        assert pages[kind]["data"] and {q["kind"] for q in pages[kind]["data"]} == {kind}
        assert all(q["confidence"] >= 0.5 for q in pages[kind]["data"])
    assert sent_for["direct"] == sent_for["indirect"] == sent_for["mixed"]  # the same SQL, other values
    everyone = client.get("/api/v1/quotes?per_page=100").get_json()["data"]
    for kind, page in pages.items():
        matching = [q for q in everyone if q["kind"] == kind and q["confidence"] >= 0.5]
        assert page["pagination"]["total"] == len(matching) and page["data"] == matching[:2]


def test_statements_derived_from_a_kept_select_are_made_once_and_only_so_many_are_kept(monkeypatch):
    from sqlalchemy import select

    from service.store import statements

    kept, per_request = statements.keep(select(Quote.id)), select(Quote.id)
    page = statements.derived(kept, "page", lambda: kept.limit(2))
    assert statements.derived(kept, "page", lambda: kept.limit(3)) is page  # made once
    assert statements.derived(per_request, "page", lambda: per_request.limit(2)) is not statements.derived(
        per_request, "page", lambda: per_request.limit(2)
    )  # a select of one request: anew
    monkeypatch.setattr(statements, "MADE_LIMIT", 3)
    monkeypatch.setattr(statements, "_MADE", {})
    made = [statements.derived(kept, n, lambda n=n: kept.limit(n)) for n in range(1, 5)]
    assert len(statements._MADE) == 3 and (kept, 1) not in statements._MADE  # the oldest went
    assert statements.derived(kept, 4, lambda: kept.limit(9)) is made[3]


def test_repeated_reads_are_served_from_the_cache_with_an_etag(database_url):
    app = make_app(database_url, QUOTEDB_CACHE_SECONDS=60)
    reset_schema(app)
    client = app.test_client()
    assert client.post("/api/v1/articles", json=ARTICLE, headers=AUTH).status_code == 201
    first = client.get("/api/v1/quotes")
    assert first.status_code == 200 and first.headers["Cache-Control"] == "public, max-age=60"
    etag = first.headers["ETag"]
    with app.app_context():  # a change behind the cache's back (e.g. another worker) shows only after the ttl
        db.session.execute(Quote.__table__.update().values(confidence=0.5))
        db.session.commit()
    again = client.get("/api/v1/quotes")
    assert again.get_data() == first.get_data() and again.headers["ETag"] == etag
    assert "X-Request-ID" in again.headers
    assert client.get("/api/v1/quotes", headers={"If-None-Match": etag}).status_code == 304
    assert client.head("/api/v1/quotes").headers["ETag"] == etag

    second = {**ARTICLE, "text": ARTICLE["text"] + "\n\nHe added: “Nothing has changed.”"}
    assert client.post("/api/v1/articles", json=second, headers=AUTH).status_code == 201
    fresh = client.get("/api/v1/quotes").get_json()  # this worker's own write empties its cache
    assert fresh["pagination"]["total"] > first.get_json()["pagination"]["total"]
    assert {q["confidence"] for q in fresh["data"][:1]} == {0.5}
    with app.app_context():
        db.engine.dispose()


def test_errors_and_writes_are_never_cached(database_url):
    app = make_app(database_url, QUOTEDB_CACHE_SECONDS=60)
    reset_schema(app)
    client = app.test_client()
    assert client.get("/api/v1/speakers/nobody").status_code == 404
    assert "Cache-Control" not in client.get("/api/v1/speakers/nobody").headers
    assert client.post("/api/v1/articles", json=ARTICLE, headers=AUTH).status_code == 201
    assert client.get("/api/v1/speakers/maya-torres").status_code == 200
    with app.app_context():
        db.engine.dispose()


def test_a_read_on_a_connection_the_server_dropped_is_a_503_and_the_next_one_answers(
    seeded_app, database_url
):
    """PostgreSQL reads skip the pool's pre-ping: a dropped connection fails one read, with a problem to
    retry."""
    if not database_url.startswith("postgresql"):
        pytest.skip("SQLite has no server to drop a connection")
    client = seeded_app.test_client()
    assert client.get("/api/v1/quotes?after=0").status_code == 200
    with seeded_app.app_context():  # what a server restart does to every open connection
        ended = db.session.scalars(
            text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        ).all()
        db.session.commit()
    assert ended and all(ended)
    dropped = client.get("/api/v1/quotes?after=0")
    assert dropped.status_code == 503 and dropped.headers["Retry-After"] == "1"
    assert dropped.mimetype == "application/problem+json" and "again" in dropped.get_json()["detail"]
    for path in (
        "/api/v1/quotes?after=0",
        "/api/v1/speakers?sort=-quote_count",
        "/api/v1/quotes?speaker=Mr Derbeiko",
    ):
        assert client.get(path).status_code == 200
