"""What makes two reports one quotation (store/quotations.py), on words written for it, and the same rules
through the loader and the migration that matches the quotes already stored."""

import threading
import time
from datetime import datetime, timezone

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import select

from service.extensions import db
from service.store.articles import NewArticle, store_article, store_articles
from service.store.loader import load_paths
from service.store.models import Quotation, QuotationOutlet, QuotationSpeaker, Quote
from service.store.quotation_figures import recount_quotations
from service.store.quotations import normalise, same_quotation

LONG = "We will not raise taxes on working families while I hold this office"


@pytest.mark.parametrize(
    "one, other, same",
    [
        (f"“{LONG}.”", f'"{LONG.upper()}"', True),  # marks, case
        (f"“{LONG} — and that is final.”", f"{LONG}, and that is final", True),  # dashes, punctuation
        (f"“{LONG}.”", "“We will not raise taxes on [working] families while I hold this office.”", True),
        (f"“{LONG}.”", "“We will not raise taxes ... while I hold this office.”", True),  # an ellipsis
        (f"“{LONG}.”", "“We will not raise taxes […] while I hold this office.”", True),
        (f"“{LONG}.”", "“We will not raise taxes on working families.”", True),  # a cut end: 8 words
        (f"“{LONG}.”", "“We will not raise taxes on families.”", False),  # 7 words, not a run of it
        (f"“{LONG}.”", "“We won't raise taxes on working families while I hold this office.”", True),
        (f"“{LONG}.”", "“We will not raise rents on working people while you hold that office.”", False),
        (f"“{LONG}.”", "“We will cut taxes for working families before the end of this year.”", False),
        ("The boats can come back to berth 3.", "“The boats can come back to berth 4.”", False),
        ("We will see.", "“We will see.”", False),  # below the floor: never matched, whoever says it
        ("We will see what happens next.", "“We will see what happens next!”", True),  # six words
        ("We will see what happens.", "We will see what happens.", False),  # five
    ],
)
def test_when_two_reports_are_one_quotation(one, other, same):
    assert same_quotation(normalise(one), normalise(other)) is same
    assert same_quotation(normalise(other), normalise(one)) is same


def article(title: str, speaker: str, words: str, outlet: str) -> str:
    return f"{title}\n\n{speaker} told {outlet}: “{words}”\n\nNothing else was said."


def test_short_quotations_stay_apart_and_long_ones_join_across_speakers(empty_app, tmp_path):
    texts = {
        "a.txt": article("Talks stall", "Helena Marsh", "We will see.", "Reuters"),
        "b.txt": article("Port dispute", "Tom Reyes", "We will see.", "Daily Post"),
        "c.txt": article(
            "Talks resume", "Helena Marsh", "Nobody leaves this room until we have a deal.", "Reuters"
        ),
        "d.txt": article(
            "Deal done", "Tom Reyes", "Nobody leaves this room until we have a deal!", "Daily Post"
        ),
    }
    for name, text in texts.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    with empty_app.app_context():
        assert load_paths([tmp_path]).new == 4
        assert None not in db.session.scalars(select(Quote.quotation_id)).all()
        short = [
            q.quotation_id for q in db.session.scalars(select(Quote).where(Quote.text.like("%will see%")))
        ]
        assert len(set(short)) == 2  # the same three words, two speakers: two quotations
        long = {q.quotation_id for q in db.session.scalars(select(Quote).where(Quote.text.like("%Nobody%")))}
        assert len(long) == 1
        deal = db.session.get(Quotation, long.pop())
        assert (deal.occurrences, deal.speakers) == (2, 2)
        before = sorted(db.session.execute(select(Quote.id, Quote.quotation_id)).all())
        assert load_paths([tmp_path]).unchanged == 4  # loading again is idempotent
        assert sorted(db.session.execute(select(Quote.id, Quote.quotation_id)).all()) == before


def test_the_migration_matches_the_quotes_already_stored(empty_app, tmp_path):
    texts = {
        "a.txt": article("One", "Helena Marsh", f"{LONG}.", "Reuters"),
        "b.txt": article("Two", "Helena Marsh", "We will not raise taxes on working families.", "Daily Post"),
        "c.txt": article(
            "Three", "Tom Reyes", "The harbour will close for good at the end of May.", "Reuters"
        ),
    }
    for name, text in texts.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    with empty_app.app_context():
        load_paths([tmp_path])
        groups = _groups()
        figures = _figures()
        assert sorted(len(g) for g in groups) == [1, 2]
        db.session.remove()
        downgrade(revision="0012")
        upgrade()
        assert _groups() == groups
        assert _figures() == figures


def _groups() -> list[set[str]]:
    rows = db.session.execute(select(Quote.quotation_id, Quote.text)).all()
    groups: dict[int, set[str]] = {}
    for quotation_id, text in rows:
        groups.setdefault(quotation_id, set()).add(text)
    return sorted(groups.values(), key=sorted)


def _figures() -> list[tuple]:
    return sorted(
        db.session.execute(
            select(Quotation.text, Quotation.occurrences, Quotation.outlets, Quotation.speakers)
        ).all()
    )


def test_two_stores_racing_with_the_same_words_make_one_quotation(empty_app):
    """Both transactions match before either commits (each holds its transaction open a moment): without
    the matching lock each would make a quotation of its own. The speaker and outlet are known already (two
    stores making the same new speaker clash on its key; the loader retries those)."""
    from service.extraction import extract

    known = article("Known", "Helena Marsh", "The harbour will close for good at the end of May.", "Reuters")
    texts = [article(f"Race {i}", "Helena Marsh", f"{LONG}.", "Reuters") for i in range(2)]
    extractions = [extract(text) for text in [known, *texts]]
    with empty_app.app_context():
        store_article(db.session, NewArticle(title="Known", text=known), extractions.pop(0))
        db.session.commit()
        db.session.remove()
    start, failures = threading.Barrier(2), []

    def store(i: int) -> None:
        with empty_app.app_context():
            try:
                start.wait()
                store_article(db.session, NewArticle(title=f"Race {i}", text=texts[i]), extractions[i])
                time.sleep(0.3)
                db.session.commit()
            except Exception as error:  # reported below: a thread's exception is not the test's
                failures.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=store, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert failures == []
    with empty_app.app_context():
        [quotation] = db.session.scalars(select(Quotation).where(Quotation.text.contains("taxes"))).all()
        assert quotation.occurrences == 2


def test_reports_of_one_quotation_in_one_batch_join_and_count_as_a_recount_would(empty_app):
    """A batch is matched in one pass (store_articles): two of its articles reporting the same words, one of
    them near-identical, make one quotation, and the figures kept for the batch are those a recount from the
    quotes gives. A later batch adds onto it."""
    from service.extraction import extract

    near = "We won't raise taxes on working families while I hold this office"
    batch = [
        (article("One", "Helena Marsh", f"{LONG}.", "Reuters"), "Daily Post", 9),
        (article("Two", "Tom Reyes", f"{near}!", "Daily Post"), "Evening Star", 3),
        (
            article("Three", "Tom Reyes", "The harbour will close for good at the end of May.", "Reuters"),
            None,
            5,
        ),
    ]
    later = article("Four", "Helena Marsh", f"{LONG}, she said again.", "Reuters")
    with empty_app.app_context():
        stored = store_articles(
            db.session,
            [
                (
                    NewArticle(
                        title=text.split("\n")[0],
                        text=text,
                        publisher=publisher,
                        published_at=datetime(2025, 1, day, 12, tzinfo=timezone.utc),
                    ),
                    extract(text),
                )
                for text, publisher, day in batch
            ],
        )
        db.session.commit()
        assert [one.quotes for one in stored] == [1, 1, 1]
        taxes = {
            q.quotation_id for q in db.session.scalars(select(Quote).where(Quote.text.contains("taxes")))
        }
        assert len(taxes) == 1
        kept = _kept()
        [quotation] = [row for row in kept[0] if "taxes" in row[1]]
        assert quotation[2:7] == (2, 2, 2, datetime(2025, 1, 3, 12), datetime(2025, 1, 9, 12))
        assert {row[2] for row in kept[1] if row[0] == quotation[0]} == {True}  # two speakers: disputed
        recount_quotations(db.session, db.session.scalars(select(Quotation.id)).all())
        assert _kept() == kept
        store_article(db.session, NewArticle(title="Four", text=later), extract(later))
        db.session.commit()
        assert db.session.get(Quotation, quotation[0]).occurrences == 3


def _kept() -> tuple[list, list, list]:
    """Every quotation's figures and the counts behind them, dates without their zone (SQLite keeps none)."""
    quotations = [
        (
            q.id,
            q.text,
            q.occurrences,
            q.outlets,
            q.speakers,
            *(d and d.replace(tzinfo=None) for d in (q.first_seen, q.last_seen)),
            q.speaker_id,
        )
        for q in db.session.scalars(select(Quotation).order_by(Quotation.id))
    ]
    credited = db.session.execute(
        select(
            QuotationSpeaker.quotation_id,
            QuotationSpeaker.speaker_id,
            QuotationSpeaker.disputed,
            QuotationSpeaker.occurrences,
            QuotationSpeaker.first_quote_id,
        ).order_by(QuotationSpeaker.quotation_id, QuotationSpeaker.speaker_id)
    ).all()
    published = db.session.execute(
        select(QuotationOutlet.quotation_id, QuotationOutlet.outlet_id, QuotationOutlet.occurrences).order_by(
            QuotationOutlet.quotation_id, QuotationOutlet.outlet_id
        )
    ).all()
    db.session.expire_all()
    return quotations, [tuple(r) for r in credited], [tuple(r) for r in published]


def test_a_quote_joins_what_it_would_join_stored_one_at_a_time_whatever_the_batch(empty_app):
    """The batch's new quotations compete with the stored ones by the word triples they share: a long quote
    joins the new quotation it shares most with, as it would had that one been stored first."""
    from service.extraction.quotes import Extraction
    from service.extraction.quotes import Quote as Extracted

    words = (
        "the harbour board will rebuild the north pier and the old fish market before the summer season "
        "opens for the ferries"
    ).split()

    def reported(title: str, spoken: list[str]):
        text = f"{title}\n\n{' '.join(spoken)}"
        quote = Extracted(
            " ".join(spoken), len(title) + 2, len(text), "direct", None, None, None, None, None, "x"
        )
        return NewArticle(title=title, text=text), Extraction([quote], {}, None)

    with empty_app.app_context():
        store_article(db.session, *reported("First", words[:10]))  # a short report, stored before
        db.session.commit()
        store_articles(db.session, [reported("Second", words[2:]), reported("Third", words)])
        db.session.commit()
        first, second, third = db.session.scalars(select(Quote.quotation_id).order_by(Quote.id)).all()
    assert third == second != first
