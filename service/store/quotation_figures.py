"""A quotation's figures (occurrences, outlets, speakers credited, the speaker most credited, first and last
seen, the longest report's words), counting its visible quotes only.

Two tables hold the counts behind them: reports per speaker (`quotation_speakers`, which also says whether the
quotation is disputed, so a speaker's disputed quotations are one index range) and per publishing outlet
(`quotation_outlets`). Storing a batch of articles adds their reports to them and to their quotations
(`add_reports`: one to four statements per batch, whatever the quotations already hold); a correction, a
re-extraction or a migration counts the quotations it touched again from their quotes (`recount_quotations`).
"""

from functools import lru_cache

from sqlalchemy import ARRAY, Integer, bindparam, case, delete, exists, func, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from .models import Article, Quotation, QuotationOutlet, QuotationSpeaker, Quote

QUOTES, ARTICLES = Quote.__table__, Article.__table__
QUOTATIONS, CREDITED, PUBLISHED = Quotation.__table__, QuotationSpeaker.__table__, QuotationOutlet.__table__
CHUNK = 1000  # quotations recounted per statement


def _insert(session: Session, table):
    return (postgresql if session.get_bind().dialect.name == "postgresql" else sqlite).insert(table)


def _kept_columns(of_quotation):
    """The figures read from the count tables, for the quotation `of_quotation` names."""
    return {
        "speakers": select(func.count())
        .select_from(CREDITED)
        .where(CREDITED.c.quotation_id == of_quotation)
        .scalar_subquery(),
        "outlets": select(func.count())
        .select_from(PUBLISHED)
        .where(PUBLISHED.c.quotation_id == of_quotation)
        .scalar_subquery(),
        "speaker_id": select(CREDITED.c.speaker_id)
        .where(CREDITED.c.quotation_id == of_quotation)
        .order_by(CREDITED.c.occurrences.desc(), CREDITED.c.first_quote_id)
        .limit(1)
        .scalar_subquery(),
    }


def _credits(*conditions):
    """Visible reports per (quotation, speaker) among the quotes passing `conditions`."""
    return (
        select(QUOTES.c.quotation_id, QUOTES.c.speaker_id, func.count(), func.min(QUOTES.c.id))
        .where(
            *conditions,
            QUOTES.c.quotation_id.is_not(None),
            QUOTES.c.speaker_id.is_not(None),
            QUOTES.c.hidden.is_(False),
        )
        .group_by(QUOTES.c.quotation_id, QUOTES.c.speaker_id)
    )


@lru_cache(maxsize=4)
def _adding(dialect: str) -> tuple:
    """add_reports' statements, built once per engine; the articles are a parameter, their publishers and
    dates are read with them."""
    made = postgresql if dialect == "postgresql" else sqlite
    of_article = QUOTES.c.article_id.in_(bindparam("articles", expanding=True))
    # The articles named again on their own table: joined by the quotes' article_id only, the planner reads
    # every article (a hash join, 25 ms at 50k articles) instead of the batch's by their key.
    their_articles = ARTICLES.c.id.in_(bindparam("articles", expanding=True))
    other = CREDITED.alias("other")
    disputed = exists().where(
        other.c.quotation_id == QUOTES.c.quotation_id, other.c.speaker_id != QUOTES.c.speaker_id
    )
    credits = made.insert(CREDITED).from_select(
        ["quotation_id", "speaker_id", "occurrences", "first_quote_id", "disputed"],
        _credits(of_article).add_columns(disputed),
    )
    credits = credits.on_conflict_do_update(
        index_elements=[CREDITED.c.quotation_id, CREDITED.c.speaker_id],
        set_={"occurrences": CREDITED.c.occurrences + credits.excluded.occurrences},
    )
    visible = (of_article, QUOTES.c.quotation_id.is_not(None), QUOTES.c.hidden.is_(False))
    published = made.insert(PUBLISHED).from_select(
        ["quotation_id", "outlet_id", "occurrences"],
        select(QUOTES.c.quotation_id, ARTICLES.c.publisher_id, func.count())
        .join_from(QUOTES, ARTICLES, ARTICLES.c.id == QUOTES.c.article_id)
        .where(*visible, their_articles, ARTICLES.c.publisher_id.is_not(None))
        .group_by(QUOTES.c.quotation_id, ARTICLES.c.publisher_id),
    )
    published = published.on_conflict_do_update(
        index_elements=[PUBLISHED.c.quotation_id, PUBLISHED.c.outlet_id],
        set_={"occurrences": PUBLISHED.c.occurrences + published.excluded.occurrences},
    )
    seen = func.coalesce(ARTICLES.c.published_at, ARTICLES.c.created_at)
    added = (
        select(
            QUOTES.c.quotation_id,
            func.count().label("n"),
            func.max(func.length(QUOTES.c.text)).label("longest"),
            func.min(seen).label("first"),
            func.max(seen).label("last"),
        )
        .join_from(QUOTES, ARTICLES, ARTICLES.c.id == QUOTES.c.article_id)
        .where(*visible, their_articles)
        .group_by(QUOTES.c.quotation_id)
        .subquery()
    )
    first, last = QUOTATIONS.c.first_seen, QUOTATIONS.c.last_seen
    longest_here = (
        select(QUOTES.c.text)
        .where(*visible, QUOTES.c.quotation_id == QUOTATIONS.c.id)
        .order_by(func.length(QUOTES.c.text).desc(), QUOTES.c.id)
        .limit(1)
        .scalar_subquery()
    )
    undisputed = exists().where(CREDITED.c.quotation_id == QUOTATIONS.c.id, CREDITED.c.disputed.is_(False))
    figures = (
        update(QUOTATIONS)
        .where(QUOTATIONS.c.id == added.c.quotation_id)
        .values(
            occurrences=QUOTATIONS.c.occurrences + added.c.n,
            first_seen=case((first.is_(None) | (first > added.c.first), added.c.first), else_=first),
            last_seen=case((last.is_(None) | (last < added.c.last), added.c.last), else_=last),
            text=case(
                (QUOTATIONS.c.occurrences == 0, longest_here),
                (added.c.longest > func.length(QUOTATIONS.c.text), longest_here),
                else_=QUOTATIONS.c.text,
            ),
            **_kept_columns(QUOTATIONS.c.id),
        )
        .returning(QUOTATIONS.c.id, (QUOTATIONS.c.speakers > 1) & undisputed)
    )
    return credits, published, figures


# On PostgreSQL the credits' upsert and the figures' update are one statement (one round trip less per
# batch): the upsert's RETURNING, with the credits it left alone, are the quotation's credits now. The
# articles are named on their own table too (see _adding).
CREDITS_AND_FIGURES = text(
    """WITH credited AS (
    INSERT INTO quotation_speakers (quotation_id, speaker_id, occurrences, first_quote_id, disputed)
    SELECT q.quotation_id, q.speaker_id, count(*), min(q.id), EXISTS (SELECT 1 FROM quotation_speakers o
           WHERE o.quotation_id = q.quotation_id AND o.speaker_id <> q.speaker_id)
    FROM quotes q WHERE q.article_id = ANY(:articles) AND q.quotation_id IS NOT NULL
         AND q.speaker_id IS NOT NULL AND NOT q.hidden
    GROUP BY q.quotation_id, q.speaker_id
    ON CONFLICT (quotation_id, speaker_id)
    DO UPDATE SET occurrences = quotation_speakers.occurrences + excluded.occurrences
    RETURNING quotation_id, speaker_id, occurrences, first_quote_id, disputed
), added AS (
    SELECT q.quotation_id, count(*) AS n, max(length(q.text)) AS longest,
           min(coalesce(a.published_at, a.created_at)) AS first,
           max(coalesce(a.published_at, a.created_at)) AS last
    FROM quotes q JOIN articles a ON a.id = q.article_id
    WHERE q.article_id = ANY(:articles) AND a.id = ANY(:articles) AND q.quotation_id IS NOT NULL
          AND NOT q.hidden
    GROUP BY q.quotation_id
), credits AS (
    SELECT quotation_id, speaker_id, occurrences, first_quote_id, disputed FROM credited
    UNION ALL
    SELECT c.quotation_id, c.speaker_id, c.occurrences, c.first_quote_id, c.disputed
    FROM quotation_speakers c WHERE c.quotation_id IN (SELECT quotation_id FROM added) AND NOT EXISTS
         (SELECT 1 FROM credited n WHERE n.quotation_id = c.quotation_id AND n.speaker_id = c.speaker_id)
)
UPDATE quotations SET
    occurrences = quotations.occurrences + added.n,
    first_seen = CASE WHEN quotations.first_seen IS NULL OR quotations.first_seen > added.first
                 THEN added.first ELSE quotations.first_seen END,
    last_seen = CASE WHEN quotations.last_seen IS NULL OR quotations.last_seen < added.last THEN added.last
                ELSE quotations.last_seen END,
    text = CASE WHEN quotations.occurrences = 0 OR added.longest > length(quotations.text)
           THEN (SELECT text FROM quotes WHERE article_id = ANY(:articles) AND quotation_id = quotations.id
                 AND NOT hidden ORDER BY length(text) DESC, id LIMIT 1)
           ELSE quotations.text END,
    speakers = (SELECT count(*) FROM credits WHERE credits.quotation_id = quotations.id),
    outlets = (SELECT count(*) FROM quotation_outlets o WHERE o.quotation_id = quotations.id),
    speaker_id = (SELECT speaker_id FROM credits WHERE credits.quotation_id = quotations.id
                  ORDER BY occurrences DESC, first_quote_id LIMIT 1)
FROM added WHERE quotations.id = added.quotation_id
RETURNING quotations.id, (SELECT count(*) FROM credits WHERE credits.quotation_id = quotations.id) > 1
    AND EXISTS (SELECT 1 FROM credits WHERE credits.quotation_id = quotations.id AND NOT credits.disputed)"""
).bindparams(bindparam("articles", type_=ARRAY(Integer)))


def add_reports(session: Session, articles: list[Article]) -> None:
    """Add the articles' quotes (inserted, with their quotations) to those quotations' counts and figures,
    all the articles at once (a loader's batch, or one): one statement on PostgreSQL, three on SQLite, one
    more when a quotation is credited to a second speaker for the first time (a new credit of a disputed
    one is written disputed). Each quotation is seen first and last at its articles' publication dates
    (else the time they were stored), as a recount counts it."""
    dialect = session.get_bind().dialect.name
    credits, published, figures = _adding(dialect)
    ids = sorted(article.id for article in articles)
    if any(article.publisher_id is not None for article in articles):
        session.execute(published, {"articles": ids})
    if dialect == "postgresql":
        changed = session.execute(CREDITS_AND_FIGURES, {"articles": ids})
    else:
        session.execute(credits, {"articles": ids})
        changed = session.execute(figures, {"articles": ids})
    newly = sorted(quotation for quotation, disputed in changed if disputed)
    if newly:  # credited to a second speaker for the first time: every credit of it is disputed now
        session.execute(update(CREDITED).where(CREDITED.c.quotation_id.in_(newly)).values(disputed=True))


def recount_quotations(session: Session, ids) -> None:
    """Count these quotations' figures again from their visible quotes (after a correction or a
    re-extraction): one with none left has no figures (occurrences 0), and no list shows it."""
    ids = sorted(set(ids) - {None})
    for start in range(0, len(ids), CHUNK):
        _recount(session, ids[start : start + CHUNK])
    session.expire_all()


def _recount(session: Session, ids: list[int]) -> None:
    session.execute(delete(CREDITED).where(CREDITED.c.quotation_id.in_(ids)))
    session.execute(delete(PUBLISHED).where(PUBLISHED.c.quotation_id.in_(ids)))
    session.execute(
        _insert(session, CREDITED).from_select(
            ["quotation_id", "speaker_id", "occurrences", "first_quote_id"],
            _credits(QUOTES.c.quotation_id.in_(ids)),
        )
    )
    of_them = (QUOTES.c.quotation_id.in_(ids), QUOTES.c.hidden.is_(False))
    session.execute(
        _insert(session, PUBLISHED).from_select(
            ["quotation_id", "outlet_id", "occurrences"],
            select(QUOTES.c.quotation_id, ARTICLES.c.publisher_id, func.count())
            .join_from(QUOTES, ARTICLES, ARTICLES.c.id == QUOTES.c.article_id)
            .where(*of_them, ARTICLES.c.publisher_id.is_not(None))
            .group_by(QUOTES.c.quotation_id, ARTICLES.c.publisher_id),
        )
    )
    of_it = (QUOTES.c.quotation_id == QUOTATIONS.c.id, QUOTES.c.hidden.is_(False))
    seen = func.coalesce(ARTICLES.c.published_at, ARTICLES.c.created_at)

    def over_articles(value):
        return (
            select(value)
            .join_from(QUOTES, ARTICLES, ARTICLES.c.id == QUOTES.c.article_id)
            .where(*of_it)
            .scalar_subquery()
        )

    session.execute(
        update(QUOTATIONS)
        .where(QUOTATIONS.c.id.in_(ids))
        .values(
            occurrences=select(func.count()).select_from(QUOTES).where(*of_it).scalar_subquery(),
            first_seen=over_articles(func.min(seen)),
            last_seen=over_articles(func.max(seen)),
            text=func.coalesce(
                select(QUOTES.c.text)
                .where(*of_it)
                .order_by(func.length(QUOTES.c.text).desc(), QUOTES.c.id)
                .limit(1)
                .scalar_subquery(),
                QUOTATIONS.c.text,
            ),
            **_kept_columns(QUOTATIONS.c.id),
        )
        .execution_options(synchronize_session=False)
    )
    disputed = select(QUOTATIONS.c.speakers).where(QUOTATIONS.c.id == CREDITED.c.quotation_id)
    session.execute(
        update(CREDITED)
        .where(CREDITED.c.quotation_id.in_(ids))
        .values(disputed=disputed.scalar_subquery() > 1)
    )


def quotations_of(session: Session, quote_ids) -> set[int]:
    """The quotations these quotes report."""
    quote_ids = sorted(set(quote_ids))
    found: set[int] = set()
    for start in range(0, len(quote_ids), CHUNK):
        chosen = QUOTES.c.id.in_(quote_ids[start : start + CHUNK])
        found |= set(session.scalars(select(QUOTES.c.quotation_id).where(chosen)))
    return found - {None}
