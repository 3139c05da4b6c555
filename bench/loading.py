"""Loading speed: articles and quotes per second into a database, and how much of it is database time.

    python bench/loading.py DATABASE_URL [--articles 10000] [--seed 7] [--processes 1]

The database must be empty or new (it is migrated to head first). Writes the synthetic corpus to a
temporary folder and loads it with the real loader (quotedb load's code path). db_share is the part of
the load spent waiting for the database (dedupe queries, and storing that extraction did not hide);
store_busy_share is how long the storing thread worked, beside extraction; load_vs_extraction_alone
compares the load with the engine alone over the same texts, run first in the same process.
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
    parser.add_argument("--processes", type=int, default=1, help="extraction worker processes, as quotedb load --processes")
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = args.database_url
    from flask_migrate import upgrade

    from service import create_app
    from service.loader import load_paths

    app = create_app({"QUOTEDB_RATE_LIMIT": None})
    with tempfile.TemporaryDirectory() as folder, app.app_context():
        upgrade()
        texts = list(generate(args.articles, args.seed))
        for i, text in enumerate(texts):
            Path(folder, f"a{i:07d}.txt").write_text(text, encoding="utf-8")
        from service.extraction import extract_many

        extract_many(texts[:8], processes=args.processes)  # load the model(s) before timing anything
        started = time.perf_counter()
        size = 32 * args.processes
        for i in range(0, len(texts), size):  # the baseline: extraction alone, batched as the loader does
            extract_many(texts[i:i + size], processes=args.processes)
        extraction_only = time.perf_counter() - started
        started = time.perf_counter()
        summary = load_paths([folder], processes=args.processes)
        seconds = time.perf_counter() - started
    from service.extraction.parallel import shutdown_workers

    shutdown_workers()  # children count in RUSAGE_CHILDREN once they have exited
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    worker_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # the largest worker process
    engine = args.database_url.split(":", 1)[0].split("+")[0]
    print(summary.line())
    waited = summary.database_wait_seconds
    print(f"{seconds:.1f} s: extraction {summary.extract_seconds:.1f} s, waiting for the database {waited:.1f} s "
          f"({waited / seconds:.1%}); the storing thread was busy {summary.store_seconds:.1f} s "
          f"({summary.store_seconds / seconds:.1%}) beside extraction; peak memory {peak_mb:.0f} MB"
          + (f" (+ {args.processes} workers of at most {worker_mb:.0f} MB each)" if args.processes > 1 else ""))
    print(f"extraction alone over the same texts: {extraction_only:.1f} s; the load took "
          f"{seconds / extraction_only:.2f}x that")
    print(f"RESULT bench=loading engine={engine} processes={args.processes} articles={summary.new} quotes={summary.quotes} seconds={seconds:.1f} "
          f"articles_per_s={summary.new / seconds:.1f} quotes_per_s={summary.quotes / seconds:.1f} "
          f"db_share={waited / seconds:.3f} store_busy_share={summary.store_seconds / seconds:.3f} "
          f"extract_share={summary.extract_seconds / seconds:.3f} load_vs_extraction_alone={seconds / extraction_only:.2f} "
          f"peak_rss_mb={peak_mb:.0f} worker_peak_rss_mb={worker_mb if args.processes > 1 else 0:.0f}")


if __name__ == "__main__":
    main()
