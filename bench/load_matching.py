"""The real load with matching and without, in one run: articles per second through quotedb load's code
(extraction, and each batch stored in a thread beside the next one's extraction) and their ratio, the
figure issue 27 asks for ("load throughput with matching ≥ 0.9 of without").

    python bench/load_matching.py DATABASE_URL [--articles 80] [--rounds 4] [--seed 101]

Synthetic articles (bench/corpus.py, a seed of their own so that none is stored already) are written to a
folder per load and loaded by `load_paths`, alternately with matching on and switched off
(bench/quotation_matching.matching: no quotation, no lock, no figures), which goes first alternating each
round. Each load is timed from its first article read to its last batch committed; the spaCy model loads
before any timing. Besides the ratio of the totals, the median of the rounds' ratios (a round's two loads run
seconds apart, so a burst of other work on the machine moves one round, not the median). The database is
migrated to head first and keeps what is loaded (the loads without matching leave quotes that report no
quotation): use a bench database, such as bench/bulk.py's.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.corpus import generate  # noqa: E402
from bench.quotation_matching import matching  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database_url")
    parser.add_argument("--articles", type=int, default=80, help="articles per load")
    parser.add_argument("--rounds", type=int, default=4, help="loads each way")
    parser.add_argument("--seed", type=int, default=101)
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = args.database_url
    from flask_migrate import upgrade
    from sqlalchemy import func, select

    from service import create_app
    from service.extensions import db
    from service.extraction import extract_many
    from service.store.loader import load_paths
    from service.store.models import Article

    app = create_app({"QUOTEDB_RATE_LIMIT": None})
    with app.app_context():
        upgrade()
        if db.session.scalar(select(func.count()).select_from(Article)):
            sys.exit(
                "load_matching needs a database without articles: on one that holds them, the same seed's "
                "articles load as unchanged and there is nothing to time (drop and create it, or --seed N)"
            )
    texts = generate(2 * args.rounds * args.articles + 1, args.seed)
    extract_many(texts[:1])  # the model loads outside the timing
    texts = texts[1:]
    seconds, counts = {True: 0.0, False: 0.0}, {True: [0, 0, 0.0, 0.0], False: [0, 0, 0.0, 0.0]}
    ratios = []
    with tempfile.TemporaryDirectory(prefix="load-matching-") as folder:
        for round_ in range(args.rounds):
            rates = {}
            for on in (round_ % 2 == 0, round_ % 2 == 1):  # alternate which goes first
                here = Path(folder) / f"{round_}-{'on' if on else 'off'}"
                here.mkdir()
                chunk, texts = texts[: args.articles], texts[args.articles :]
                for i, text in enumerate(chunk):
                    (here / f"article_{i:04d}.txt").write_text(text, encoding="utf-8")
                with matching(on), app.app_context():
                    started = time.perf_counter()
                    summary = load_paths([here])
                    took = time.perf_counter() - started
                seconds[on] += took
                rates[on] = summary.new / took
                figures = counts[on]
                figures[0] += summary.new
                figures[1] += summary.quotes
                figures[2] += summary.store_seconds
                figures[3] += summary.database_wait_seconds
                print(
                    f"round {round_} matching {'on ' if on else 'off'}: {summary.new} new, "
                    f"{summary.unchanged} unchanged, {len(summary.failed)} failed, {summary.quotes} quotes "
                    f"in {took:.1f} s (storing busy {summary.store_seconds:.1f} s, "
                    f"the load waited {summary.database_wait_seconds:.1f} s for the database)",
                    flush=True,
                )
            ratios.append(rates[True] / rates[False])
            print(f"round {round_}: with/without {ratios[-1]:.3f}", flush=True)
    rate = {on: counts[on][0] / seconds[on] for on in (True, False)}
    print(
        f"RESULT bench=load_matching articles_each_way={counts[True][0]}/{counts[False][0]} "
        f"quotes_each_way={counts[True][1]}/{counts[False][1]} "
        f"articles_per_s_with={rate[True]:.2f} articles_per_s_without={rate[False]:.2f} "
        f"load_ratio={rate[True] / rate[False]:.3f} median_round_ratio={statistics.median(ratios):.3f} "
        f"store_busy_s_with={counts[True][2]:.1f} store_busy_s_without={counts[False][2]:.1f} "
        f"db_wait_s_with={counts[True][3]:.1f} db_wait_s_without={counts[False][3]:.1f}"
    )


if __name__ == "__main__":
    main()
