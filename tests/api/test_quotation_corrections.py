"""Corrections reach quotations (issue 28 on issue 27's figures), through the real app on both engines: a
hidden report stops counting, reassigning, merging and splitting move the credit, undo brings it back; and
a quotation's reports come a page at a time like every list."""

import json

from tests.helpers import AUTH, OTHER_SPEAKER, PLEDGE_REPORTS


def post(client, article: dict) -> int:
    response = client.post("/api/v1/articles", json=article, headers=AUTH)
    assert response.status_code == 201, response.get_json()
    [quote] = response.get_json()["quotes"]
    return quote["id"]


def change(response) -> int:
    assert response.status_code in (200, 201), response.get_json()
    return int(response.headers["X-Change-Id"])


def undo(client, change_id: int) -> None:
    assert client.post(f"/api/v1/changes/{change_id}/undo", json={}, headers=AUTH).status_code == 201


def test_corrections_refresh_the_quotation_and_undo_restores_it(empty_app):
    client = empty_app.test_client()
    marsh_first, marsh_cut, marsh_ellipsis = (post(client, a) for a in PLEDGE_REPORTS.values())
    reyes_quote = post(client, OTHER_SPEAKER)
    quotation_id = client.get(f"/api/v1/quotes/{reyes_quote}").get_json()["quotation_id"]

    def figures() -> tuple:
        q = client.get(f"/api/v1/quotations/{quotation_id}").get_json()
        credits = [(a["speaker"]["name"], a["occurrences"]) for a in q["attributed_to"]]
        return q["occurrences"], q["outlets"], q["speaker"]["name"], credits, q["last_seen"][:10]

    def listed(query: str) -> list[int]:
        return [q["id"] for q in client.get(f"/api/v1/quotations?{query}").get_json()["data"]]

    def speaker(name: str) -> int:
        return client.get(f"/api/v1/quotes/{reyes_quote if 'Reyes' in name else marsh_first}").get_json()[
            "speaker"
        ]["id"]

    whole = (4, 4, "Helena Marsh", [("Helena Marsh", 3), ("Tom Reyes", 1)], "2025-01-12")
    assert figures() == whole
    assert listed("speaker=Tom Reyes&disputed=true") == [quotation_id]

    hide = change(client.patch(f"/api/v1/quotes/{reyes_quote}", json={"hidden": True}, headers=AUTH))
    assert figures() == (3, 3, "Helena Marsh", [("Helena Marsh", 3)], "2025-01-11")
    assert listed("disputed=true") == [] and listed("speaker=Tom Reyes") == []
    reports = client.get(f"/api/v1/quotations/{quotation_id}").get_json()["reports"]
    assert reyes_quote not in [r["quote_id"] for r in reports]
    undo(client, hide)
    assert figures() == whole

    reyes, marsh = speaker("Tom Reyes"), speaker("Helena Marsh")
    change(client.patch(f"/api/v1/quotes/{marsh_cut}", json={"speaker_id": reyes}, headers=AUTH))
    moved = change(client.patch(f"/api/v1/quotes/{marsh_ellipsis}", json={"speaker_id": reyes}, headers=AUTH))
    assert figures()[2:4] == ("Tom Reyes", [("Tom Reyes", 3), ("Helena Marsh", 1)])
    undo(client, moved)
    # two each: the speaker credited first (the earliest report) is the quotation's
    assert figures()[2:4] == ("Helena Marsh", [("Helena Marsh", 2), ("Tom Reyes", 2)])

    merge = change(client.post(f"/api/v1/speakers/{reyes}/merge", json={"into": marsh}, headers=AUTH))
    assert figures()[2:4] == ("Helena Marsh", [("Helena Marsh", 4)])
    assert listed("disputed=true") == [] and listed(f"speaker={marsh}&disputed=false") == [quotation_id]
    undo(client, merge)
    assert figures()[2:4] == ("Helena Marsh", [("Helena Marsh", 2), ("Tom Reyes", 2)])

    split = client.post(
        f"/api/v1/speakers/{marsh}/split", json={"quote_ids": [marsh_first], "name": "H. Marsh"}, headers=AUTH
    )
    assert figures()[2:4] == ("Tom Reyes", [("Tom Reyes", 2), ("H. Marsh", 1), ("Helena Marsh", 1)])
    undo(client, change(split))
    assert figures()[2:4] == ("Helena Marsh", [("Helena Marsh", 2), ("Tom Reyes", 2)])


def test_a_quotation_whose_only_report_is_hidden_is_gone(empty_app):
    client = empty_app.test_client()
    quote = post(client, OTHER_SPEAKER)
    quotation_id = client.get(f"/api/v1/quotes/{quote}").get_json()["quotation_id"]
    change(client.patch(f"/api/v1/quotes/{quote}", json={"hidden": True}, headers=AUTH))
    assert client.get(f"/api/v1/quotations/{quotation_id}").status_code == 404
    assert client.get(f"/quotations/{quotation_id}").status_code == 404
    assert client.get("/api/v1/quotations").get_json()["data"] == []


def test_reports_come_a_page_at_a_time(empty_app):
    client = empty_app.test_client()
    ids = [post(client, a) for a in [*PLEDGE_REPORTS.values(), OTHER_SPEAKER]]
    quotation_id = client.get(f"/api/v1/quotes/{ids[0]}").get_json()["quotation_id"]
    first = client.get(f"/api/v1/quotations/{quotation_id}?per_page=3")
    body = first.get_json()
    assert [r["article"]["published_at"][:10] for r in body["reports"]] == [
        "2025-01-09",
        "2025-01-10",
        "2025-01-11",
    ]
    assert body["pagination"] == json.loads(first.headers["X-Pagination"])
    assert (body["pagination"]["total"], body["pagination"]["pages"]) == (4, 2)
    assert 'rel="next"' in first.headers["Link"]
    second = client.get(f"/api/v1/quotations/{quotation_id}?per_page=3&page=2").get_json()
    assert [r["quote_id"] for r in second["reports"]] == [ids[3]] and second["occurrences"] == 4
    assert client.get(f"/api/v1/quotations/{quotation_id}?per_page=0").status_code == 422
    assert client.get(f"/api/v1/quotations/{quotation_id}?sort=id").status_code in (400, 422)
    page = client.get(f"/quotations/{quotation_id}").get_data(as_text=True)
    assert "Morning Herald" in page and "Daily Post" in page
    third = {
        **OTHER_SPEAKER,
        "text": OTHER_SPEAKER["text"].replace("Opposition leader Tom Reyes", "Anna Lee"),
    }
    post(client, third)  # a third speaker's credit of a disputed quotation is disputed too
    assert [
        q["id"] for q in client.get("/api/v1/quotations?speaker=Anna Lee&disputed=true").get_json()["data"]
    ] == [quotation_id]
