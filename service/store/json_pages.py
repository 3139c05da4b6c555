"""A page of rows as the text of a JSON array, the shape of the rows' schemas (rows.py).

A page of 20 quotations as ORM objects dumped by marshmallow cost ~14 ms of Python; as one joined row each,
turned into dicts by rows.FlatRows, ~1 ms; as JSON text built by PostgreSQL, which Python passes through, a
few tenths. So on PostgreSQL a page is one statement that returns its JSON text, written by the SQL
rows.json_sql makes from the schema; elsewhere the rows are read flat and encoded here.
"""

import json
from typing import NamedTuple

from sqlalchemy import ColumnClause, TextClause, func, literal_column, select, text

from .models import Quote, Speaker
from .rows import QuoteSchema, SpeakerDetailSchema, SpeakerSchema, json_sql
from .statements import derived


class JsonRows(NamedTuple):
    """A page of rows (quotations or speakers) as the text of a JSON array, how many it holds and the highest
    id among them (where a keyset page in id order ends); `total`: the rows of a select counted by the same
    statement (speakers.speaker_rows_json's `counting`, quotes.quote_rows_json's `total`), else None."""

    text: str
    count: int
    highest_id: int | None
    total: int | None = None

    @classmethod
    def encoded(cls, rows: list[dict], ids: list[int]) -> "JsonRows":
        """Rows written by Python: encoded here."""
        return cls(json.dumps(rows), len(rows), max(ids, default=None))


class PageTemplate(NamedTuple):
    """A page of rows as JSON, written by PostgreSQL around the ids a select picks (the CTE page_ids): the
    JSON array of the rows in the ids' order (an array keeps the order its select gives; WITH ORDINALITY
    numbers it), the highest id among them, and the joins that reach each row's columns. Built once, as
    SQLAlchemy text, so that a page is one statement whose compiled form SQLAlchemy keeps: compiling the ids'
    select into SQL text for every request cost more Python than the database spends running it."""

    name: str
    rows: ColumnClause
    highest: ColumnClause
    source: TextClause


def page_template(name: str, schema, model) -> PageTemplate:
    """The PageTemplate of `schema`'s rows, read from `model`'s table."""
    table = model.__table__.name
    row, joins = json_sql(schema, model, table)
    source = "\n".join(
        [
            "unnest(ARRAY(SELECT page_ids.id FROM page_ids)) WITH ORDINALITY AS page (id, position)",
            f"JOIN {table} ON {table}.id = page.id",
            *joins,
        ]
    )
    rows = f"coalesce(json_agg({row} ORDER BY page.position)::text, '[]')"
    return PageTemplate(name, literal_column(rows), literal_column(f"max({table}.id)"), text(source))


QUOTE_PAGE_JSON = page_template("quotes", QuoteSchema(), Quote)
SPEAKER_PAGE_JSON = page_template("speakers", SpeakerSchema(), Speaker)
SPEAKER_JSON = (
    f"SELECT {json_sql(SpeakerDetailSchema(), Speaker, 'speakers')[0]}::text "
    "FROM speakers WHERE speakers.id = %(id)s OR speakers.slug = %(slug)s"
)


def page_statement(template: PageTemplate, ids_statement, total=None):
    """The page's JSON, its row count and highest id; with `total`, a select of one number, also that
    number."""
    columns, ctes = [template.rows, func.count(), template.highest], [ids_statement.cte("page_ids")]
    if total is not None:  # a CTE read by text: a subquery of ORM columns would make this an ORM select
        columns.append(literal_column("(SELECT page_total.n FROM page_total)"))
        ctes.append(total.cte("page_total"))
    return select(*columns).select_from(template.source).add_cte(*ctes)


def fetch_page(
    connection, template: PageTemplate, ids_statement, params: dict | None, total=None
) -> JsonRows:
    """One page written by PostgreSQL: one statement, made once for a kept select (statements.derived)."""
    statement = derived(
        ids_statement, (template.name, total), lambda: page_statement(template, ids_statement, total)
    )
    return JsonRows(*connection.execute(statement, params).one())
