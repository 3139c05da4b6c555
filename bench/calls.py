"""The work each bench/api.py path costs, on another checkout and on this one: Python function calls per
request (cProfile's count) and the SQL sent. Neither moves with the machine's load, so on a shared, busy
machine this is the half of a before/after that noise cannot fake; bench/compare.py gives the timed half.

    python bench/calls.py /tmp/before postgresql+psycopg://postgres@127.0.0.1:5432/quotedb_bench

Each tree's app runs in a process of its own (cache and rate limit off, as bench/compare.py serves it).
"""

import argparse
import json
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.api import PATHS  # noqa: E402

MEASURE = """
import cProfile, json, logging, os, pstats, sys
from sqlalchemy import event
from service import create_app
from service.extensions import db, read_engine
app = create_app()
logging.getLogger("quotedb.request").handlers[0].stream = open(os.devnull, "w")
client, found = app.test_client(), {}
with app.app_context():
    engine = read_engine(db.engine)
for name, path in json.loads(sys.argv[1]).items():
    url = "/api/v1" + path
    for _ in range(5):
        client.get(url)
    sent = []
    record = lambda connection, cursor, statement, *rest: sent.append(statement)
    event.listen(engine, "before_cursor_execute", record)
    body = client.get(url).get_data()
    event.remove(engine, "before_cursor_execute", record)
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(20):
        client.get(url)
    profile.disable()
    found[name] = {"calls": pstats.Stats(profile).total_calls / 20, "sql": sent, "body": body.decode()}
print(json.dumps(found))
"""


def measure(tree: Path, env: dict) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, json.dumps(PATHS)],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.splitlines()[-1])


def compare_sql(before: list[str], after: list[str]) -> str:
    """The same statements but for whitespace ("same"), or but for the names of table aliases as well
    ("aliases"), or not ("different")."""

    def spaceless(statement: str) -> str:
        return re.sub(r"\s+", "", statement)

    def unaliased(statement: str) -> str:
        return spaceless(re.sub(r"\b[a-z_]+\.(?=[a-z_]+\b)|\bAS [a-z_]+", "", statement))

    if [spaceless(s) for s in before] == [spaceless(s) for s in after]:
        return "same"
    return "aliases" if [unaliased(s) for s in before] == [unaliased(s) for s in after] else "different"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path, help="the other checkout (a git worktree)")
    parser.add_argument("database_url")
    args = parser.parse_args()
    env = {
        **os.environ,
        "DATABASE_URL": args.database_url,
        "QUOTEDB_ENV": "production",
        "QUOTEDB_RATE_LIMIT": "off",
        "QUOTEDB_API_TOKEN": "bench-token-not-secret-0123456789",
        "QUOTEDB_CACHE_SECONDS": "0",
    }
    before, after = measure(args.before.resolve(), env), measure(ROOT, env)
    fields = []
    for name in PATHS:
        b, a = before[name], after[name]
        sql = compare_sql(b["sql"], a["sql"])
        body = "same" if json.loads(b["body"]) == json.loads(a["body"]) else "different"
        print(
            f"{name:20} calls before {b['calls']:7.0f} after {a['calls']:7.0f}   statements {len(b['sql'])} "
            f"-> "
            f"{len(a['sql'])}, SQL {sql}, response {body}"
        )
        fields.append(f"{name}_calls_ratio={a['calls'] / b['calls']:.3f} {name}_sql={sql} {name}_body={body}")
    print("RESULT bench=calls " + " ".join(fields))


if __name__ == "__main__":
    main()
