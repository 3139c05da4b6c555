"""The rows a list answers with are defined once, by their schemas (store/rows.py): the faster writers made
from each schema write exactly what the schema dumps, and a field added to a schema reaches both."""

import json

import pytest
from marshmallow import fields
from sqlalchemy import select

from service.extensions import db
from service.store.json_pages import QUOTE_PAGE_JSON, page_statement, page_template
from service.store.models import Quote
from service.store.quotes import quote_rows
from service.store.rows import FlatRows, QuoteSchema, json_sql


def test_flat_rows_write_what_the_quote_schema_dumps(seeded_app):
    with seeded_app.app_context():
        quotes = db.session.scalars(select(Quote).order_by(Quote.id)).all()
        dumped = QuoteSchema(many=True).dump(quotes)
        flat = quote_rows(select(Quote.id).order_by(Quote.id), [Quote.id])
    assert len(dumped) > 20 and flat == dumped
    assert any(q["speaker_mention"] for q in flat) and any(q["spoke_to"] is None for q in flat)
    assert all(q["parts"] for q in flat) and all(q["article"]["title"] for q in flat)


def test_postgresql_writes_what_the_quote_schema_dumps(seeded_app, database_url):
    if not database_url.startswith("postgresql"):
        pytest.skip("the JSON is PostgreSQL's own: checked where it runs")
    with seeded_app.app_context():
        quotes = db.session.scalars(select(Quote).order_by(Quote.id)).all()
        dumped = QuoteSchema(many=True).dump(quotes)
        page = page_statement(QUOTE_PAGE_JSON, select(Quote.id).order_by(Quote.id))
        written, count, highest = db.session.execute(page).one()
    assert json.loads(written) == dumped and count == len(dumped) and highest == dumped[-1]["id"]


class WithRule(QuoteSchema):
    """A quotation with one field more: the only edit a new column's field needs."""

    rule = fields.String()


def test_a_field_added_to_a_schema_reaches_both_writers(seeded_app):
    row_sql, joins = json_sql(WithRule(), Quote, "quotes")
    assert "'rule', quotes.rule" in row_sql and joins == [
        "JOIN articles ON articles.id = quotes.article_id",
        "LEFT JOIN speakers ON speakers.id = quotes.speaker_id",
        "LEFT JOIN outlets AS spoke_to ON spoke_to.id = quotes.spoke_to_id",
        "LEFT JOIN outlets AS article_publisher ON article_publisher.id = articles.publisher_id",
    ]
    reader = FlatRows(WithRule(), Quote)
    with seeded_app.app_context():
        quotes = db.session.scalars(select(Quote).order_by(Quote.id)).all()
        statement = reader.select(select(Quote.id).subquery(), [Quote.id])
        flat = [reader.read(row) for row in db.session.execute(statement)]
        assert flat == WithRule(many=True).dump(quotes) and all(q["rule"] for q in flat)
        if db.engine.dialect.name == "postgresql":
            template = page_template("with rule", WithRule(), Quote)
            written = db.session.execute(page_statement(template, select(Quote.id).order_by(Quote.id))).one()[
                0
            ]
            assert json.loads(written) == flat
