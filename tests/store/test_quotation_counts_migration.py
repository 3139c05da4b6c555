"""Migration 0016 on a database with rows: the count tables it fills and the figures it counts are those the
loader kept report by report, but for a quote an editor hid, which no longer counts."""

from flask_migrate import downgrade, upgrade
from sqlalchemy import func, inspect, select, text, update

from service.extensions import db
from service.store.models import Article, Quotation, QuotationOutlet, QuotationSpeaker, Quote

FIGURES = (Quotation.id, Quotation.occurrences, Quotation.outlets, Quotation.speakers, Quotation.speaker_id)


def state():
    return (
        set(db.session.execute(select(*FIGURES)).all()),
        set(db.session.execute(select(QuotationSpeaker.__table__)).all()),
        set(db.session.execute(select(QuotationOutlet.__table__)).all()),
    )


def credited(quotation_id: int) -> int:
    of_it = QuotationSpeaker.quotation_id == quotation_id
    return db.session.scalar(select(func.coalesce(func.sum(QuotationSpeaker.occurrences), 0)).where(of_it))


def test_0016_counts_the_stored_reports_as_loading_kept_them_and_leaves_hidden_ones_out(editable_app):
    with editable_app.app_context():
        kept = state()
        assert kept[1]  # the seeds credit speakers
        db.session.remove()  # no transaction of ours may hold the tables the migration alters
        downgrade(revision="0015")
        assert "quotation_speakers" not in inspect(db.engine).get_table_names()
        upgrade()
        assert state() == kept  # the backfill agrees with what loading kept

        quote = db.session.scalars(select(Quote).where(Quote.speaker_id.is_not(None)).limit(1)).one()
        quotation_id, before = quote.quotation_id, db.session.get(Quotation, quote.quotation_id).occurrences
        credited_before = credited(quotation_id)
        db.session.remove()
        downgrade(revision="0015")
        with db.engine.begin() as connection:
            connection.execute(update(Quote.__table__).where(Quote.id == quote.id).values(hidden=True))
            connection.execute(text("INSERT INTO outlets (name, slug, key) VALUES ('Wire', 'wire', 'wire')"))
            connection.execute(
                update(Article.__table__).values(
                    publisher_id=text("(SELECT id FROM outlets WHERE slug = 'wire')")
                )
            )
        upgrade()
        assert db.session.get(Quotation, quotation_id).occurrences == before - 1
        assert credited(quotation_id) == credited_before - 1
        published = dict(
            db.session.execute(select(QuotationOutlet.quotation_id, QuotationOutlet.occurrences)).all()
        )
        figures = db.session.execute(select(Quotation.id, Quotation.occurrences, Quotation.outlets)).all()
        assert {q: n for q, n, _ in figures if n} == published  # every visible report published by Wire
        assert {outlets for _, n, outlets in figures if n} == {1}
        db.session.remove()
