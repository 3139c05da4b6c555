"""Export at scale: every quotation of a database written as CSV and as JSON Lines through the real export
path, with throughput and peak memory; memory is measured against the process before the export began.

    python bench/export.py DATABASE_URL            # e.g. the 1M-quote database bench/bulk.py makes
"""

import argparse
import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database_url")
    parser.add_argument(
        "--out", default=os.devnull, help="where to write (default: nowhere, to time the reading)"
    )
    args = parser.parse_args()
    os.environ.update(DATABASE_URL=args.database_url)
    from service import create_app
    from service.store.export import lines

    app = create_app()
    fields = []
    with app.app_context():
        for format in ("csv", "jsonl"):
            before = peak_rss_mb()
            started, rows, size = time.perf_counter(), -1 if format == "csv" else 0, 0
            with open(args.out, "w", encoding="utf-8") as out:
                for line in lines({}, format):
                    out.write(line)
                    rows += 1
                    size += len(line)
            seconds = time.perf_counter() - started
            print(
                f"{format:5} {rows:>9,} quotations in {seconds:6.1f} s ({rows / seconds:8,.0f}/s), "
                f"{size / 1e6:7.1f} MB of text, peak RSS {peak_rss_mb():.0f} MB (was {before:.0f} MB before)"
            )
            fields.append(
                f"{format}_rows={rows} {format}_rows_per_s={rows / seconds:.0f} "
                f"{format}_peak_rss_mb={peak_rss_mb():.0f} {format}_rss_before_mb={before:.0f}"
            )
    print(f"RESULT bench=export {' '.join(fields)}")


if __name__ == "__main__":
    main()
