"""Put a large synthetic dataset straight into a database (PostgreSQL COPY), bypassing extraction:
the bulk path for API benchmarks at scale.

    python bench/bulk.py DATABASE_URL [--quotes 1000000] [--seed 7]

The database is migrated to head first; existing rows are kept. Quotes are grouped into quotations as
reports of the same words would be (half of them alone, the other half reporting a quarter of the
quotations again, so those have three reports, usually by different speakers and outlets); their figures
are computed once after COPY, and the matching index (quotation_texts, quotation_shingles) is left empty:
this path is for reads (bench/quotation_matching.py measures matching).
"""

import argparse
import hashlib
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.corpus import FIRST, LAST, OUTLETS, TOPICS, claim  # noqa: E402

QUOTES_PER_ARTICLE = 20
# Each bulk quotation's figures from its quotes, at once (the loader keeps them per article instead).
QUOTATION_FIGURES = """
UPDATE quotations SET text = figures.text, speaker_id = figures.speaker_id, occurrences = figures.n,
    outlets = figures.outlets, speakers = figures.speakers, first_seen = figures.first_seen,
    last_seen = figures.last_seen
FROM (SELECT quotes.quotation_id, max(quotes.text) AS text,
             (SELECT c.speaker_id FROM quotation_speakers AS c WHERE c.quotation_id = quotes.quotation_id
              ORDER BY c.occurrences DESC, c.first_quote_id LIMIT 1) AS speaker_id, count(*) AS n,
             count(DISTINCT articles.publisher_id) AS outlets, count(DISTINCT quotes.speaker_id) AS speakers,
             min(coalesce(articles.published_at, articles.created_at)) AS first_seen,
             max(coalesce(articles.published_at, articles.created_at)) AS last_seen
      FROM quotes JOIN articles ON articles.id = quotes.article_id
      WHERE quotes.quotation_id >= %(first)s GROUP BY quotes.quotation_id) AS figures
WHERE quotations.id = figures.quotation_id"""


# The counts behind them (quotation_figures.py keeps these per article).
QUOTATION_COUNTS = (
    """INSERT INTO quotation_speakers (quotation_id, speaker_id, occurrences, first_quote_id)
    SELECT quotation_id, speaker_id, count(*), min(id) FROM quotes
    WHERE quotation_id >= %(first)s AND speaker_id IS NOT NULL GROUP BY quotation_id, speaker_id""",
    """INSERT INTO quotation_outlets (quotation_id, outlet_id, occurrences)
    SELECT quotes.quotation_id, articles.publisher_id, count(*) FROM quotes
    JOIN articles ON articles.id = quotes.article_id
    WHERE quotes.quotation_id >= %(first)s AND articles.publisher_id IS NOT NULL
    GROUP BY quotes.quotation_id, articles.publisher_id""",
)
QUOTATION_DISPUTED = """UPDATE quotation_speakers SET disputed = true
WHERE quotation_id IN (SELECT id FROM quotations WHERE id >= %(first)s AND speakers > 1)"""


def copy_rows(cursor, table: str, columns: list[str], rows) -> None:
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database_url")
    parser.add_argument("--quotes", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    import os

    os.environ["DATABASE_URL"] = args.database_url
    from flask_migrate import upgrade

    from service import create_app
    from service.extensions import db
    from service.store.articles import recount_speakers

    app = create_app({"QUOTEDB_RATE_LIMIT": None})
    with app.app_context():
        upgrade()
        engine = db.engine
    rng = random.Random(args.seed)
    started = time.perf_counter()
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute("SELECT coalesce(max(id), 0) FROM quotes")
        base = cursor.fetchone()[0]
        speakers = sorted({f"{first} {last}" for first in FIRST for last in LAST})
        cursor.execute("SELECT count(*) FROM speakers")
        if cursor.fetchone()[0] == 0:
            copy_rows(
                cursor,
                "speakers",
                ["id", "name", "slug", "key", "kind", "descriptors"],
                (
                    (i + 1, n, n.lower().replace(" ", "-"), n.lower(), "person", "{}")
                    for i, n in enumerate(speakers)
                ),
            )
            copy_rows(
                cursor,
                "outlets",
                ["id", "name", "slug", "key"],
                (
                    (
                        i + 1,
                        n,
                        n.lower().replace(" ", "-").replace("'", ""),
                        "".join(ch for ch in n.lower() if ch.isalnum()),
                    )
                    for i, n in enumerate(OUTLETS)
                ),
            )
            cursor.execute("SELECT setval('speakers_id_seq', (SELECT max(id) FROM speakers))")
            cursor.execute("SELECT setval('outlets_id_seq', (SELECT max(id) FROM outlets))")
        articles = args.quotes // QUOTES_PER_ARTICLE
        cursor.execute("SELECT coalesce(max(id), 0) FROM articles")
        first_article = cursor.fetchone()[0] + 1
        copy_rows(
            cursor,
            "articles",
            ["id", "title", "text", "sha256", "publisher_id", "published_at", "created_at"],
            (
                (
                    first_article + a,
                    f"Bulk article {first_article + a}",
                    f"Bulk article {first_article + a}\n\nbody",
                    hashlib.sha256(f"bulk-{args.seed}-{first_article + a}".encode()).hexdigest(),
                    1 + a % len(OUTLETS),
                    f"2024-{1 + a % 12:02d}-{1 + a % 28:02d}T12:00:00+00:00",
                    "2024-01-01T00:00:00+00:00",
                )
                for a in range(articles)
            ),
        )
        cursor.execute(
            "DROP INDEX IF EXISTS quotes_fts_vector_gin"
        )  # rebuilt once after COPY, not row by row
        cursor.execute("SELECT coalesce(max(id), 0) FROM quotations")
        first_quotation = cursor.fetchone()[0] + 1
        copy_rows(
            cursor,
            "quotations",
            ["id", "text"],
            ((first_quotation + n, "") for n in range(max(1, args.quotes // 2))),
        )
        copy_rows(
            cursor,
            "quotes",
            [
                "id",
                "article_id",
                "speaker_id",
                "spoke_to_id",
                "text",
                "kind",
                "start_offset",
                "end_offset",
                "speaker_label",
                "confidence",
                "rule",
                "quotation_id",
            ],
            (
                (
                    base + q + 1,
                    first_article + q // QUOTES_PER_ARTICLE,
                    1 + rng.randrange(len(speakers)),
                    1 + rng.randrange(len(OUTLETS)) if rng.random() < 0.6 else None,
                    claim(rng, rng.choice(TOPICS)),
                    rng.choice(["direct", "indirect", "mixed"]),
                    10,
                    60,
                    None,
                    round(rng.uniform(0.25, 0.97), 2),
                    "bulk",
                    first_quotation + (q if q < args.quotes // 2 else q % max(1, args.quotes // 4)),
                )
                for q in range(args.quotes)
            ),
        )
        cursor.execute(
            "CREATE INDEX quotes_fts_vector_gin ON quotes USING gin (quotes_fts_vector)"
        )  # as migration 0010
        for statement in (*QUOTATION_COUNTS, QUOTATION_FIGURES, QUOTATION_DISPUTED):
            cursor.execute(statement, {"first": first_quotation})
        cursor.execute("SELECT setval('quotations_id_seq', (SELECT max(id) FROM quotations))")
        cursor.execute("SELECT setval('quotes_id_seq', (SELECT max(id) FROM quotes))")
        cursor.execute("SELECT setval('articles_id_seq', (SELECT max(id) FROM articles))")
        raw.commit()
    finally:
        raw.close()
    with app.app_context():
        recount_speakers(db.session)  # the loader keeps these per article; COPY bypassed it
        db.session.commit()
    raw = engine.raw_connection()
    try:
        raw.driver_connection.autocommit = True
        raw.cursor().execute(
            "VACUUM ANALYZE"
        )  # visibility map and statistics, as autovacuum would leave them
    finally:
        raw.close()
    seconds = time.perf_counter() - started
    print(
        f"RESULT bench=bulk quotes={args.quotes} articles={articles} speakers={len(speakers)} "
        f"seconds={seconds:.1f} quotes_per_s={args.quotes / seconds:.0f}"
    )


if __name__ == "__main__":
    main()
