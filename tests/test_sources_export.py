"""Real archives in, research data out: JSON Lines archives (plain and gzipped), saved web pages, folders
walked recursively, and CSV / JSON Lines exports from the command line and over HTTP."""
import csv
import gzip
import io
import json
import os
import shutil
import subprocess
from pathlib import Path

from sqlalchemy import func, select

from service.extensions import db
from service.loader import load_paths
from service.models import Article
from service.sources import read_sources

from .conftest import TOKEN
from .test_cli import QUOTEDB

PAGES = Path(__file__).parent / "fixtures" / "pages"


def harbour_article(n: int, title: bool = True) -> dict:
    text = (f"Berth {n} reopens\n\nHarbour master Ola Berg said berth {n} would reopen on Monday.\n\n"
            f"\"The boats can come back to berth {n},\" Berg told the Coast Times.")
    record = {"text": text, "id": f"coast-{n}", "url": f"https://coast.example/{n}", "publisher": "Coast Times",
              "published_at": f"2025-03-{n % 28 + 1:02d}T09:00:00Z"}
    return record | ({"title": f"Berth {n} reopens"} if title else {})


def write_archive(path: Path, lines: list) -> Path:
    data = "\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines) + "\n"
    if path.name.endswith(".gz"):
        path.write_bytes(gzip.compress(data.encode()))
    else:
        path.write_text(data, encoding="utf-8")
    return path


def test_an_archive_loads_line_by_line_and_bad_lines_are_reported_by_number(empty_app, tmp_path):
    archive = write_archive(tmp_path / "archive.jsonl", [
        harbour_article(1), "{not json", {"title": "no text"}, harbour_article(2) | {"published_at": "soon"},
        harbour_article(3) | {"author": "Kim"}, [1, 2], harbour_article(4) | {"id": 4.5}, harbour_article(5)])
    with empty_app.app_context():
        summary = load_paths([archive])
        reasons = [reason for _, reason in summary.failed]
        assert summary.new == 2 and len(reasons) == 6
        assert any(r.startswith(f"{archive} line 2:") or "archive.jsonl line 2: not a JSON object" in r for r in reasons)
        assert "archive.jsonl line 3: no text" in reasons
        assert "archive.jsonl line 4: published_at 'soon' is not an ISO 8601 date" in reasons
        assert "archive.jsonl line 5: unknown fields ['author']" in reasons[3]
        stored = db.session.scalar(select(Article).where(Article.external_id == "coast-5"))
        assert (stored.title, stored.url, stored.publisher.name, stored.published_at.day) == (
            "Berth 5 reopens", "https://coast.example/5", "Coast Times", 6)
        assert stored.source_name == "archive.jsonl:8"


def test_a_gzipped_archive_and_its_ids_make_reloading_unchanged(empty_app, tmp_path):
    archive = write_archive(tmp_path / "crawl.jsonl.gz", [harbour_article(n, title=n % 2 == 0) for n in range(6)])
    with empty_app.app_context():
        assert load_paths([archive]).new == 6
        fixed = [harbour_article(n) | {"text": harbour_article(n)["text"] + " (corrected)"} for n in range(6)]
        again = load_paths([write_archive(tmp_path / "recrawl.jsonl", fixed)])  # same ids, new texts
        assert (again.new, again.unchanged) == (0, 6)
        assert db.session.scalar(select(func.count()).select_from(Article)) == 6
        twice = load_paths([write_archive(tmp_path / "twice.jsonl", [harbour_article(9), harbour_article(9)])])
        assert (twice.new, twice.unchanged) == (1, 1)  # the same id twice in one archive is one article


def test_a_truncated_gzip_archive_keeps_what_it_read(empty_app, tmp_path):
    whole = gzip.compress("\n".join(json.dumps(harbour_article(n)) for n in range(40)).encode())
    (tmp_path / "cut.jsonl.gz").write_bytes(whole[: len(whole) * 2 // 3])
    with empty_app.app_context():
        summary = load_paths([tmp_path / "cut.jsonl.gz"])
        assert summary.new > 0 and "unreadable archive" in summary.failed[-1][1]


def test_saved_pages_give_the_main_text_title_date_and_publisher(empty_app, tmp_path):
    shutil.copytree(PAGES, tmp_path / "pages")
    with empty_app.app_context():
        summary = load_paths([tmp_path / "pages"])
        assert (summary.new, summary.failed) == (3, [])
        articles = {a.source_name: a for a in db.session.scalars(select(Article))}
        harbour = articles["byline_and_meta.html"]
        assert (harbour.title, harbour.publisher.name, harbour.published_at.date().isoformat()) == (
            "Harbour to reopen in May", "Coast Times", "2025-03-02")  # outlets are named without "The"
        assert "Subscribe today" not in harbour.text and "Related stories" not in harbour.text
        assert "All rights reserved" not in harbour.text and "Ferry fares" not in harbour.text
        mill = articles["with_comments.html"]
        assert "Liam Kerr" in mill.text and "riverwatcher" not in mill.text and "Councillor Grey" not in mill.text
        blog = articles["live_blog.html"]
        assert "three boats" in blog.text and "Power has been restored" in blog.text and "Ten things" not in blog.text
        for article in articles.values():  # offsets point into the stored (extracted) text
            for quote in article.quotes:
                assert " ".join(article.text[p["start"]:p["end"]] for p in (quote.parts or [
                    {"start": quote.start, "end": quote.end}])) == quote.text
        speakers = {q.speaker.name for a in articles.values() for q in a.quotes if q.speaker}
        assert {"Ola Berg", "Liam Kerr", "Ruth Ames"} <= speakers


def test_a_page_posted_as_html(empty_app):
    client = empty_app.test_client()
    auth = {"Authorization": f"Bearer {TOKEN}"}
    page = (PAGES / "byline_and_meta.html").read_text(encoding="utf-8")
    response = client.post("/api/v1/articles", json={"html": page, "publisher": "Coast Times Online"}, headers=auth)
    assert response.status_code == 201, response.get_json()
    article = response.get_json()
    assert article["title"] == "Harbour to reopen in May" and article["publisher"]["name"] == "Coast Times Online"
    assert "Subscribe" not in article["text"] and any(q["speaker"] and q["speaker"]["name"] == "Ola Berg"
                                                      for q in article["quotes"])
    both = client.post("/api/v1/articles", json={"html": page, "text": "Hello"}, headers=auth)
    empty = client.post("/api/v1/articles", json={"html": "<html><body><nav>Home</nav></body></html>"}, headers=auth)
    assert both.status_code == 422 and "either text or html" in json.dumps(both.get_json())
    assert empty.status_code == 201 and empty.get_json()["text"] == "Home"  # a stub keeps its visible text
    blank = client.post("/api/v1/articles", json={"html": "<html><body> <br> </body></html>"}, headers=auth)
    assert blank.status_code == 422 and "No text found in the page" in json.dumps(blank.get_json())


def test_folders_are_walked_and_other_files_listed_as_skipped(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "deep.txt").write_text("Deep\n\nMiner Jo Bell said the shaft was safe.", encoding="utf-8")
    (tmp_path / "a" / "notes.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "a" / "deep.meta.json").write_text("{}")
    write_archive(tmp_path / "a" / "more.jsonl", [harbour_article(1)])
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'walk.sqlite3'}"}
    subprocess.run([QUOTEDB, "db", "upgrade"], env=env, check=True, capture_output=True)
    done = subprocess.run([QUOTEDB, "load", "--quiet", str(tmp_path / "a")], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert f"skipped (not .txt, .jsonl, .jsonl.gz, .html or .htm): {tmp_path / 'a' / 'notes.pdf'}" in done.stderr
    assert "articles: 2 new" in done.stdout and "files skipped: 1" in done.stdout


def test_round_trip_archive_to_csv_and_jsonl(tmp_path):
    """The acceptance round trip at small size (bench/export.py runs it at full size): a generated archive
    loaded with `quotedb load`, exported with `quotedb export`, every quotation once, readable back."""
    archive = write_archive(tmp_path / "round.jsonl.gz", [harbour_article(n) for n in range(30)])
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'round.sqlite3'}"}
    subprocess.run([QUOTEDB, "db", "upgrade"], env=env, check=True, capture_output=True)
    subprocess.run([QUOTEDB, "load", "--quiet", str(archive)], env=env, check=True, capture_output=True)
    subprocess.run([QUOTEDB, "export", "--bom", "-o", str(tmp_path / "q.csv")], env=env, check=True)
    jsonl = subprocess.run([QUOTEDB, "export", "--format", "jsonl", "--speaker", "Ola Berg"], env=env, check=True,
                           capture_output=True, text=True).stdout.splitlines()
    raw = (tmp_path / "q.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel's cue for UTF-8
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert len(rows) == 60 and len({r["quote_id"] for r in rows}) == 60
    assert [int(r["quote_id"]) for r in rows] == sorted(int(r["quote_id"]) for r in rows)  # in key order
    quotes = [json.loads(line) for line in jsonl]
    assert len(quotes) == 60 and {q["speaker"]["name"] for q in quotes} == {"Ola Berg"}
    assert {r["text"] for r in rows} == {q["text"] for q in quotes}
    assert rows[0]["publisher"] == "Coast Times" and rows[0]["published_at"].startswith("2025-03-")


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


def test_newlines_and_quotes_inside_a_field_survive_csv():
    from service.export import csv_lines

    row = {"id": 1, "text": 'He said "no",\nthen left.', "kind": "direct", "confidence": 0.9, "speaker": None,
           "speaker_label": None, "spoke_to": None, "start": 0, "end": 5, "parts": [{"start": 0, "end": 5}],
           "speaker_mention": None, "cue": None, "article": {"id": 2, "title": "T, with comma", "url": None,
                                                               "publisher": None, "published_at": None}}
    parsed = list(csv.DictReader(io.StringIO("".join(csv_lines([row])), newline="")))
    assert parsed[0]["text"] == 'He said "no",\nthen left.' and parsed[0]["article_title"] == "T, with comma"


def test_reading_an_archive_holds_one_line_at_a_time(tmp_path):
    archive = write_archive(tmp_path / "big.jsonl", [harbour_article(n) for n in range(200)])
    reader = read_sources([archive])
    first = next(reader)
    assert first.title == "Berth 0 reopens" and first.where == f"{archive} line 1"
    assert sum(1 for _ in reader) == 199


def test_http_export_counts_against_the_rate_limit(seeded_app):
    from .conftest import make_app

    client = make_app(seeded_app.config["SQLALCHEMY_DATABASE_URI"], QUOTEDB_RATE_LIMIT="2/minute").test_client()
    answers = [client.get("/api/v1/quotes/export?format=jsonl") for _ in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 429]
    assert answers[0].headers["RateLimit-Limit"] == "2" and answers[2].mimetype == "application/problem+json"
