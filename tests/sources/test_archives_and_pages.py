"""Real archives in: JSON Lines archives (plain and gzipped), saved web pages and folders walked
recursively, read into articles and loaded."""

import gzip
import json
import os
import shutil
import subprocess

from sqlalchemy import func, select

from service.extensions import db
from service.sources import read_sources
from service.store.loader import load_paths
from service.store.models import Article
from tests.helpers import FIXTURES, QUOTEDB, harbour_article, write_archive

PAGES = FIXTURES / "pages"


def test_an_archive_loads_line_by_line_and_bad_lines_are_reported_by_number(empty_app, tmp_path):
    archive = write_archive(
        tmp_path / "archive.jsonl",
        [
            harbour_article(1),
            "{not json",
            {"title": "no text"},
            harbour_article(2) | {"published_at": "soon"},
            harbour_article(3) | {"author": "Kim"},
            [1, 2],
            harbour_article(4) | {"id": 4.5},
            harbour_article(5),
        ],
    )
    with empty_app.app_context():
        summary = load_paths([archive])
        reasons = [reason for _, reason in summary.failed]
        assert summary.new == 2 and len(reasons) == 6
        assert any(
            r.startswith(f"{archive} line 2:") or "archive.jsonl line 2: not a JSON object" in r
            for r in reasons
        )
        assert "archive.jsonl line 3: no text" in reasons
        assert "archive.jsonl line 4: published_at 'soon' is not an ISO 8601 date" in reasons
        assert "archive.jsonl line 5: unknown fields ['author']" in reasons[3]
        stored = db.session.scalar(select(Article).where(Article.external_id == "coast-5"))
        assert (stored.title, stored.url, stored.publisher.name, stored.published_at.day) == (
            "Berth 5 reopens",
            "https://coast.example/5",
            "Coast Times",
            6,
        )
        assert stored.source_name == "archive.jsonl:8"


def test_a_gzipped_archive_and_its_ids_make_reloading_unchanged(empty_app, tmp_path):
    archive = write_archive(
        tmp_path / "crawl.jsonl.gz", [harbour_article(n, title=n % 2 == 0) for n in range(6)]
    )
    with empty_app.app_context():
        assert load_paths([archive]).new == 6
        fixed = [harbour_article(n) | {"text": harbour_article(n)["text"] + " (corrected)"} for n in range(6)]
        again = load_paths([write_archive(tmp_path / "recrawl.jsonl", fixed)])  # same ids, new texts
        assert (again.new, again.unchanged) == (0, 6)
        assert db.session.scalar(select(func.count()).select_from(Article)) == 6
        twice = load_paths(
            [write_archive(tmp_path / "twice.jsonl", [harbour_article(9), harbour_article(9)])]
        )
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
            "Harbour to reopen in May",
            "Coast Times",
            "2025-03-02",
        )  # outlets are named without "The"
        assert "Subscribe today" not in harbour.text and "Related stories" not in harbour.text
        assert "All rights reserved" not in harbour.text and "Ferry fares" not in harbour.text
        mill = articles["with_comments.html"]
        assert (
            "Liam Kerr" in mill.text
            and "riverwatcher" not in mill.text
            and "Councillor Grey" not in mill.text
        )
        blog = articles["live_blog.html"]
        assert (
            "three boats" in blog.text
            and "Power has been restored" in blog.text
            and "Ten things" not in blog.text
        )
        for article in articles.values():  # offsets point into the stored (extracted) text
            for quote in article.quotes:
                assert (
                    " ".join(
                        article.text[p["start"] : p["end"]]
                        for p in (quote.parts or [{"start": quote.start, "end": quote.end}])
                    )
                    == quote.text
                )
        speakers = {q.speaker.name for a in articles.values() for q in a.quotes if q.speaker}
        assert {"Ola Berg", "Liam Kerr", "Ruth Ames"} <= speakers


def test_folders_are_walked_and_other_files_listed_as_skipped(tmp_path, migrated_sqlite):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "deep.txt").write_text(
        "Deep\n\nMiner Jo Bell said the shaft was safe.", encoding="utf-8"
    )
    (tmp_path / "a" / "notes.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "a" / "deep.meta.json").write_text("{}")
    write_archive(tmp_path / "a" / "more.jsonl", [harbour_article(1)])
    env = {**os.environ, "DATABASE_URL": migrated_sqlite(tmp_path / "walk.sqlite3")}
    done = subprocess.run(
        [QUOTEDB, "load", "--quiet", str(tmp_path / "a")], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert (
        f"skipped (not .txt, .jsonl, .jsonl.gz, .html or .htm): {tmp_path / 'a' / 'notes.pdf'}" in done.stderr
    )
    assert "articles: 2 new" in done.stdout and "files skipped: 1" in done.stdout


class CountedLines:
    """An open file that counts the lines read from it."""

    def __init__(self, handle):
        self.handle, self.read = handle, 0

    def __enter__(self):
        self.handle.__enter__()
        return self

    def __exit__(self, *exc):
        return self.handle.__exit__(*exc)

    def readline(self, size=-1):  # the reader reads a line at most MAX_ARTICLE_BYTES at a time
        line = self.handle.readline(size)
        self.read += line.endswith(b"\n")
        return line

    def __iter__(self):
        for line in self.handle:
            self.read += 1
            yield line


def test_reading_an_archive_holds_one_line_at_a_time(tmp_path, monkeypatch):
    from service.sources import jsonl

    opened = []
    monkeypatch.setattr(
        jsonl, "open", lambda *a: opened.append(CountedLines(open(*a))) or opened[-1], raising=False
    )
    archive = write_archive(tmp_path / "big.jsonl", [harbour_article(n) for n in range(200)])
    reader = read_sources([archive])
    first = next(reader)
    assert first.title == "Berth 0 reopens" and first.where == f"{archive} line 1"
    assert opened[0].read == 1  # the first article is handed on before the second line is read
    assert sum(1 for _ in reader) == 199
    assert opened[0].read == 200


def test_a_page_read_again_and_again_in_one_process_gives_the_same_text():
    # trafilatura's deduplication remembers text across calls: a long-running server or worker would have
    # stored the fourth POST of a page as another article
    from service.sources.html import article_from_html

    markup = (PAGES / "byline_and_meta.html").read_text(encoding="utf-8")
    assert len({article_from_html(markup)["text"] for _ in range(6)}) == 1
