"""How fast an uncached read could be on this machine at best, beside the real one, in one run.

    python bench/ceiling.py postgresql+psycopg://postgres@127.0.0.1:5432/quotedb_bench [--seconds 5]

Served like bench/api.py (gunicorn, 2 sync workers, wrk -t2 -c8, cache and rate limit off), as shares of the
bare Flask endpoint: the real app answering without the database; the app sending `SELECT 1` on a plain
autocommit psycopg connection; the app sending the keyset page's statement (bench/api.py's deep_page_keyset)
as fixed SQL on that connection, spliced into the response; and the real /api/v1/quotes?after=100000. What the
third one reaches is the most any change in our Python could reach for a page of 20 quotations, with wrk,
PostgreSQL and both workers sharing the machine's cores.
"""

import argparse
import os
import signal
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.api import start, wrk  # noqa: E402

PATHS = {
    "app_without_database": "/ceiling/app",
    "app_select_one": "/ceiling/select-one",
    "app_fixed_page_statement": "/ceiling/keyset",
    "real_keyset_page": "/api/v1/quotes?after=100000",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database_url")
    parser.add_argument("--seconds", type=int, default=5)
    args = parser.parse_args()
    env = {
        **os.environ,
        "DATABASE_URL": args.database_url,
        "QUOTEDB_ENV": "production",
        "QUOTEDB_RATE_LIMIT": "off",
        "QUOTEDB_API_TOKEN": "bench-token-not-secret-0123456789",
        "QUOTEDB_CACHE_SECONDS": "0",
    }
    bare, ceiling = start("bench.bare_app:app", 18301, env), start("bench.ceiling_app:app", 18302, env)
    results = {}
    try:
        results["bare"] = wrk("http://127.0.0.1:18301/bare", args.seconds)
        for name, path in PATHS.items():
            results[name] = wrk(f"http://127.0.0.1:18302{path}", args.seconds)
        results["bare_again"] = wrk("http://127.0.0.1:18301/bare", args.seconds)
    finally:
        for process in (bare, ceiling):
            os.killpg(process.pid, signal.SIGTERM)
    bare_rps = (results["bare"]["rps"] + results.pop("bare_again")["rps"]) / 2
    for name, r in results.items():
        print(
            f"{name:26} {r['rps']:8.1f} req/s ({r['rps'] / bare_rps:6.1%} of bare)  p50 {r['p50']:6.2f} ms  "
            f"p99 {r['p99']:6.2f} ms"
        )
    fields = " ".join(
        f"{n}_share={r['rps'] / bare_rps:.2f} {n}_p99_ms={r['p99']:.1f}" for n, r in results.items()
    )
    print(f"RESULT bench=ceiling bare_rps={bare_rps:.0f} {fields}")


if __name__ == "__main__":
    main()
