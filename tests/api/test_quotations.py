"""One quotation, many reports: articles posted through the API (the real extraction, the real database)
are matched into quotations, listed and shown by /api/v1/quotations."""

import json

import pytest

from tests.helpers import AUTH, HALF, OTHER_SPEAKER, PLEDGE, PLEDGE_REPORTS, SAME_DAY_OTHER_WORDS


def post(client, article: dict) -> dict:
    response = client.post("/api/v1/articles", json=article, headers=AUTH)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def quotation_of(client, article: dict) -> dict:
    [quote] = article["quotes"]
    assert quote["quotation_id"] is not None
    response = client.get(f"/api/v1/quotations/{quote['quotation_id']}")
    assert response.status_code == 200
    return response.get_json()


def test_reports_across_outlets_are_one_quotation_with_its_history(empty_app):
    client = empty_app.test_client()
    stored = [post(client, article) for article in PLEDGE_REPORTS.values()]
    quotation = quotation_of(client, stored[0])
    assert {quotation_of(client, article)["id"] for article in stored} == {quotation["id"]}
    assert quotation["occurrences"] == 3 and quotation["outlets"] == 3
    assert quotation["first_seen"] == "2025-01-09T18:00:00+00:00"  # the Daily Post's, loaded second
    assert quotation["last_seen"] == "2025-01-11T07:00:00+00:00"
    assert quotation["text"] == f"“{PLEDGE}”"  # the longest report's words
    assert quotation["speaker"]["name"] == "Helena Marsh"
    assert [r["publisher"]["name"] for r in quotation["reports"]] == ["Daily Post", "Reuters", "Evening Star"]
    assert [r["article"]["published_at"][:10] for r in quotation["reports"]] == [
        "2025-01-09",
        "2025-01-10",
        "2025-01-11",
    ]
    quote = client.get(f"/api/v1/quotes/{stored[1]['quotes'][0]['id']}").get_json()
    assert quote["quotation_id"] == quotation["id"]

    reyes = quotation_of(client, post(client, OTHER_SPEAKER))
    assert reyes["id"] == quotation["id"] and reyes["occurrences"] == 4
    assert reyes["speaker"]["name"] == "Helena Marsh"
    assert [(a["speaker"]["name"], a["occurrences"]) for a in reyes["attributed_to"]] == [
        ("Helena Marsh", 3),
        ("Tom Reyes", 1),
    ]
    disputed = client.get("/api/v1/quotations?disputed=true").get_json()["data"]
    assert [q["id"] for q in disputed] == [quotation["id"]]

    other = quotation_of(client, post(client, SAME_DAY_OTHER_WORDS))
    assert other["id"] != quotation["id"] and other["occurrences"] == 1
    assert client.get("/api/v1/quotations?disputed=false").get_json()["data"] == [
        {key: value for key, value in other.items() if key not in ("reports", "pagination")}
    ]

    half = quotation_of(client, post(client, HALF))
    assert half["id"] == quotation["id"] and half["occurrences"] == 5 and half["outlets"] == 5


def test_lists_filter_and_sort(empty_app):
    client = empty_app.test_client()
    for article in [*PLEDGE_REPORTS.values(), OTHER_SPEAKER, SAME_DAY_OTHER_WORDS]:
        post(client, article)
    listed = client.get("/api/v1/quotations?sort=-occurrences")
    assert listed.status_code == 200
    body = listed.get_json()
    assert [q["occurrences"] for q in body["data"]] == [4, 1]
    assert body["pagination"]["total"] == 2 and json.loads(listed.headers["X-Pagination"])["total"] == 2

    def by(query: str) -> list[int]:
        return [q["occurrences"] for q in client.get(f"/api/v1/quotations?{query}").get_json()["data"]]

    assert by("speaker=Tom Reyes") == [4]  # any report crediting him
    assert by("speaker=helena-marsh&sort=occurrences") == [1, 4]
    assert by("outlet=Evening Star") == [4]
    assert by("q=waiting lists") == [1]
    assert by("min_occurrences=2") == [4]
    assert by("since=2025-01-11") == [4]  # last seen on the 12th
    assert by("until=2025-01-09") == [4]  # first seen on the 9th
    assert by("sort=first_seen") == [4, 1]
    assert by("sort=-last_seen") == [4, 1]


@pytest.mark.parametrize(
    "query",
    ["sort=words", "disputed=maybe", "min_occurrences=0", "q=", "since=yesterday", "nonsense=1"],
)
def test_bad_list_arguments_are_problems(client, query):
    response = client.get(f"/api/v1/quotations?{query}")
    assert response.status_code in (400, 422)
    assert response.mimetype == "application/problem+json"


def test_an_unknown_quotation_is_a_404_problem(client):
    response = client.get("/api/v1/quotations/999999")
    assert response.status_code == 404 and response.mimetype == "application/problem+json"
