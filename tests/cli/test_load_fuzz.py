"""`quotedb load` on hostile files: each loads or is refused with its reason, the rest of the folder loads,
no file stops the run, and no article is stored without its quotations."""

import os
import re
import sqlite3
import subprocess
from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from service.extraction import extract_many
from service.extraction.article import MAX_PARAGRAPH_CHARS, split_paragraphs
from tests.helpers import QUOTEDB

GOOD = "Bridge reopens\n\nEngineer Tom Reed said the bridge was safe again.\n".encode()
REFUSED = re.compile(r"^failed: .*?/([^/:]+\.txt): (.+)$")

EDGE_CASES = {
    "nul.txt": b"Title\n\nShe said \x00 nothing.\n",
    "surrogate.txt": "Title\n\nHe said: “".encode()
    + b"\xed\xa0\x80"
    + "”\n".encode(),  # a lone surrogate, as UTF-8-ish bytes
    "marks.txt": ("Marks\n\n" + "“" * 5000 + "”" * 5000 + "\n").encode(),
    "huge_paragraph.txt": (
        "Huge\n\n" + "the river was high and people waited for news " * 40_000 + "\n"
    ).encode(),  # 1.9 MB
    "nested.txt": ("Nested\n\nAnn Lee said: " + "“he said ‘" * 200 + "yes" + "’”" * 200 + "\n").encode(),
    "title_only.txt": b"Only a title\n",
}


def load_folder(folder, tmp_path, migrated_sqlite):
    env = {**os.environ, "DATABASE_URL": migrated_sqlite(tmp_path / "fuzz.sqlite3")}
    result = subprocess.run(
        [QUOTEDB, "load", "--quiet", str(folder)], env=env, capture_output=True, text=True, timeout=600
    )
    assert result.returncode in (0, 1) and "Traceback" not in result.stderr, result.stderr[-3000:]
    refused = {m.group(1): m.group(2) for line in result.stderr.splitlines() if (m := REFUSED.match(line))}
    with sqlite3.connect(tmp_path / "fuzz.sqlite3") as connection:
        stored = connection.execute(
            "select a.source_name, a.text, count(q.id) from articles a "
            "left join quotes q on q.article_id = a.id group by a.id"
        ).fetchall()
    return refused, stored


def assert_each_file_accounted_for(folder, names, refused, stored):
    """Every file is stored (under its name, or as the same text as another: "unchanged") or refused."""
    texts = {text for _, text, _ in stored}
    assert "good.txt" in {name for name, _, _ in stored}
    for name in names:
        data = (folder / name).read_bytes()
        loaded = name not in refused and data.decode("utf-8", "replace").removeprefix("\ufeff") in texts
        assert loaded != (name in refused), (name, refused.get(name))
    texts = [text for _, text, _ in stored]
    for (name, _, count), found in zip(stored, extract_many(texts)):  # all or nothing per article
        assert count == len(found.quotes), name


def test_hostile_edge_cases_load_or_are_refused_with_their_reason(tmp_path, migrated_sqlite):
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, data in {**EDGE_CASES, "good.txt": GOOD}.items():
        (folder / name).write_bytes(data)
    refused, stored = load_folder(folder, tmp_path, migrated_sqlite)
    assert_each_file_accounted_for(folder, [*EDGE_CASES, "good.txt"], refused, stored)
    assert "NUL" in refused["nul.txt"] and "not UTF-8" in refused["surrogate.txt"]
    assert {name for name, _, _ in stored} >= {
        "marks.txt",
        "huge_paragraph.txt",
        "nested.txt",
        "title_only.txt",
    }
    print(
        f"edge cases: {len(EDGE_CASES) + 1} files, {len(stored)} loaded, refused "
        f"{dict(Counter(refused.values()))}"
    )


def test_a_long_paragraph_is_read_in_pieces_with_true_offsets():
    text = "Title\n\n" + "Word after word goes on. " * 3000
    pieces = [p for p in split_paragraphs(text) if not p.title]
    assert len(pieces) > 1 and all(len(p.text) <= MAX_PARAGRAPH_CHARS for p in pieces)
    assert all(text[p.start : p.end] == p.text for p in pieces)


FRAGMENTS = st.sampled_from(
    [
        "Ann Lee said the plan would work.",
        "“We will win,” he said.",
        "“",
        "”",
        "‘",
        "’",
        "'",
        '"',
        "\n",
        "\n\n",
        "KEEPING SCORE:",
        "Mr",
        " ",
        "said",
        "\t",
        "—",
        "…",
        "(AP)",
        "<b>",
        "\u00a0",
        "\u200b",
        "é",
        "😀",
    ]
)
RAW = st.sampled_from([b"\x00", b"\xed\xa0\x80", b"\xff", b"\xef\xbb\xbf", b"\r\n", b"\x1b"])
ARTICLE_BYTES = st.lists(
    st.one_of(
        FRAGMENTS.map(str.encode), RAW, st.text(max_size=40).map(lambda s: s.encode("utf-8", "surrogatepass"))
    ),
    max_size=60,
).map(lambda parts: b"".join(parts))


@settings(
    max_examples=4, deadline=None, database=None, derandomize=True, suppress_health_check=list(HealthCheck)
)
@given(files=st.lists(ARTICLE_BYTES, min_size=4, max_size=10))
def test_generated_files_never_stop_the_folder(tmp_path_factory, migrated_sqlite, files):
    tmp_path = tmp_path_factory.mktemp("fuzz")
    folder = tmp_path / "articles"
    folder.mkdir()
    names = [f"f{n:02}.txt" for n in range(len(files))]
    for name, data in zip(names, files):
        (folder / name).write_bytes(data)
    (folder / "good.txt").write_bytes(GOOD)
    refused, stored = load_folder(folder, tmp_path, migrated_sqlite)
    assert_each_file_accounted_for(folder, [*names, "good.txt"], refused, stored)
    print(
        f"generated: {len(names) + 1} files, {len(stored)} loaded, refused {dict(Counter(refused.values()))}"
    )
