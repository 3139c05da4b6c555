"""The read API over the seed articles, through the real app and database."""

import json

import pytest

from tests.helpers import statements_sent

PROBLEM = "application/problem+json"


def get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.get_json()
    return response


def data(client, url):
    return get(client, url).get_json()["data"]


def names(rows):
    return {row["speaker"]["name"] if "speaker" in row else row["name"] for row in rows}


def test_speakers_list_has_the_seed_people_and_no_headline_names(client):
    speakers = data(client, "/api/v1/speakers?per_page=100")
    people = {s["name"] for s in speakers if s["kind"] == "person"}
    assert people == {"Dmitry", "Jan Derbeiko", "Ivan", "Mamuka Mamulashvili"}
    assert not {"Erdogan", "Biden", "Jacob Rees-Mogg"} & {s["name"] for s in speakers}
    assert all(s["kind"] in {"person", "organisation"} for s in speakers)


def test_quotes_by_speaker_alias(client):
    quotes = data(client, "/api/v1/quotes?speaker=Mr%20Derbeiko")
    assert len(quotes) == 6
    assert names(quotes) == {"Jan Derbeiko"}
    assert {q["spoke_to"]["name"] for q in quotes} == {"Sky News Australia"}


@pytest.mark.parametrize("ref", ["Jan Derbeiko", "jan-derbeiko", "Derbeiko", "derbeiko"])
def test_speaker_filter_accepts_name_slug_and_surname(client, ref):
    assert len(data(client, f"/api/v1/quotes?speaker={ref}")) == 6


def test_quotes_by_outlet(client):
    quotes = data(client, "/api/v1/quotes?outlet=MailOnline")
    assert len(quotes) == 5
    assert names(quotes) == {"Mamuka Mamulashvili"}
    assert len(data(client, "/api/v1/quotes?spoke_to=Mail%20Online")) == 5
    assert data(client, "/api/v1/quotes?publisher=MailOnline") == []


def test_unknown_speaker_is_an_empty_list_not_an_error(client):
    body = get(client, "/api/v1/quotes?speaker=Nobody%20Atall").get_json()
    assert body["data"] == [] and body["pagination"]["total"] == 0


def test_quote_filters_combine(client):
    direct = data(client, "/api/v1/quotes?speaker=Mamuka%20Mamulashvili&kind=direct")
    assert len(direct) == 5 and all(q["kind"] == "direct" for q in direct)
    found = data(client, "/api/v1/quotes?q=three%20bases")
    assert len(found) == 1 and "three bases" in found[0]["text"]
    assert all(q["confidence"] >= 0.9 for q in data(client, "/api/v1/quotes?min_confidence=0.9&per_page=100"))
    article_id = data(client, "/api/v1/articles?q=Belarusians%20defy")[0]["id"]
    in_article = data(client, f"/api/v1/quotes?article={article_id}&per_page=100")
    assert {q["article"]["id"] for q in in_article} == {article_id}


def test_text_search_treats_wildcards_literally(client):
    assert data(client, "/api/v1/quotes?q=%25") == []
    assert data(client, "/api/v1/quotes?q=_") == []


def test_sorting_is_whitelisted_and_ends_in_id(client):
    quotes = data(client, "/api/v1/quotes?sort=-confidence&per_page=100")
    keys = [(-q["confidence"], q["id"]) for q in quotes]
    assert keys == sorted(keys)
    problem = get(client, "/api/v1/quotes?sort=text", 422)
    assert problem.mimetype == PROBLEM
    assert "sort" in problem.get_json()["errors"]["query"]


def test_pages_never_repeat_rows(client):
    seen = []
    for page in range(1, 20):
        body = get(client, f"/api/v1/quotes?per_page=3&page={page}&sort=-confidence").get_json()
        seen.extend(q["id"] for q in body["data"])
        if page >= body["pagination"]["pages"]:
            break
    total = get(client, "/api/v1/quotes").get_json()["pagination"]["total"]
    assert len(seen) == len(set(seen)) == total


def test_pagination_headers_and_edges(client):
    response = get(client, "/api/v1/quotes?per_page=2&page=2")
    meta = json.loads(response.headers["X-Pagination"])
    assert meta["page"] == 2 and meta["per_page"] == 2
    links = response.headers["Link"]
    for rel in ("first", "prev", "next", "last"):
        assert f'rel="{rel}"' in links
    beyond = get(client, "/api/v1/quotes?page=999").get_json()
    assert beyond["data"] == [] and beyond["pagination"]["page"] == 999
    capped = get(client, "/api/v1/quotes?per_page=100000").get_json()
    assert capped["pagination"]["per_page"] == 100


@pytest.mark.parametrize(
    "query",
    [
        "page=0",
        "per_page=0",
        "page=abc",
        "kind=sarcastic",
        "min_confidence=2",
        "since=yesterday",
        "article=-1",
        "bogus=1",
    ],
)
def test_bad_query_parameters_are_422_problems(client, query):
    response = get(client, f"/api/v1/quotes?{query}", 422)
    body = response.get_json()
    assert response.mimetype == PROBLEM
    assert body["status"] == 422 and body["errors"]["query"]


def test_speaker_detail(client):
    speaker = get(client, "/api/v1/speakers/mamuka-mamulashvili").get_json()
    assert speaker["quote_count"] == 7
    assert "Commander Mamuka" in speaker["aliases"]
    assert speaker["descriptors"]["role"] == "commander of the Georgian National Legion"
    assert [(o["name"], o["quote_count"]) for o in speaker["outlets"]] == [("MailOnline", 5), ("GB News", 2)]
    assert speaker["first_seen"] and speaker["last_seen"]
    by_id = get(client, f"/api/v1/speakers/{speaker['id']}").get_json()
    assert by_id["slug"] == "mamuka-mamulashvili"


def test_speaker_quotes_and_filters(client):
    quotes = data(client, "/api/v1/speakers/jan-derbeiko/quotes?kind=indirect")
    assert len(quotes) == 2 and names(quotes) == {"Jan Derbeiko"}
    get(client, "/api/v1/speakers/jan-derbeiko/quotes?speaker=Ivan", 422)


def test_speaker_list_filters_and_sort(client):
    assert names(data(client, "/api/v1/speakers?name=mamuka")) == {"Mamuka Mamulashvili"}
    assert names(data(client, "/api/v1/speakers?name=Commander")) == {"Mamuka Mamulashvili"}
    assert names(data(client, "/api/v1/speakers?outlet=Sky%20News%20Australia")) == {"Jan Derbeiko"}
    assert all(s["kind"] == "organisation" for s in data(client, "/api/v1/speakers?kind=organisation"))
    counts = [s["quote_count"] for s in data(client, "/api/v1/speakers?sort=-quote_count&per_page=100")]
    assert counts == sorted(counts, reverse=True) and counts[0] == 7


def test_quote_detail_has_article_offsets_and_sentence(client):
    [quote] = data(client, "/api/v1/quotes?q=three%20bases")
    detail = get(client, f"/api/v1/quotes/{quote['id']}").get_json()
    article = get(client, f"/api/v1/articles/{detail['article']['id']}").get_json()
    assert article["text"][detail["start"] : detail["end"]] == detail["text"]
    sentence = detail["sentence"]
    assert article["text"][sentence["start"] : sentence["end"]] == sentence["text"]
    assert sentence["text"].startswith("Commander Mamuka also told MailOnline")
    assert detail["cue"]["text"] == "told"


def test_outlets(client):
    outlets = data(client, "/api/v1/outlets")
    assert {o["name"] for o in outlets} == {"i", "Sky News Australia", "GB News", "MailOnline"}
    mail = get(client, "/api/v1/outlets/mailonline").get_json()
    assert mail["quotes_spoken_to"] == 5 and mail["articles_published"] == 0
    assert len(data(client, "/api/v1/outlets/mailonline/quotes")) == 5
    assert len(data(client, "/api/v1/outlets/mailonline/quotes?kind=indirect")) == 0
    speakers = data(client, f"/api/v1/outlets/{mail['id']}/speakers")
    assert [(s["name"], s["quote_count"]) for s in speakers] == [("Mamuka Mamulashvili", 5)]
    assert names(data(client, "/api/v1/outlets?name=news")) == {"Sky News Australia", "GB News"}


def test_articles(client):
    articles = data(client, "/api/v1/articles")
    assert len(articles) == 2 and all("text" not in a for a in articles)
    for summary in articles:
        article = get(client, f"/api/v1/articles/{summary['id']}").get_json()
        assert article["text"].startswith(article["title"])
        assert len(article["quotes"]) == summary["quote_count"] == article["quote_count"] > 0
        assert all("article" not in q for q in article["quotes"])


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/speakers/nobody",
        "/api/v1/speakers/99999",
        "/api/v1/quotes/99999",
        "/api/v1/outlets/nowhere",
        "/api/v1/articles/99999",
        "/api/v1/nothing-here",
    ],
)
def test_missing_things_are_404_problems(client, url):
    response = get(client, url, 404)
    assert response.mimetype == PROBLEM
    assert response.get_json()["status"] == 404


def test_openapi_spec_documents_every_endpoint(client):
    spec = get(client, "/api/v1/openapi.json").get_json()
    paths = set(spec["paths"])
    assert {
        "/api/v1/speakers",
        "/api/v1/speakers/{ref}",
        "/api/v1/speakers/{ref}/quotes",
        "/api/v1/quotes",
        "/api/v1/quotes/{quote_id}",
        "/api/v1/outlets",
        "/api/v1/outlets/{ref}",
        "/api/v1/outlets/{ref}/quotes",
        "/api/v1/outlets/{ref}/speakers",
        "/api/v1/articles",
        "/api/v1/articles/{article_id}",
    } <= paths
    assert "post" in spec["paths"]["/api/v1/articles"]
    assert get(client, "/api/v1/docs").status_code == 200


def test_health_and_ready(client):
    assert get(client, "/health").get_json() == {"status": "ok"}
    assert get(client, "/ready").get_json()["status"] == "ready"


def test_text_search_uses_the_stemmed_full_text_index(client):
    # "trains" is no substring of "training": only the stemming full-text index finds it
    found = data(client, "/api/v1/quotes?q=trains%20fighters")
    assert len(found) == 1 and "training foreign fighters" in found[0]["text"]
    for query_syntax in ("%22three%20bases%22%20OR", "NEAR(", "-*", "'%3B%20DROP%20TABLE%20quotes"):
        get(client, f"/api/v1/quotes?q={query_syntax}")  # search syntax in user input is never an error


def test_keyset_pagination_walks_every_quote_once(client):
    seen, after = [], 0
    for _ in range(50):
        response = get(client, f"/api/v1/quotes?after={after}&per_page=4&kind=direct")
        body = response.get_json()
        seen.extend(q["id"] for q in body["data"])
        after = body["pagination"]["next_after"]
        if after is None:
            assert "Link" not in response.headers
            break
        assert f"after={after}" in response.headers["Link"]
    expected = [q["id"] for q in data(client, "/api/v1/quotes?kind=direct&per_page=100")]
    assert seen == expected
    resorted = data(client, "/api/v1/quotes?after=0&sort=-confidence&per_page=100&kind=direct")
    assert [q["id"] for q in resorted] == expected  # keyset pages always follow the id order


def test_a_page_shorter_than_per_page_is_answered_by_one_statement(seeded_app):
    """The last page's rows are its total: nothing is counted or estimated for it."""
    with statements_sent(seeded_app) as sent:
        short = seeded_app.test_client().get("/api/v1/quotes?kind=mixed&per_page=100").get_json()
        assert len(sent) == 1 and 0 < len(short["data"]) < 100
        assert (short["pagination"]["total"], short["pagination"]["total_exact"]) == (
            len(short["data"]),
            True,
        )
        sent.clear()
        full = seeded_app.test_client().get("/api/v1/quotes?kind=mixed&per_page=1").get_json()
        assert len(sent) >= 2 and full["pagination"]["total"] == len(short["data"])  # counted


def test_a_full_page_of_speakers_is_counted_by_its_own_statement_on_postgresql(seeded_app):
    every = seeded_app.test_client().get("/api/v1/speakers?per_page=100").get_json()
    with statements_sent(seeded_app) as sent:
        page = seeded_app.test_client().get("/api/v1/speakers?per_page=2&sort=-quote_count").get_json()
    assert [s["id"] for s in page["data"]] == [
        s["id"] for s in sorted(every["data"], key=lambda s: (-s["quote_count"], s["id"]))
    ][:2]
    assert (page["pagination"]["total"], page["pagination"]["total_exact"]) == (len(every["data"]), True)
    if seeded_app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        assert len(sent) == 1
    else:  # SQLite reads the rows for Python to write, and counts apart
        assert any(statement.startswith("SELECT count(*)") for statement in sent)


def test_totals_are_counted_up_to_the_cap(database_url, seeded_app):
    from tests.helpers import make_app

    app = make_app(database_url, QUOTEDB_COUNT_CAP=3)
    pagination = app.test_client().get("/api/v1/quotes?per_page=2").get_json()["pagination"]
    assert pagination["total_exact"] is False
    if database_url.startswith("sqlite"):  # counted up to the cap
        assert pagination["total"] == 3 and pagination["pages"] == 2
    else:  # the planner's estimate, never below the cap
        assert pagination["total"] >= 3 and pagination["pages"] == -(-pagination["total"] // 2)
    exact = app.test_client().get("/api/v1/quotes?speaker=Ivan").get_json()["pagination"]
    assert exact["total_exact"] is True
    every_id = [
        q["id"] for q in app.test_client().get("/api/v1/quotes?after=0&per_page=100").get_json()["data"]
    ]
    one_page = app.test_client().get("/api/v1/quotes?per_page=100").get_json()["pagination"]
    assert (one_page["total"], one_page["total_exact"], one_page["pages"]) == (
        len(every_id),
        True,
        1,
    )  # all read
    last = app.test_client().get(f"/api/v1/quotes?per_page=2&page={(len(every_id) + 1) // 2}").get_json()
    assert len(last["data"]) <= 2 and last["pagination"]["total"] >= 3
    if len(every_id) % 2:  # a short last page tells the total exactly
        assert (last["pagination"]["total"], last["pagination"]["total_exact"]) == (len(every_id), True)
    for few in ("/api/v1/speakers?per_page=2", "/api/v1/outlets?per_page=2"):  # small tables: always counted
        counted = app.test_client().get(few).get_json()["pagination"]
        assert (counted["total"], counted["total_exact"], counted["pages"]) == (3, False, 2)


def test_served_offsets_point_at_the_words(client):
    """Through the API too: each quote's text is its parts' words, and its mention and cue stand where they
    point, also for the multi-paragraph quotations that continue "He explained:" in seed 004."""
    checked = 0
    for listed in data(client, "/api/v1/articles"):
        article = get(client, f"/api/v1/articles/{listed['id']}").get_json()
        text = article["text"]
        for quote in article["quotes"]:
            assert quote["text"] == " ".join(text[p["start"] : p["end"]] for p in quote["parts"])
            for located in (quote["speaker_mention"], quote["cue"]):
                if located:
                    assert text[located["start"] : located["end"]] == located["text"]
                    checked += 1
    assert checked >= 40
