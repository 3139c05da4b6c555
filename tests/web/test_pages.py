"""The pages for people, through the real app and database: every page answers, the search finds a seed
speaker, the quote page marks exactly the quotation's words, filters live in the query string, hostile article
text is shown as text, and mistakes get a page that says what went wrong."""

import html
import re

import pytest

from tests.helpers import ROOT, TOKEN

HOSTILE = (
    "Harbour plans <script>window.pwned = 1</script>\n\n"
    'Mayor Ann Lee said "<img src=x onerror=window.pwned=2> the harbour <b>will</b> reopen in May."\n\n'
    "<iframe src=javascript:alert(1)></iframe> was pasted by a careless scraper."
)


def page(client, path, status=200):
    response = client.get(path)
    assert response.status_code == status, (path, response.status_code, response.get_data(as_text=True)[:500])
    assert response.mimetype == "text/html"
    return response.get_data(as_text=True)


def marked_words(body: str) -> list[str]:
    return [html.unescape(m) for m in re.findall(r'<mark class="quote"[^>]*>(.*?)</mark>', body, re.S)]


def test_search_finds_a_seed_speaker_and_his_quotations(client):
    body = page(client, "/?q=Derbeiko")
    assert '<a href="/speakers/jan-derbeiko">Jan Derbeiko</a>' in body
    assert body.count('class="quote-card"') == 6  # by his name: the words never say "Derbeiko"
    assert 'href="/api/v1/quotes?q=Derbeiko"' in body  # the same data as JSON


def test_speaker_page_has_his_facts_and_quotations(client):
    body = page(client, "/speakers/jan-derbeiko")
    assert "<h1>Jan Derbeiko</h1>" in body and "Mr Derbeiko" in body
    assert "6 in 1 article" in body and "Sky News Australia</a> (6)" in body
    assert body.count('class="quote-card"') == 6
    json_link = re.search(r'href="(/api/v1/speakers/[^"]+)" class="json"', body).group(1)
    assert client.get(json_link).get_json()["name"] == "Jan Derbeiko"


def test_a_speaker_named_by_id_is_sent_to_the_permanent_url(client):
    speaker_id = client.get("/api/v1/speakers/jan-derbeiko").get_json()["id"]
    response = client.get(f"/speakers/{speaker_id}")
    assert response.status_code == 301 and response.headers["Location"].endswith("/speakers/jan-derbeiko")


def test_quote_page_marks_exactly_the_quoted_words(client):
    for quote in client.get("/api/v1/quotes?per_page=100").get_json()["data"]:
        body = page(client, f"/quotes/{quote['id']}")
        assert " ".join(marked_words(body)) == quote["text"]
        if quote["speaker_mention"]:
            assert (
                '<strong class="mention">'
                f"{html.escape(quote['speaker_mention']['text'], quote=False)}</strong>"
                in body.replace("&#39;", "'")
            )
        assert f"{quote['kind']} quote, confidence {quote['confidence']:.2f}" in body


def test_article_page_links_every_quotation_and_lists_its_speakers(client):
    article = client.get("/api/v1/articles?per_page=100").get_json()["data"][0]
    detail = client.get(f"/api/v1/articles/{article['id']}").get_json()
    body = page(client, f"/articles/{article['id']}")
    linked = set(int(n) for n in re.findall(r'<mark class="quote" data-quote="(\d+)"', body))
    assert linked == {q["id"] for q in detail["quotes"]}
    for speaker in {q["speaker"]["slug"] for q in detail["quotes"] if q["speaker"]}:
        assert f'href="/speakers/{speaker}"' in body


def test_outlet_page_lists_who_spoke_to_it(client):
    body = page(client, "/outlets/sky-news-australia")
    assert "Jan Derbeiko" in body and "Who spoke to Sky News Australia" in body


def test_filters_live_in_the_query_string_and_pages_are_keyset(client):
    everything = page(client, "/?kind=direct")
    direct = client.get("/api/v1/quotes?kind=direct&per_page=100").get_json()["pagination"]["total"]
    assert everything.count('class="quote-card"') == min(direct, 20)
    assert '<option value="direct" selected>' in everything
    first = re.findall(r'href="/quotes/(\d+)"', page(client, "/?q=&outlet="))  # empty fields are no filter
    older = re.findall(r'href="/quotes/(\d+)"', page(client, f"/?before={first[2]}"))
    assert older[: len(first) - 3] == first[3:] and len(older) > len(first) - 3  # and on past the first page


@pytest.mark.parametrize(
    "path, status, says",
    [
        ("/no/such/page", 404, "Not Found"),
        ("/quotes/999999", 404, "There is no quotation 999999."),
        ("/speakers/nobody-at-all", 404, "There is no speaker called"),
        ("/?min_confidence=7", 400, "min_confidence"),
        ("/?since=yesterday", 400, "since: Not a valid date."),
        ("/?kind=rumour", 400, "kind: Must be one of"),
        ("/speakers/jan-derbeiko?page=0", 400, "page"),
    ],
)
def test_mistakes_get_a_page_that_says_what_went_wrong(client, path, status, says):
    body = page(client, path, status)
    assert says in html.unescape(body) and "Traceback" not in body
    assert '<a href="/">Search quotations</a>' in body


def test_the_api_still_answers_problems_in_json(client):
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404 and response.mimetype == "application/problem+json"


def test_every_page_has_landmarks_labels_and_a_json_link(client):
    quote_id = client.get("/api/v1/quotes").get_json()["data"][0]["id"]
    for path in ("/", "/speakers/jan-derbeiko", f"/quotes/{quote_id}", "/articles/1", "/outlets/mailonline"):
        body = page(client, path)
        assert '<html lang="en">' in body and "<main" in body and "<header" in body and "<footer" in body
        assert 'name="viewport"' in body and 'class="skip"' in body
        assert 'class="json"' in body and 'rel="alternate" type="application/json"' in body
        for field in re.findall(r'<(?:input|select)[^>]*id="([^"]+)"', body):
            assert f'<label for="{field}">' in body
        assert "<script" not in body  # no JavaScript needed, none sent


def test_hostile_article_text_is_shown_as_text(client):
    """Last in the module: it adds an article to the seeded database."""
    response = client.post(
        "/api/v1/articles", json={"text": HOSTILE}, headers={"Authorization": f"Bearer {TOKEN}"}
    )
    assert response.status_code == 201, response.get_json()
    article = response.get_json()
    bodies = [page(client, f"/articles/{article['id']}"), page(client, "/?q=harbour")]
    bodies += [page(client, f"/quotes/{q['id']}") for q in article["quotes"]]
    assert article["quotes"], "the mayor's words are a quotation"
    for body in bodies:
        assert "<script>window" not in body and "<img src=x" not in body and "<iframe" not in body
        assert "<b>will</b>" not in body
    assert "&lt;script&gt;window.pwned = 1&lt;/script&gt;" in bodies[0]


def test_speaker_chart_counts_quotations_per_month(empty_app):
    from service.web.chart import month_bars

    client = empty_app.test_client()
    for day, n in (("2025-01-15", 2), ("2025-03-02", 1)):
        text = f"Harbour news {day}\n\n" + "\n\n".join(
            f"Harbour master Ola Berg said berth {k} would reopen on {day}." for k in range(n)
        )
        assert (
            client.post(
                "/api/v1/articles",
                json={"text": text, "published_at": f"{day}T09:00:00Z"},
                headers={"Authorization": f"Bearer {TOKEN}"},
            ).status_code
            == 201
        )
    body = page(client, "/speakers/ola-berg")
    assert '<desc id="chart-summary">2025-01: 2; 2025-03: 1</desc>' in body
    assert [(b.month, b.count) for b in month_bars([("2025-01", 2), ("2025-03", 1)])] == [
        ("2025-01", 2),
        ("2025-02", 0),
        ("2025-03", 1),
    ]  # the empty month is a bar of nothing, not a gap
    assert body.count('class="bar"') == 3 and ">2025-02</text>" in body


def test_the_stylesheet_colours_pass_wcag_aa_contrast():
    """Text colours against their backgrounds, from the one stylesheet: at least 4.5:1 (WCAG AA body text)."""

    css = (ROOT / "service" / "web" / "static" / "quotedb.css").read_text()
    colour = {
        name: value if len(value) == 7 else "#" + "".join(c * 2 for c in value[1:])  # "#fff" is "#ffffff"
        for name, value in re.findall(r"--(\w+):\s*(#[0-9a-fA-F]{6}|#[0-9a-fA-F]{3})\b", css)
    }

    def luminance(hex_colour):
        channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    def contrast(a, b):
        high, low = sorted((luminance(a), luminance(b)), reverse=True)
        return (high + 0.05) / (low + 0.05)

    for text, background in (("ink", "paper"), ("muted", "paper"), ("link", "paper"), ("ink", "mark")):
        assert contrast(colour[text], colour[background]) >= 4.5, (text, background)
