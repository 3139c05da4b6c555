"""The counts kept on rows, recounted from the visible quotes after a correction or a re-extraction: a
speaker's quotes and dates, an outlet's quotes spoken to, and the figures of the quotations the changed
quotes report (quotation_figures.py)."""

from collections.abc import Iterable

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from .models import Article, Outlet, Quote, Speaker
from .quotation_figures import quotations_of, recount_quotations


def recount(
    session: Session,
    speaker_ids: set[int],
    outlet_ids: set[int] = frozenset(),
    quotes: Iterable[int] = (),
    quotations: Iterable[int] = (),
) -> None:
    """The kept statistics of these speakers and outlets, and the figures of these quotations and of those
    the `quotes` (ids) report, recounted from their visible quotes."""
    seen = func.coalesce(Article.published_at, Article.created_at)
    visible = Quote.hidden.is_(False)
    of_speaker = (Quote.speaker_id == Speaker.id) & visible
    if speaker_ids:
        session.execute(
            update(Speaker)
            .where(Speaker.id.in_(speaker_ids))
            .values(
                quote_count=select(func.count(Quote.id)).where(of_speaker).scalar_subquery(),
                first_seen=select(func.min(seen)).join(Quote.article).where(of_speaker).scalar_subquery(),
                last_seen=select(func.max(seen)).join(Quote.article).where(of_speaker).scalar_subquery(),
            )
            .execution_options(synchronize_session=False)
        )
    if outlet_ids:
        session.execute(
            update(Outlet)
            .where(Outlet.id.in_(outlet_ids))
            .values(
                quotes_spoken_to=select(func.count(Quote.id))
                .where(Quote.spoke_to_id == Outlet.id, visible)
                .scalar_subquery()
            )
            .execution_options(synchronize_session=False)
        )
    recount_quotations(session, set(quotations) | quotations_of(session, quotes))
    session.expire_all()
