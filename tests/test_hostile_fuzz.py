"""Issue 25's cases, generated: archive lines, write bodies and page query strings built from the hostile
pieces the attack used. No line stops a load, no body or query string gets a 500, no page links or redirects
outside."""

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from service.extensions import db
from service.store.loader import load_paths
from service.store.models import Article

from .helpers import TOKEN

GOOD = "Bridge reopens\n\nEngineer Tom Reed said the bridge was safe again."
HOSTILE_TEXT = st.sampled_from(
    [
        "\x00",
        "\ud800",
        "\udfff",
        "a\x00b",
        "javascript:alert(1)",
        "data:text/html,x",
        "https://example.org/a",
        "",
        " ",
        "é",
        "😀",
        "\u202e",
        "x" * 300,
    ]
)
HOSTILE_DATES = st.sampled_from(
    [
        "9999-12-31T23:59:59-14:00",
        "0001-01-01T00:00:00+14:00",
        "2024-03-05T09:30:00-05:00",
        "2024-03-05",
        "soon",
        "10000-01-01",
        "0001-01-02T00:00:00Z",
    ]
)
HOSTILE_VALUES = st.one_of(
    HOSTILE_TEXT, HOSTILE_DATES, st.integers(), st.booleans(), st.none(), st.just([]), st.just({})
)
RAW_LINES = st.sampled_from(
    [
        '{"text":"x y z","title":' + "[" * 5000 + "]" * 5000 + "}",
        '{"text":"x y z","title":' + '{"a":' * 1200 + "1" + "}" * 1200 + "}",
        '{"text":"x y z","id":1' + "0" * 5000 + "}",
        '{"text":"x y z","id":1e999999}',
        "{}",
        "[]",
        "null",
        '{"text":',
        "\x00",
        "\ufeff{}",
    ]
)


@st.composite
def archive_line(draw):
    if draw(st.booleans()):
        return draw(RAW_LINES)
    record = {"text": GOOD + draw(st.sampled_from(["", " \x00", " \ud800", " x"]))}
    for field in draw(st.sets(st.sampled_from(["title", "url", "published_at", "publisher", "id", "extra"]))):
        record[field] = draw(HOSTILE_VALUES)
    return json.dumps(record, ensure_ascii=draw(st.booleans()))


@settings(
    max_examples=8, deadline=None, database=None, derandomize=True, suppress_health_check=list(HealthCheck)
)
@given(lines=st.lists(archive_line(), min_size=1, max_size=12))
def test_generated_archive_lines_never_stop_a_load(empty_app, tmp_path_factory, lines):
    folder = tmp_path_factory.mktemp("archive")
    goods = [json.dumps({"text": f"{GOOD} Line {n}."}) for n in range(len(lines))]
    interleaved = [line for pair in zip(lines, goods) for line in pair]
    (folder / "a.jsonl").write_text("\n".join(interleaved) + "\n", encoding="utf-8", errors="surrogatepass")
    with empty_app.app_context():
        before = db.session.scalar(select(func.count()).select_from(Article))
        summary = load_paths([folder])
        stored = db.session.scalar(select(func.count()).select_from(Article)) - before
        urls = db.session.scalars(select(Article.url).where(Article.url.is_not(None))).all()
    assert summary.new + summary.unchanged + len(summary.failed) == len(interleaved)
    assert stored == summary.new and summary.new + summary.unchanged >= len(goods)
    assert all(url.startswith(("http://", "https://")) for url in urls)


BODIES = st.one_of(
    st.sampled_from(
        [
            "[" * 5000,
            "{" * 3000,
            "1" * 10_000,
            '{"text": ' + "9" * 5000 + "}",
            '"\\ud800"',
            '{"text": "a\\u0000b"}',
            "",
            "nul\x00",
            '{"text": "T\\n\\nA said.", "published_at": "9999-12-31T23:59:59-14:00"}',
            '{"text": "T\\n\\nA said.", "url": "javascript:x"}',
        ]
    ),
    st.builds(
        lambda record: json.dumps(record),
        st.dictionaries(
            st.sampled_from(["text", "title", "url", "published_at", "publisher", "html", "x"]),
            HOSTILE_VALUES,
        ),
    ),
)


@settings(
    max_examples=30, deadline=None, database=None, derandomize=True, suppress_health_check=list(HealthCheck)
)
@given(body=BODIES, authorised=st.booleans())
def test_generated_write_bodies_are_never_a_500(seeded_app, body, authorised):
    headers = {"Authorization": f"Bearer {TOKEN}"} if authorised else {}
    response = seeded_app.test_client().post(
        "/api/v1/articles",
        data=body.encode("utf-8", "surrogatepass"),
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code < 500, (response.status_code, response.get_data()[:300])


PARAMETER_NAMES = st.sampled_from(
    [
        "endpoint",
        "_method",
        "_external",
        "_scheme",
        "_anchor",
        "ref",
        "quote_id",
        "values",
        "q",
        "page",
        "before",
        "kind",
        "since",
        "outlet",
        "x",
    ]
)
PARAMETER_VALUES = st.sampled_from(
    [
        "1",
        "https",
        "evil.example",
        "POST",
        "x",
        "",
        "2",
        "-1",
        "9" * 30,
        "direct",
        "2024-01-01",
        "%00",
        "javascript:alert(1)",
    ]
)
PAGES = st.sampled_from(
    ["/", "/speakers/1", "/speakers/mr-derbeiko", "/outlets/1", "/quotes/1", "/articles/1"]
)


@settings(
    max_examples=40, deadline=None, database=None, derandomize=True, suppress_health_check=list(HealthCheck)
)
@given(page=PAGES, params=st.lists(st.tuples(PARAMETER_NAMES, PARAMETER_VALUES), max_size=4))
def test_generated_query_strings_on_pages_never_break_them(seeded_app, page, params):
    response = seeded_app.test_client().get(page, query_string=params, headers={"Host": "evil.example"})
    assert response.status_code in (200, 301, 400, 404), response.status_code
    location = response.headers.get("Location", "")
    assert "evil" not in location and not location.startswith(("http:", "https:", "//", "javascript:"))
    assert "Content-Security-Policy" in response.headers
