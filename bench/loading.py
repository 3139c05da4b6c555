"""Loading speed: articles and quotes per second into a database, and how much of it is database time.

    python bench/loading.py DATABASE_URL [--articles 10000] [--seed 7] [--processes 1] [--archive]
    python bench/loading.py --stream-gb 1        # reading alone: a generated 1 GB .jsonl.gz, streamed
    QUOTEDB_REDIS_URL=redis://127.0.0.1:6379/N python bench/loading.py DATABASE_URL --queue [--workers 1 2]

With --queue the corpus (one .jsonl.gz archive) is loaded by `quotedb load --queue`'s code with 1, then 2
`quotedb worker` processes (started and warmed up first; the database emptied before each), timed from the
first article read to the load done; RESULT lines give articles/s for each and their ratio, and the peak
memory of every key in the Redis database (sampled every 0.1 s; use a database of your own) against the
archive's size.

With --archive the corpus is one gzipped JSON Lines archive instead of a folder of .txt files. With
--stream-gb no database is touched: an archive of that many gigabytes (uncompressed) is generated and read
through the loader's reader, to show that memory does not grow with the archive.

The database must be empty or new (it is migrated to head first). Writes the synthetic corpus to a
temporary folder and loads it with the real loader (quotedb load's code path). db_share is the part of
the load spent waiting for the database (dedupe queries, and storing that extraction did not hide);
store_busy_share is how long the storing thread worked, beside extraction; load_vs_extraction_alone
compares the load with the engine alone over the same texts, run first in the same process.
"""

import argparse
import gzip
import json
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
    parser.add_argument("database_url", nargs="?")
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--processes", type=int, default=1, help="extraction worker processes, as quotedb load --processes"
    )
    parser.add_argument(
        "--archive", action="store_true", help="load one .jsonl.gz archive instead of .txt files"
    )
    parser.add_argument("--stream-gb", type=float, help="only stream-read a generated archive of this size")
    parser.add_argument("--queue", action="store_true", help="quotedb load --queue with --workers workers")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--window", type=int, default=16, help="quotedb load --window")
    parser.add_argument("--batch", type=int, default=32, help="quotedb load --batch")
    args = parser.parse_args()
    if args.stream_gb:
        return stream_archive(args.stream_gb, args.seed)
    if args.queue:
        from bench.queued_loading import queued

        return queued(args)
    os.environ["DATABASE_URL"] = args.database_url
    from flask_migrate import upgrade

    from service import create_app
    from service.store.loader import load_paths

    app = create_app({"QUOTEDB_RATE_LIMIT": None})
    with tempfile.TemporaryDirectory() as folder, app.app_context():
        upgrade()
        texts = list(generate(args.articles, args.seed))
        if args.archive:
            with gzip.open(Path(folder, "corpus.jsonl.gz"), "wt", encoding="utf-8") as archive:
                for i, text in enumerate(texts):
                    archive.write(json.dumps({"id": f"a{i}", "text": text}) + "\n")
        else:
            for i, text in enumerate(texts):
                Path(folder, f"a{i:07d}.txt").write_text(text, encoding="utf-8")
        from service.extraction import extract_many

        extract_many(texts[:8], processes=args.processes)  # load the model(s) before timing anything
        started = time.perf_counter()
        size = 32 * args.processes
        for i in range(0, len(texts), size):  # the baseline: extraction alone, batched as the loader does
            extract_many(texts[i : i + size], processes=args.processes)
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
    print(
        f"{seconds:.1f} s: extraction {summary.extract_seconds:.1f} s, waiting for the database {waited:.1f} "
        f"s "
        f"({waited / seconds:.1%}); the storing thread was busy {summary.store_seconds:.1f} s "
        f"({summary.store_seconds / seconds:.1%}) beside extraction; peak memory {peak_mb:.0f} MB"
        + (f" (+ {args.processes} workers of at most {worker_mb:.0f} MB each)" if args.processes > 1 else "")
    )
    print(
        f"extraction alone over the same texts: {extraction_only:.1f} s; the load took "
        f"{seconds / extraction_only:.2f}x that"
    )
    print(
        f"RESULT bench=loading engine={engine} input={'archive' if args.archive else 'files'} "
        f"processes={args.processes} articles={summary.new} quotes={summary.quotes} seconds={seconds:.1f} "
        f"articles_per_s={summary.new / seconds:.1f} quotes_per_s={summary.quotes / seconds:.1f} "
        f"db_share={waited / seconds:.3f} store_busy_share={summary.store_seconds / seconds:.3f} "
        f"extract_share={summary.extract_seconds / seconds:.3f} "
        f"load_vs_extraction_alone={seconds / extraction_only:.2f} "
        f"peak_rss_mb={peak_mb:.0f} worker_peak_rss_mb={worker_mb if args.processes > 1 else 0:.0f}"
    )


def stream_archive(gigabytes: float, seed: int) -> None:
    """Generate an archive of `gigabytes` (uncompressed JSON) and read it through the loader's reader."""
    from service.sources import ArticleError, read_sources

    texts = list(generate(500, seed))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "big.jsonl.gz")
        written, count = 0, 0
        with gzip.open(path, "wt", encoding="utf-8", compresslevel=1) as archive:
            while written < gigabytes * 1e9:
                line = (
                    json.dumps({"id": count, "title": f"Article {count}", "text": texts[count % len(texts)]})
                    + "\n"
                )
                archive.write(line)
                written, count = written + len(line), count + 1
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        started, articles, errors = time.perf_counter(), 0, 0
        for item in read_sources([path]):
            errors += isinstance(item, ArticleError)
            articles += 1
        seconds = time.perf_counter() - started
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"{written / 1e9:.2f} GB of JSON Lines ({path.stat().st_size / 1e6:.0f} MB gzipped), "
            f"{articles:,} articles "
            f"read in {seconds:.1f} s ({articles / seconds:,.0f}/s), {errors} errors; peak RSS {peak:.0f} MB "
            f"(before reading {before:.0f} MB)"
        )
        print(
            f"RESULT bench=archive_stream gb={written / 1e9:.2f} articles={articles} seconds={seconds:.1f} "
            f"peak_rss_mb={peak:.0f} rss_before_read_mb={before:.0f}"
        )


if __name__ == "__main__":
    main()
