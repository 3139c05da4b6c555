"""Loading speed: articles and quotes per second into a database, and how much of it is database time.

    python bench/loading.py DATABASE_URL [--articles 10000] [--seed 7]

The database must be empty or new (it is migrated to head first). Writes the synthetic corpus to a
temporary folder and loads it with the real loader (quotedb load's code path).
"""
import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.corpus import generate  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database_url")
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = args.database_url
    from flask_migrate import upgrade

    from service import create_app
    from service.loader import load_paths

    app = create_app({"QUOTEDB_RATE_LIMIT": None})
    with tempfile.TemporaryDirectory() as folder, app.app_context():
        upgrade()
        for i, text in enumerate(generate(args.articles, args.seed)):
            Path(folder, f"a{i:07d}.txt").write_text(text, encoding="utf-8")
        started = time.perf_counter()
        summary = load_paths([folder])
        seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    engine = args.database_url.split(":", 1)[0].split("+")[0]
    print(summary.line())
    print(f"{seconds:.1f} s: extraction {summary.extract_seconds:.1f} s, database {summary.store_seconds:.1f} s "
          f"({summary.store_seconds / seconds:.1%}), peak memory {peak_mb:.0f} MB")
    print(f"RESULT bench=loading engine={engine} articles={summary.new} quotes={summary.quotes} seconds={seconds:.1f} "
          f"articles_per_s={summary.new / seconds:.1f} quotes_per_s={summary.quotes / seconds:.1f} "
          f"db_share={summary.store_seconds / seconds:.3f} peak_rss_mb={peak_mb:.0f}")


if __name__ == "__main__":
    main()
