"""What matching quotes to quotations costs a load, at 10k and 1M stored quotations, in one run.

    python bench/quotation_matching.py DATABASE_URL [--sizes 10000 1000000] [--articles 60] [--rounds 3]

The database (PostgreSQL, new or empty) is migrated to head. For each size, the matching index is filled up
to that many stored quotations with generated wordings (8 to 20 words drawn from a Zipf vocabulary, so
common word triples have long postings, as real ones do), written with COPY. Then synthetic articles
(bench/corpus.py, extracted once before any timing) are stored as the loader stores them (store_articles:
a batch of 32 per transaction), alternately with matching and with matching switched off (no quotation, no
lock), the same number of articles each way. Figures: storing time per article both ways, matching's cost per
quote, and the load's throughput with matching as a share of without, counting the extraction of the same
articles (measured here) and storing one after the other; the real loader stores in a thread beside
extraction, so its share is higher still.
"""

import argparse
import os
import random
import sys
import time
from contextlib import contextmanager
from itertools import accumulate
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.corpus import generate  # noqa: E402

VOCABULARY = 20_000
BATCH = 32


def fill_index(engine, target: int, rng: random.Random) -> float:
    """Stored quotations up to `target`, each with one wording and its shingles; returns the seconds taken."""
    from service.store.quotations import Words

    started = time.perf_counter()
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute("SELECT count(*), coalesce(max(id), 0) FROM quotations")
        have, last = cursor.fetchone()
        if have >= target:
            return 0.0
        cursor.execute("ALTER TABLE quotation_shingles DROP CONSTRAINT quotation_shingles_pkey")
        cursor.execute("DROP INDEX ix_quotation_shingles_quotation_id")
        weights = list(accumulate(1 / (rank + 1) for rank in range(VOCABULARY)))
        wordings = []
        for i in range(target - have):
            words = rng.choices(range(VOCABULARY), cum_weights=weights, k=rng.randint(8, 20))
            wordings.append((last + 1 + i, Words((tuple(f"w{w}" for w in words),))))
        with cursor.copy("COPY quotations (id, text, occurrences, outlets, speakers) FROM STDIN") as copy:
            for quotation_id, words in wordings:
                copy.write_row((quotation_id, words.stored, 1, 1, 1))
        with cursor.copy("COPY quotation_texts (quotation_id, key, words) FROM STDIN") as copy:
            for quotation_id, words in wordings:
                copy.write_row((quotation_id, words.key, words.stored))
        with cursor.copy("COPY quotation_shingles (shingle, quotation_id) FROM STDIN") as copy:
            for quotation_id, words in wordings:
                for shingle in words.shingles():
                    copy.write_row((shingle, quotation_id))
        cursor.execute("ALTER TABLE quotation_shingles ADD PRIMARY KEY (shingle, quotation_id)")
        cursor.execute("CREATE INDEX ix_quotation_shingles_quotation_id ON quotation_shingles (quotation_id)")
        cursor.execute("SELECT setval('quotations_id_seq', (SELECT max(id) FROM quotations))")
        raw.commit()
        raw.driver_connection.autocommit = True
        cursor.execute("VACUUM ANALYZE")
    finally:
        raw.close()
    return time.perf_counter() - started


@contextmanager
def matching(on: bool):
    """Storing as it is (on), or with matching switched off: no quotation, no lock, no figures (for
    benchmarks only; bench/load_matching.py uses it too)."""
    from service.store import articles

    saved = (articles.assign_quotations, articles.add_reports, articles.serialise_matching)
    if not on:
        articles.assign_quotations = lambda session, rows: set()
        articles.add_reports = lambda *args: None
        articles.serialise_matching = lambda session: None
    try:
        yield
    finally:
        articles.assign_quotations, articles.add_reports, articles.serialise_matching = saved


def store(app, pairs: list, on: bool) -> float:
    """Seconds to store these (article text, extraction) pairs as the loader does (a batch per
    transaction), with matching or not."""
    from service.extensions import db
    from service.store import articles

    with matching(on), app.app_context():
        started = time.perf_counter()
        for start in range(0, len(pairs), BATCH):
            batch = pairs[start : start + BATCH]
            articles.store_articles(
                db.session,
                [(articles.NewArticle(title=text.split("\n")[0], text=text), found) for text, found in batch],
            )
            db.session.commit()
        seconds = time.perf_counter() - started
        db.session.remove()
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database_url")
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 1_000_000])
    parser.add_argument("--articles", type=int, default=60, help="articles stored each way in each round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = args.database_url
    from flask_migrate import upgrade

    from service import create_app
    from service.extensions import db
    from service.extraction import extract_many

    app = create_app({"QUOTEDB_RATE_LIMIT": None})
    with app.app_context():
        upgrade()
        engine = db.engine
    per_size = 2 * args.rounds * args.articles
    texts = generate(per_size * len(args.sizes) + 1, args.seed)[1:]
    extract_many(texts[:1])  # the model loads outside the timing
    started = time.perf_counter()
    extractions = extract_many(texts)
    extract_per_article = (time.perf_counter() - started) / len(texts)
    pairs = list(zip(texts, extractions))
    rng, fields = random.Random(args.seed), []
    print(f"extraction: {extract_per_article * 1000:.1f} ms per article", flush=True)
    for n, size in enumerate(args.sizes):
        filled = fill_index(engine, size, rng)
        mine = pairs[n * per_size : (n + 1) * per_size]
        seconds = {True: 0.0, False: 0.0}
        quotes = {True: 0, False: 0}
        for round_ in range(args.rounds):
            for on in (round_ % 2 == 0, round_ % 2 == 1):  # alternate which goes first
                chunk, mine = mine[: args.articles], mine[args.articles :]
                seconds[on] += store(app, chunk, on)
                quotes[on] += sum(len(extraction.quotes) for _, extraction in chunk)
        stored = args.rounds * args.articles
        with_ms, without_ms = (seconds[m] / stored * 1000 for m in (True, False))
        per_quote_ms = (seconds[True] / quotes[True] - seconds[False] / quotes[False]) * 1000
        load_share = (extract_per_article * 1000 + without_ms) / (extract_per_article * 1000 + with_ms)
        print(
            f"{size:>9} stored quotations (filled in {filled:.0f} s): storing {with_ms:.1f} ms per article "
            f"with matching, {without_ms:.1f} without; matching {per_quote_ms:.2f} ms per quote; load with "
            f"matching {load_share:.1%} of without",
            flush=True,
        )
        label = f"at_{size // 1000}k"
        fields.append(
            f"{label}_store_ms_with={with_ms:.1f} {label}_store_ms_without={without_ms:.1f} "
            f"{label}_matching_ms_per_quote={per_quote_ms:.2f} {label}_load_share={load_share:.2f}"
        )
    print(
        f"RESULT bench=quotation_matching extract_ms_per_article={extract_per_article * 1000:.1f} "
        + " ".join(fields)
    )


if __name__ == "__main__":
    main()
