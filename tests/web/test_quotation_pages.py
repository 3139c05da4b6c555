"""The quotation pages, through the real app and database: a quotation's words, where it was first seen,
its reports by outlet and the notice when more than one speaker is credited; the quote and speaker pages
link to it; the search lists quotations instead of reports."""

import re

import pytest

from tests.helpers import AUTH, OTHER_SPEAKER, PLEDGE_REPORTS, SAME_DAY_OTHER_WORDS


@pytest.fixture
def reported(empty_app):
    """The pledge in four outlets (the fourth crediting another speaker), other words on the same day."""
    client = empty_app.test_client()
    stored = [
        client.post("/api/v1/articles", json=article, headers=AUTH).get_json()
        for article in [*PLEDGE_REPORTS.values(), OTHER_SPEAKER, SAME_DAY_OTHER_WORDS]
    ]
    return client, [article["quotes"][0] for article in stored]


def text(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200 and response.mimetype == "text/html", path
    return response.get_data(as_text=True)


def test_a_quotation_page_tells_its_history(reported):
    client, quotes = reported
    body = text(client, f"/quotations/{quotes[0]['quotation_id']}")
    assert "reported 4 times by 4 outlets" in body
    assert "Credited to more than one speaker:</strong>" in body and "Tom Reyes (1 report)" in body
    first_seen = re.search(r"<dt>First seen</dt><dd>(.*?)</dd>", body, re.S).group(1)
    assert "2025-01-09" in first_seen and "Daily Post" in first_seen
    timeline = re.findall(
        r'<span class="when">([^<]+)</span>\s*<span class="outlet"><a [^>]+>([^<]+)</a>', body
    )
    assert timeline == [
        ("2025-01-09", "Daily Post"),
        ("2025-01-10", "Reuters"),
        ("2025-01-11", "Evening Star"),
        ("2025-01-12", "Morning Herald"),
    ]
    assert f'href="/api/v1/quotations/{quotes[0]["quotation_id"]}" class="json"' in body
    alone = text(client, f"/quotations/{quotes[-1]['quotation_id']}")
    assert "reported 1 time by 1 outlet" in alone and "more than one speaker" not in alone
    assert client.get("/quotations/999999").status_code == 404


def test_quote_speaker_and_search_pages_link_to_the_quotation(reported):
    client, quotes = reported
    link = f'<a class="reported" href="/quotations/{quotes[0]["quotation_id"]}">reported by 4 outlets</a>'
    assert link in text(client, f"/quotes/{quotes[1]['id']}")
    assert link in text(client, "/speakers/helena-marsh")
    assert link in text(client, "/?q=taxes")
    listed = text(client, "/?q=budget&show=quotations")
    cards = re.findall(r'<blockquote><a href="/quotations/(\d+)">', listed)
    assert cards == [str(quotes[0]["quotation_id"]), str(quotes[-1]["quotation_id"])]  # most reported first
    assert "4 reports by 4 outlets" in listed and "credited to more than one speaker" in listed
    assert 'href="/api/v1/quotations?q=budget"' in listed
