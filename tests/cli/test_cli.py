"""The quotedb command line, run as a user runs it: a real process."""

import json
import os
import sqlite3
import subprocess

import pytest

from tests.helpers import QUOTEDB, SEEDS, SEEDS_GOLD, SEEDS_GOLD_MISSING


def run(*args, env=None, check=True):
    result = subprocess.run(
        [QUOTEDB, *args], capture_output=True, text=True, env={**os.environ, **(env or {})}, timeout=300
    )
    if check:
        assert result.returncode == 0, result.stderr
    return result


def test_extract_prints_one_json_object_per_file():
    result = run("extract", "--jsonl", *sorted(str(p) for p in SEEDS.glob("*.txt")))
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["file"] for r in records] == ["000_3ba00e87c15121e0.txt", "004_0ef6aed08347d10d.txt"]
    quote = next(
        q for q in records[1]["quotes"] if q["speaker"] == "Mamuka Mamulashvili" and q["kind"] == "direct"
    )
    assert set(quote) >= {
        "text",
        "start",
        "end",
        "kind",
        "speaker",
        "speaker_mention",
        "cue",
        "spoke_to",
        "confidence",
    }
    assert quote["spoke_to"] == "MailOnline"


def test_extract_reports_unreadable_files_and_goes_on(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\x00binary")
    result = run("extract", "--jsonl", str(bad), str(SEEDS / "000_3ba00e87c15121e0.txt"), check=False)
    assert result.returncode == 1
    assert "bad.txt" in result.stderr and "Traceback" not in result.stderr
    assert len(result.stdout.splitlines()) == 1


@pytest.mark.skipif(not SEEDS_GOLD.exists(), reason=SEEDS_GOLD_MISSING)
def test_evaluate_prints_the_scorer_figures():
    result = run("evaluate", str(SEEDS_GOLD))
    lines = result.stdout.splitlines()
    assert lines[0].startswith("thr 0.3: P 100.0 R 100.0 F1 100.0 (tp 15 fp 0 fn 0) speaker strict 100.0")
    assert lines[1].startswith("thr 0.8: P 100.0 R 100.0 F1 100.0")


@pytest.mark.skipif(not SEEDS_GOLD.exists(), reason=SEEDS_GOLD_MISSING)
def test_evaluate_speakers_prints_the_table_without_the_scratch_database_migrations():
    result = run("evaluate", "--speakers", str(SEEDS_GOLD))
    assert "speaker rows 8: clean 8 (100.0%)" in result.stdout
    assert "Running upgrade" not in result.stdout + result.stderr


@pytest.mark.skipif(not SEEDS_GOLD.exists(), reason=SEEDS_GOLD_MISSING)
def test_evaluate_scores_every_set_given_one_after_another(tmp_path):
    text = "Title\n\nThe plan will fail within a year, said Jane Doe, the city's finance director.\n"
    quote = "The plan will fail within a year"
    small = tmp_path / "small.gold.json"
    small.write_text(
        json.dumps(
            {
                "format": "quote-gold/1",
                "articles": [
                    {
                        "file": "small.txt",
                        "text": text,
                        "quotes": [
                            {
                                "text": quote,
                                "start": text.index(quote),
                                "end": text.index(quote) + len(quote),
                                "speaker": "Jane Doe",
                                "kind": "indirect",
                            }
                        ],
                    }
                ],
            }
        )
    )
    result = run("evaluate", str(SEEDS_GOLD), str(small))
    lines = result.stdout.splitlines()
    assert [line for line in lines if line.startswith("==")] == ["== seeds.gold.json", "== small.gold.json"]
    assert lines[1].startswith("thr 0.3: P 100.0 R 100.0") and lines[4].startswith("thr 0.3: P 100.0 R 100.0")
    assert "speaker strict 100.0" in lines[4]


@pytest.mark.skipif(not SEEDS_GOLD.exists(), reason=SEEDS_GOLD_MISSING)
def test_calibrate_prints_each_rules_confidence():
    lines = run("calibrate", str(SEEDS_GOLD)).stdout.splitlines()
    assert lines and all(" confidence " in line for line in lines)


def test_evaluate_rejects_a_file_that_is_not_gold(tmp_path):
    wrong = tmp_path / "wrong.json"
    wrong.write_text('{"hello": 1}')
    result = run("evaluate", str(wrong), check=False)
    assert result.returncode != 0 and "quote-gold/1" in result.stderr and "Traceback" not in result.stderr


def test_db_upgrade_then_load_is_idempotent(tmp_path):
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}"}
    run("db", "upgrade", env=env)
    first = run("load", "--quiet", str(SEEDS), env=env)
    assert "articles: 2 new, 0 unchanged, 0 failed" in first.stdout
    second = run("load", "--quiet", str(SEEDS), env=env)
    assert "articles: 0 new, 2 unchanged, 0 failed" in second.stdout


def test_load_with_worker_processes_stores_what_one_process_does(tmp_path, migrated_sqlite):
    """Bulk loads extract in spawned worker processes (each with the real model): the stored quotes must be
    exactly those of a single-process load."""
    stored = {}
    for processes in ("1", "2"):
        database = tmp_path / f"p{processes}.sqlite3"
        env = {"DATABASE_URL": migrated_sqlite(database)}
        result = run("load", "--quiet", "--processes", processes, str(SEEDS), env=env)
        assert "articles: 2 new, 0 unchanged, 0 failed" in result.stdout
        with sqlite3.connect(database) as connection:
            stored[processes] = connection.execute(
                "SELECT q.start_offset, q.end_offset, q.kind, s.name, q.confidence FROM quotes q "
                "LEFT JOIN speakers s ON s.id = q.speaker_id ORDER BY q.article_id, q.start_offset"
            ).fetchall()
    assert len(stored["1"]) > 20 and stored["2"] == stored["1"]


def test_load_reports_a_failed_file_with_exit_code_1(tmp_path, migrated_sqlite):
    env = {"DATABASE_URL": migrated_sqlite(tmp_path / "cli.sqlite3")}
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "empty.txt").write_text("")
    result = run("load", "--quiet", str(tmp_path / "articles"), env=env, check=False)
    assert result.returncode == 1
    assert "empty" in result.stderr and "1 failed" in result.stdout


@pytest.mark.parametrize("command", [["extract"], ["evaluate"], ["load"]])
def test_missing_arguments_are_usage_errors(command):
    result = run(*command, check=False)
    assert result.returncode == 2 and "Usage" in result.stderr


def test_help_shows_only_quotedbs_own_options():
    result = run("--help")
    assert (
        "--env-file" not in result.stdout and "--app" not in result.stdout and "--debug" not in result.stdout
    )
    assert {"load", "extract", "evaluate", "serve", "db"} <= {
        line.split()[0] for line in result.stdout.splitlines() if line.startswith("  ") and line.split()
    }


def test_the_embedded_default_is_upgraded_by_itself(tmp_path):
    env = {"QUOTEDB_INSTANCE_PATH": str(tmp_path / "instance"), "DATABASE_URL": ""}
    result = run("load", "--quiet", str(SEEDS), env=env)
    assert "upgraded the embedded SQLite database" in result.stderr and "Traceback" not in result.stderr
    assert "2 new" in result.stdout


def database_error(*args, env) -> str:
    result = run(*args, env=env, check=False)
    assert result.returncode == 3, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) <= 2, result.stderr
    return result.stderr


def test_a_database_without_schema_says_to_upgrade(tmp_path):
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}"}
    assert "run `quotedb db upgrade`" in database_error("load", "--quiet", str(SEEDS), env=env)
    assert "run `quotedb db upgrade`" in database_error("serve", "--port", "1", env=env)


def test_a_schema_older_than_the_code_says_to_upgrade(tmp_path):
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'old.sqlite3'}"}
    run("db", "upgrade", "0003", env=env)
    message = database_error("load", "--quiet", str(SEEDS), env=env)
    assert "at migration 0003" in message and "run `quotedb db upgrade`" in message


def test_an_unreachable_database_is_named_without_its_password():
    env = {"DATABASE_URL": "postgresql://quotedb:s3cret@127.0.0.1:9/quotedb"}  # port 9: nothing listens
    for args in (("load", "--quiet", str(SEEDS)), ("db", "upgrade")):
        message = database_error(*args, env=env)
        assert "127.0.0.1:9" in message and "s3cret" not in message and "***" in message


def test_a_path_that_does_not_exist_is_a_usage_error():
    result = run("load", "/no/such/folder", check=False)
    assert result.returncode == 2 and "does not exist" in result.stderr and "Traceback" not in result.stderr
