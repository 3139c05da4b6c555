"""EXPLAIN ANALYZE of every statement the API's reads and the pages send, at the size of the database given.

    python bench/explain.py postgresql+psycopg://postgres@127.0.0.1:5432/quotedb_bench [--only NAME ...]

Each benchmarked request (the same paths and pages as bench/api.py) goes through the real app with the
response cache off; every statement it sends is captured with its parameters and explained on the same
database, so the plans printed are the plans the service runs.
"""

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.api import PAGES, PATHS  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database_url")
    parser.add_argument("--only", nargs="*", help="names of bench/api.py requests (or pages) to explain")
    args = parser.parse_args()
    os.environ.update(DATABASE_URL=args.database_url, QUOTEDB_CACHE_SECONDS="0", QUOTEDB_RATE_LIMIT="off")
    from sqlalchemy import event

    from service import create_app
    from service.extensions import db, read_engine

    app = create_app()
    captured = []
    with app.app_context():
        for engine in (db.engine, read_engine(db.engine)):  # GET requests read on the read engine
            event.listen(
                engine,
                "before_cursor_execute",
                lambda conn, cursor, statement, params, context, many: captured.append((statement, params)),
            )
    client = app.test_client()
    requests = {name: f"/api/v1{path}" for name, path in PATHS.items()} | {
        f"page_{name.removeprefix('page_')}": path for name, path in PAGES.items()
    }
    for name, path in requests.items():
        if args.only and name not in args.only:
            continue
        captured.clear()
        status = client.get(path).status_code
        statements = list(captured)
        print(f"## {name}: GET {path} -> {status}, {len(statements)} statement(s)\n")
        with app.app_context(), db.engine.connect() as connection:
            raw = connection.connection.dbapi_connection
            for statement, params in statements:
                if statement.startswith("EXPLAIN"):  # the pagination's row estimate: planning only
                    print(
                        f"    -- {' '.join(statement.split())[:160]}\n    (the planner's row estimate for "
                        f"the total)\n"
                    )
                    continue
                with raw.cursor() as cursor:
                    cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) {statement}", params)
                    plan = "\n".join(f"    {row[0]}" for row in cursor.fetchall())
                print(f"    -- {' '.join(statement.split())[:160]}\n{plan}\n")
            raw.rollback()


if __name__ == "__main__":
    main()
