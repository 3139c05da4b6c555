"""Migration 0014 on a database with rows: its quotes come out visible and counted as before, and going down
and up again loses nothing but the corrections' own tables."""

from flask_migrate import downgrade, upgrade
from sqlalchemy import func, inspect, select

from service.extensions import db
from service.store.models import Quote, Speaker


def test_existing_quotes_are_visible_after_0014_and_downgrade_keeps_them(editable_app):
    with editable_app.app_context():
        counts = dict(db.session.execute(select(Speaker.id, Speaker.quote_count)).all())
        db.session.remove()  # no transaction of ours may hold the tables the migration alters
        downgrade(revision="0012")
        assert "changes" not in inspect(db.engine).get_table_names()
        assert "hidden" not in {c["name"] for c in inspect(db.engine).get_columns("quotes")}
        upgrade()
        assert db.session.scalar(select(func.count()).where(Quote.hidden)) == 0
        assert db.session.scalar(select(func.count()).select_from(Quote)) == 21
        assert dict(db.session.execute(select(Speaker.id, Speaker.quote_count)).all()) == counts
        db.session.remove()
    client = editable_app.test_client()
    assert client.get("/api/v1/quotes").get_json()["pagination"]["total"] == 21
