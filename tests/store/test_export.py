"""Research data out: CSV and JSON Lines exports from the command line (store/export.py)."""

import csv
import io
import json
import os
import subprocess

from tests.helpers import QUOTEDB, harbour_article, write_archive


def test_round_trip_archive_to_csv_and_jsonl(tmp_path, migrated_sqlite):
    """The acceptance round trip at small size (bench/export.py runs it at full size): a generated archive
    loaded with `quotedb load`, exported with `quotedb export`, every quotation once, readable back."""
    archive = write_archive(tmp_path / "round.jsonl.gz", [harbour_article(n) for n in range(30)])
    env = {**os.environ, "DATABASE_URL": migrated_sqlite(tmp_path / "round.sqlite3")}
    subprocess.run([QUOTEDB, "load", "--quiet", str(archive)], env=env, check=True, capture_output=True)
    subprocess.run([QUOTEDB, "export", "--bom", "-o", str(tmp_path / "q.csv")], env=env, check=True)
    jsonl = subprocess.run(
        [QUOTEDB, "export", "--format", "jsonl", "--speaker", "Ola Berg"],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.splitlines()
    raw = (tmp_path / "q.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel's cue for UTF-8
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert len(rows) == 60 and len({r["quote_id"] for r in rows}) == 60
    assert [int(r["quote_id"]) for r in rows] == sorted(int(r["quote_id"]) for r in rows)  # in key order
    quotes = [json.loads(line) for line in jsonl]
    assert len(quotes) == 60 and {q["speaker"]["name"] for q in quotes} == {"Ola Berg"}
    assert {r["text"] for r in rows} == {q["text"] for q in quotes}
    assert rows[0]["publisher"] == "Coast Times" and rows[0]["published_at"].startswith("2025-03-")
    assert all(r["quotation_id"] for r in rows)
    # one row per quotation: "berth 3" and "berth 4" are different words, so each quote is its own quotation
    per_quotation = subprocess.run(
        [QUOTEDB, "export", "--quotations"], env=env, check=True, capture_output=True, text=True
    ).stdout
    quotations = list(csv.DictReader(io.StringIO(per_quotation, newline="")))
    assert sorted(int(q["quotation_id"]) for q in quotations) == sorted(
        {int(r["quotation_id"]) for r in rows}
    )
    assert {q["occurrences"] for q in quotations} == {"1"} and quotations[0]["first_seen"].startswith(
        "2025-03-"
    )
    refused = subprocess.run(
        [QUOTEDB, "export", "--quotations", "--kind", "direct"], env=env, capture_output=True
    )
    assert refused.returncode == 2 and b"leave out the filters" in refused.stderr


def test_newlines_and_quotes_inside_a_field_survive_csv():
    from service.store.export import csv_lines

    row = {
        "id": 1,
        "text": 'He said "no",\nthen left.',
        "kind": "direct",
        "confidence": 0.9,
        "speaker": None,
        "speaker_label": None,
        "spoke_to": None,
        "start": 0,
        "end": 5,
        "parts": [{"start": 0, "end": 5}],
        "speaker_mention": None,
        "cue": None,
        "article": {"id": 2, "title": "T, with comma", "url": None, "publisher": None, "published_at": None},
        "quotation_id": 3,
    }
    parsed = list(csv.DictReader(io.StringIO("".join(csv_lines([row])), newline="")))
    assert parsed[0]["text"] == 'He said "no",\nthen left.' and parsed[0]["article_title"] == "T, with comma"
