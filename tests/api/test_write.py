"""POST /api/v1/articles: ingest over HTTP, with a bearer token, and bad input that changes nothing."""

import pytest
from sqlalchemy import func, select

from service.extensions import db
from service.store.models import Article, Quote
from tests.helpers import ARTICLE, AUTH, TOKEN, make_app, reset_schema


def counts(app):
    with app.app_context():
        return (
            db.session.scalar(select(func.count()).select_from(Article)),
            db.session.scalar(select(func.count()).select_from(Quote)),
        )


def test_post_article_stores_it_with_its_quotes(empty_app):
    client = empty_app.test_client()
    response = client.post("/api/v1/articles", json=ARTICLE, headers=AUTH)
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["publisher"]["name"] == "The Harbour Gazette"
    assert body["published_at"].startswith("2024-03-05T09:30:00")
    assert [(q["speaker"]["name"], q["spoke_to"]["name"]) for q in body["quotes"]] == [
        ("Maya Torres", "Reuters"),
        ("Maya Torres", "Reuters"),
    ]
    again = client.post("/api/v1/articles", json=ARTICLE, headers=AUTH)
    assert again.status_code == 200 and again.get_json()["id"] == body["id"]
    assert counts(empty_app) == (1, 2)
    published = client.get(
        "/api/v1/quotes?publisher=harbour-gazette&since=2024-03-01&until=2024-03-31"
    ).get_json()
    assert published["pagination"]["total"] == 2
    assert client.get("/api/v1/quotes?since=2024-04-01").get_json()["data"] == []


def test_title_defaults_to_the_first_line(empty_app):
    client = empty_app.test_client()
    response = client.post("/api/v1/articles", json={"text": ARTICLE["text"]}, headers=AUTH)
    assert response.status_code == 201
    assert response.get_json()["title"] == "Port strike enters second week"


@pytest.mark.parametrize(
    "headers, status",
    [
        ({}, 401),
        ({"Authorization": "Bearer wrong-token"}, 401),
        ({"Authorization": f"Basic {TOKEN}"}, 401),
    ],
)
def test_writes_need_the_bearer_token(empty_app, headers, status):
    response = empty_app.test_client().post("/api/v1/articles", json=ARTICLE, headers=headers)
    assert response.status_code == status
    assert response.mimetype == "application/problem+json"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert counts(empty_app) == (0, 0)


def test_writes_are_refused_when_no_token_is_configured(database_url):
    app = make_app(database_url, QUOTEDB_API_TOKEN=None)
    reset_schema(app)
    client = app.test_client()
    response = client.post("/api/v1/articles", json=ARTICLE, headers=AUTH)
    assert response.status_code == 403  # credentials came; the server cannot accept any
    assert "QUOTEDB_API_TOKEN" in response.get_json()["detail"]
    anonymous = client.post("/api/v1/articles", json=ARTICLE)
    assert anonymous.status_code == 401 and anonymous.headers["WWW-Authenticate"].startswith("Bearer")
    assert "quotedb load" in anonymous.get_json()["detail"]  # a new user learns how to add articles anyway


@pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE"])
@pytest.mark.parametrize("path", ["/api/v1/quotes", "/api/v1/speakers", "/api/v1/articles"])
def test_a_missing_method_is_405_whatever_the_body(client, method, path):
    response = client.open(path, method=method, data="x", content_type="text/plain")
    assert response.status_code == 405
    assert "GET" in response.headers["Allow"]
    assert (
        client.open("/api/v1/nowhere", method="PUT", data="x", content_type="text/plain").status_code == 404
    )


@pytest.mark.parametrize(
    "query, field",
    [
        ("kind=person&outlet=I%00", "outlet"),
        ("q=" + "a" * 1001, "q"),
        ("speaker=%00", "speaker"),
    ],
)
def test_query_text_the_database_cannot_hold_is_a_422_naming_it(client, query, field):
    for path in ("/api/v1/quotes", "/api/v1/speakers"):
        response = client.get(f"{path}?{query}")
        assert response.status_code == 422, (path, response.get_json())
        assert field in response.get_json()["errors"]["query"]


@pytest.mark.parametrize(
    "raw, field",
    [
        ('{"text": "Title\\n\\nAnna said: \\u201cNo.\\u201d", "publisher": "Gazette\\u0000"}', "publisher"),
        ('{"text": "Title\\n\\nBody \\ud800 here", "title": "T"}', "text"),
    ],
)
def test_body_text_the_database_cannot_hold_is_a_422_and_stores_nothing(empty_app, raw, field):
    response = empty_app.test_client().post(
        "/api/v1/articles", data=raw, content_type="application/json", headers=AUTH
    )
    assert response.status_code == 422, response.get_json()
    assert field in response.get_json()["errors"]["json"]
    assert counts(empty_app) == (0, 0)


@pytest.mark.parametrize(
    "body, field",
    [
        ({"title": "No text"}, "text"),
        ({"text": ""}, "text"),
        ({"text": "   \n  "}, "text"),
        ({"text": "<!DOCTYPE html><html><body><p>Hi</p></body></html>"}, "text"),
        ({**ARTICLE, "published_at": "last Tuesday"}, "published_at"),
        ({**ARTICLE, "url": "not a url"}, "url"),
        ({**ARTICLE, "url": "http://[oops/page"}, "url"),
        ({**ARTICLE, "url": "https:///no-host"}, "url"),
        ({**ARTICLE, "colour": "red"}, "colour"),
        ({**ARTICLE, "title": "x" * 501}, "title"),
    ],
)
def test_bad_bodies_are_422_with_field_errors_and_store_nothing(empty_app, body, field):
    response = empty_app.test_client().post("/api/v1/articles", json=body, headers=AUTH)
    assert response.status_code == 422, response.get_json()
    assert field in response.get_json()["errors"]["json"]
    assert counts(empty_app) == (0, 0)


def test_non_json_body_is_415(empty_app):
    response = empty_app.test_client().post(
        "/api/v1/articles", data=ARTICLE["text"], headers=AUTH, content_type="text/plain"
    )
    assert response.status_code == 415
    assert response.mimetype == "application/problem+json"


def test_malformed_json_is_400(empty_app):
    response = empty_app.test_client().post(
        "/api/v1/articles", data="{not json", headers=AUTH, content_type="application/json"
    )
    assert response.status_code in {400, 422}
    assert response.mimetype == "application/problem+json"
    assert counts(empty_app) == (0, 0)


def test_oversized_body_is_413(database_url):
    app = make_app(database_url, MAX_CONTENT_LENGTH=10_000)
    reset_schema(app)
    body = {**ARTICLE, "text": ARTICLE["text"] + "\n\nMore." * 5000}
    response = app.test_client().post("/api/v1/articles", json=body, headers=AUTH)
    assert response.status_code == 413
    assert response.mimetype == "application/problem+json"
    assert counts(app) == (0, 0)


def test_method_not_allowed_is_a_problem(empty_app):
    response = empty_app.test_client().delete("/api/v1/articles", headers=AUTH)
    assert response.status_code == 405
    assert response.mimetype == "application/problem+json"


def test_split_quotation_is_served_with_its_parts_and_searched_by_its_words(empty_app):
    text = (
        "Flood defences hold\n\n“The wall held overnight,” engineer Vera Holm explained to reporters, "
        "“and it will hold again tomorrow.”"
    )
    client = empty_app.test_client()
    body = client.post("/api/v1/articles", json={"text": text}, headers=AUTH).get_json()
    [quote] = body["quotes"]
    assert [text[p["start"] : p["end"]] for p in quote["parts"]] == [
        "“The wall held overnight,”",
        "“and it will hold again tomorrow.”",
    ]
    assert quote["text"] == "“The wall held overnight,” “and it will hold again tomorrow.”"
    listed = client.get("/api/v1/quotes").get_json()["data"]
    assert listed[0]["parts"] == quote["parts"]
    assert client.get("/api/v1/quotes?q=tomorrow").get_json()["pagination"]["total"] == 1
    assert client.get("/api/v1/quotes?q=reporters").get_json()["pagination"]["total"] == 0  # the attribution
