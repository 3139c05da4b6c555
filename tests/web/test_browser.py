"""The pages in a real browser (Debian's Chromium driven by Playwright), against `quotedb serve` on the seeds
loaded by `quotedb load`, as a reader would use them: search, speaker, quotation, JSON link; a hostile article
stays inert; the pages work from the keyboard and at phone width."""

import json
import os
import re
import subprocess
import urllib.request
from pathlib import Path

import pytest

from tests.helpers import OTHER_SPEAKER, PLEDGE_REPORTS, QUOTEDB, ROOT, TOKEN, serving

CHROMIUM = os.environ.get("QUOTEDB_CHROMIUM", "/usr/bin/chromium")
pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists(),
    reason=(
        f"browser tests skipped: no Chromium at {CHROMIUM} (apt-get install chromium, as .ci/run does, "
        "or set QUOTEDB_CHROMIUM)"
    ),
)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("browser")
    env = {
        "DATABASE_URL": f"sqlite:///{folder / 'pages.sqlite3'}",
        "QUOTEDB_RATE_LIMIT": "off",
        "WORKERS": "1",
    }
    for command in (["db", "upgrade"], ["load", "--quiet", str(ROOT / "seed")]):
        subprocess.run([QUOTEDB, *command], env={**os.environ, **env}, check=True, capture_output=True)
    with serving(folder, **env) as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM)
        yield browser
        browser.close()


def api(url: str, body=None) -> dict:
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode() if body else None,
        headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def test_search_speaker_quote_and_json_link(site, browser):
    tab = browser.new_page()
    tab.goto(site + "/")
    tab.get_by_label("Words or speaker").fill("Derbeiko")
    tab.keyboard.press("Enter")
    tab.wait_for_url(re.compile(r"q=Derbeiko"))
    tab.get_by_role("link", name="Jan Derbeiko").first.click()
    tab.wait_for_url(site + "/speakers/jan-derbeiko")
    assert tab.locator("h1").inner_text() == "Jan Derbeiko"
    assert tab.locator(".quote-card").count() == 6
    tab.locator(".quote-card blockquote a").first.click()
    tab.wait_for_url(re.compile(r"/quotes/\d+$"))
    quote = api(site + "/api/v1/quotes/" + tab.url.rsplit("/", 1)[1])
    marked = tab.locator(".article-text mark.quote").all_inner_texts()
    assert " ".join(marked) == quote["text"] and quote["speaker"]["name"] == "Jan Derbeiko"
    assert tab.locator(".article-text strong.mention").inner_text() == quote["speaker_mention"]["text"]
    tab.get_by_role("link", name="This page's data as JSON").click()
    assert json.loads(tab.locator("body").inner_text())["id"] == quote["id"]


def test_a_hostile_article_renders_inert(site, browser):
    text = (
        "Council notes <script>window.pwned = 1; alert('script')</script>\n\n"
        'Mayor Ann Lee said "<img src=x onerror="window.pwned=2;alert(\'img\')"> '
        'the harbour will reopen."\n\n'
        "<a href=\"javascript:alert('link')\">a link</a> and "
        "<iframe src=\"javascript:alert('frame')\"></iframe>"
    )
    article = api(site + "/api/v1/articles", {"text": text})
    tab = browser.new_page()
    dialogs = []
    tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for path in (
        f"/articles/{article['id']}",
        *(f"/quotes/{q['id']}" for q in article["quotes"]),
        "/?q=harbour",
    ):
        tab.goto(site + path)
        assert tab.evaluate("window.pwned") is None and not dialogs
        assert tab.locator("script, iframe, .article-text img").count() == 0
    tab.goto(site + f"/articles/{article['id']}")
    assert "<script>window.pwned = 1; alert('script')</script>" in tab.locator(".article-text").inner_text()


def test_keyboard_first_stop_is_the_skip_link_and_phone_width_fits(site, browser):
    tab = browser.new_page(viewport={"width": 390, "height": 844})
    for path in (
        "/",
        "/?q=Derbeiko",
        "/speakers/jan-derbeiko",
        "/articles/2",
        "/outlets/mailonline",
        "/nope",
    ):
        tab.goto(site + path)
        assert tab.evaluate("document.documentElement.scrollWidth") <= 390, path  # nothing wider than a phone
    tab.goto(site + "/")
    tab.keyboard.press("Tab")
    assert tab.evaluate("document.activeElement.className") == "skip"
    tab.keyboard.press("Enter")
    assert tab.evaluate("location.hash") == "#content"


def test_the_api_docs_render_with_nothing_from_the_internet(site, browser):
    tab = browser.new_page()
    outside = []
    tab.on(
        "request", lambda request: outside.append(request.url) if not request.url.startswith(site) else None
    )
    tab.goto(site + "/api/v1/docs")
    tab.locator(".swagger-ui .info .title").wait_for(timeout=15000)
    assert "quotedb" in tab.locator(".swagger-ui .info .title").inner_text() and outside == []


def test_a_quote_leads_to_its_quotation_and_the_search_lists_quotations(site, browser):
    articles = [
        api(site + "/api/v1/articles", article) for article in [*PLEDGE_REPORTS.values(), OTHER_SPEAKER]
    ]
    quote = articles[1]["quotes"][0]
    tab = browser.new_page(viewport={"width": 390, "height": 844})
    tab.goto(site + f"/quotes/{quote['id']}")
    tab.get_by_role("link", name="reported by 4 outlets").click()
    tab.wait_for_url(site + f"/quotations/{quote['quotation_id']}")
    assert tab.locator("h1").inner_text() == "Quotation reported 4 times by 4 outlets"
    assert tab.get_by_role("note").inner_text().startswith("Credited to more than one speaker")
    assert tab.locator("ol.timeline li").count() == 4
    assert tab.evaluate("document.documentElement.scrollWidth") <= 390  # fits a phone
    tab.goto(site + "/?q=taxes")
    tab.get_by_label("List").select_option("quotations")
    tab.get_by_role("button", name="Search").click()
    tab.wait_for_url(re.compile(r"show=quotations"))
    tab.locator(".quote-card blockquote a").first.click()
    tab.wait_for_url(site + f"/quotations/{quote['quotation_id']}")
