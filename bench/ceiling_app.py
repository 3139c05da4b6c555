"""The real app (every hook: request log, guards, cache lookup) with routes that read the database with
nothing of ours in between: what an uncached read could cost at best on a machine, for bench/ceiling.py."""

import psycopg
from flask import Response, jsonify
from sqlalchemy import bindparam, literal_column, select
from sqlalchemy.dialects import postgresql

from service.app import create_app
from service.extensions import db
from service.store.json_pages import QUOTE_PAGE_JSON, page_statement
from service.store.models import Quote

app = create_app()
KEYSET_PAGE = str(
    page_statement(
        QUOTE_PAGE_JSON,
        select(Quote.id).where(Quote.id > bindparam("after")).order_by(Quote.id).limit(literal_column("20")),
    ).compile(dialect=postgresql.dialect())
)
_connection = None


def run(sql: str, params: dict | None):
    """One statement on this worker's own autocommit connection: no pool, no SQLAlchemy, no statement
    built."""
    global _connection
    if _connection is None:
        url = db.engine.url
        _connection = psycopg.connect(
            host=url.host,
            port=url.port,
            user=url.username,
            dbname=url.database,
            autocommit=True,
            options="-c join_collapse_limit=1",
        )
    return _connection.execute(sql, params).fetchone()


@app.get("/ceiling/app")
def app_alone():
    return jsonify(status="ok", items=[1, 2, 3])


@app.get("/ceiling/select-one")
def select_one():
    return jsonify(status="ok", items=list(run("SELECT 1, 2, 3", None)))


@app.get("/ceiling/keyset")
def keyset_page():
    text, count, highest = run(KEYSET_PAGE, {"after": 100000})
    return Response(
        f'{{"data":{text},"pagination":{{"per_page":20,"next_after":{highest}}}}}',
        mimetype="application/json",
    )
