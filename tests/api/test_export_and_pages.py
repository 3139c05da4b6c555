"""Over HTTP: an article posted as a web page, and the streamed export of /api/v1/quotes/export."""

import csv
import io
import json

from tests.helpers import FIXTURES, TOKEN, make_app

PAGES = FIXTURES / "pages"


def test_a_page_posted_as_html(empty_app):
    client = empty_app.test_client()
    auth = {"Authorization": f"Bearer {TOKEN}"}
    page = (PAGES / "byline_and_meta.html").read_text(encoding="utf-8")
    response = client.post(
        "/api/v1/articles", json={"html": page, "publisher": "Coast Times Online"}, headers=auth
    )
    assert response.status_code == 201, response.get_json()
    article = response.get_json()
    assert (
        article["title"] == "Harbour to reopen in May"
        and article["publisher"]["name"] == "Coast Times Online"
    )
    assert "Subscribe" not in article["text"] and any(
        q["speaker"] and q["speaker"]["name"] == "Ola Berg" for q in article["quotes"]
    )
    both = client.post("/api/v1/articles", json={"html": page, "text": "Hello"}, headers=auth)
    empty = client.post(
        "/api/v1/articles", json={"html": "<html><body><nav>Home</nav></body></html>"}, headers=auth
    )
    assert both.status_code == 422 and "either text or html" in json.dumps(both.get_json())
    assert empty.status_code == 201 and empty.get_json()["text"] == "Home"  # a stub keeps its visible text
    blank = client.post("/api/v1/articles", json={"html": "<html><body> <br> </body></html>"}, headers=auth)
    assert blank.status_code == 422 and "No text found in the page" in json.dumps(blank.get_json())


def test_http_export_streams_every_match_with_a_filename(client):
    total = client.get("/api/v1/quotes?speaker=jan-derbeiko").get_json()["pagination"]["total"]
    response = client.get("/api/v1/quotes/export?format=csv&speaker=jan-derbeiko")
    assert response.status_code == 200 and response.is_streamed
    assert response.headers["Content-Disposition"] == 'attachment; filename="quotes.csv"'
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True), newline="")))
    assert len(rows) == total == 6 and {r["speaker_name"] for r in rows} == {"Jan Derbeiko"}
    everything = client.get("/api/v1/quotes/export?format=jsonl&per_page=5")
    assert everything.status_code == 422  # no paging here: the whole set, and unknown parameters are refused
    lines = client.get("/api/v1/quotes/export?format=jsonl").get_data(as_text=True).splitlines()
    assert len(lines) == client.get("/api/v1/quotes").get_json()["pagination"]["total"]
    assert client.get("/api/v1/quotes/export?format=xml").status_code == 422


def test_http_export_counts_against_the_rate_limit(seeded_app):

    client = make_app(
        seeded_app.config["SQLALCHEMY_DATABASE_URI"], QUOTEDB_RATE_LIMIT="2/minute"
    ).test_client()
    answers = [client.get("/api/v1/quotes/export?format=jsonl") for _ in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 429]
    assert answers[0].headers["RateLimit-Limit"] == "2" and answers[2].mimetype == "application/problem+json"
