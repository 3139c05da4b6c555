"""The figures the pages show beside a list: who spoke to which outlet, in which articles, month by month."""

from sqlalchemy import func, select

from ..extensions import db
from .models import Article, Outlet, Quote, Speaker

VISIBLE = Quote.hidden.is_(False)  # an editor's hidden quotations count nowhere


def speaker_outlets(speaker_id: int) -> list[dict]:
    """The outlets a speaker spoke to, most quoted first (an index-only scan: count(*), not count(id))."""
    rows = db.session.execute(
        select(Outlet.id, Outlet.name, Outlet.slug, func.count().label("quote_count"))
        .join(Quote, Quote.spoke_to_id == Outlet.id)
        .where(Quote.speaker_id == speaker_id, VISIBLE)
        .group_by(Outlet.id, Outlet.name, Outlet.slug)
        .order_by(func.count().desc(), Outlet.id)
    )
    return [row._asdict() for row in rows]


def speaker_article_count(speaker_id: int) -> int:
    return db.session.scalar(
        select(func.count(func.distinct(Quote.article_id))).where(Quote.speaker_id == speaker_id, VISIBLE)
    )


def quotes_per_month(speaker_id: int) -> list[tuple[str, int]]:
    """("YYYY-MM", quotations) for each month the speaker's articles were published in, oldest first."""
    month = _month_of(Article.published_at)
    rows = db.session.execute(
        select(month.label("month"), func.count().label("n"))
        .select_from(Quote)
        .join(Article, Article.id == Quote.article_id)
        .where(Quote.speaker_id == speaker_id, Article.published_at.is_not(None), VISIBLE)
        .group_by(month)
        .order_by(month)
    )
    return [(row.month, row.n) for row in rows]


def _month_of(column):
    if db.session.get_bind().dialect.name == "postgresql":
        return func.to_char(func.timezone("UTC", column), "YYYY-MM")
    return func.strftime("%Y-%m", column)


def article_speakers(article_id: int) -> list[dict]:
    """The speakers quoted in one article, most quoted first."""
    rows = db.session.execute(
        select(Speaker.id, Speaker.name, Speaker.slug, Speaker.kind, func.count().label("quote_count"))
        .join(Quote, Quote.speaker_id == Speaker.id)
        .where(Quote.article_id == article_id, VISIBLE)
        .group_by(Speaker.id, Speaker.name, Speaker.slug, Speaker.kind)
        .order_by(func.count().desc(), Speaker.name)
    )
    return [row._asdict() for row in rows]


def outlet_speakers(outlet_id: int, limit: int = 50) -> list[dict]:
    """The speakers who spoke to an outlet, most quoted first."""
    rows = db.session.execute(
        select(Speaker.id, Speaker.name, Speaker.slug, func.count().label("quote_count"))
        .join(Quote, Quote.speaker_id == Speaker.id)
        .where(Quote.spoke_to_id == outlet_id, VISIBLE)
        .group_by(Speaker.id, Speaker.name, Speaker.slug)
        .order_by(func.count().desc(), Speaker.name)
        .limit(limit)
    )
    return [row._asdict() for row in rows]
