"""Uncached API throughput of another checkout against this one, in one run: before/after ratios that the
machine's drift between runs cannot fake.

    git worktree add /tmp/before <commit>
    python bench/compare.py /tmp/before postgresql+psycopg://postgres@127.0.0.1:5432/quotedb_bench \
        [--seconds 5] [--only NAME ...]

Both trees are served by gunicorn (2 sync workers, response cache and rate limit off) on the same database;
each bench/api.py path is measured on one, then the other, twice (wrk -t2 -c8). Needs wrk.
"""

import argparse
import os
import signal
import sys
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.api import PATHS, start, wrk  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path, help="the other checkout (a git worktree)")
    parser.add_argument("database_url")
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--only", nargs="+", choices=sorted(PATHS), help="measure these paths only")
    args = parser.parse_args()
    env = {
        **os.environ,
        "DATABASE_URL": args.database_url,
        "QUOTEDB_ENV": "production",
        "QUOTEDB_RATE_LIMIT": "off",
        "QUOTEDB_API_TOKEN": "bench-token-not-secret-0123456789",
        "QUOTEDB_CACHE_SECONDS": "0",
    }
    ports = {"before": 18201, "after": 18202}
    servers = [
        start("service.wsgi:app", ports["before"], env, args.before.resolve()),
        start("service.wsgi:app", ports["after"], env),
    ]
    fields = []
    try:
        for name, path in PATHS.items():
            if args.only and name not in args.only:
                continue
            runs = {side: [] for side in ports}
            for _ in range(2):
                for side, port in ports.items():
                    url = f"http://127.0.0.1:{port}/api/v1{path}"
                    urllib.request.urlopen(url, timeout=30).read()
                    runs[side].append(wrk(url, args.seconds))
            rps = {side: sum(r["rps"] for r in got) / len(got) for side, got in runs.items()}
            p99 = {side: max(r["p99"] for r in got) for side, got in runs.items()}
            ratio = rps["after"] / rps["before"]
            print(
                f"{name:20} before {rps['before']:7.1f} req/s p99 {p99['before']:6.1f} ms   "
                f"after {rps['after']:7.1f} req/s p99 {p99['after']:6.1f} ms   after/before {ratio:5.2f}",
                flush=True,
            )
            fields.append(f"{name}_ratio={ratio:.2f}")
    finally:
        for process in servers:
            os.killpg(process.pid, signal.SIGTERM)
    print("RESULT bench=compare " + " ".join(fields))


if __name__ == "__main__":
    main()
