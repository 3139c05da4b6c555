"""Page-number pagination (totals counted up to a cap) and keyset pagination; X-Pagination and RFC 8288 Link
headers."""

import json
import math
from urllib.parse import quote, urlencode

from flask import Response, current_app, request
from marshmallow import Schema, fields, validate
from sqlalchemy import Integer, bindparam, func, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import ClauseElement, Executable
from sqlalchemy.sql.visitors import InternalTraversal

from ..extensions import db
from ..store.json_pages import JsonRows
from ..store.statements import COUNT_LIMIT, PAGE_SIZE, SKIP, derived


class PageArgs(Schema):
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=10_000_000))
    per_page = fields.Integer(
        load_default=20,
        validate=validate.Range(min=1),
        metadata={"description": "Rows per page; capped at the server's maximum (100 by default)."},
    )


class PaginationSchema(Schema):
    page = fields.Integer()
    per_page = fields.Integer()
    total = fields.Integer(
        metadata={
            "description": "Matching rows: counted when there are at most the server's "
            "cap (10,000; for a text search 1,000), else PostgreSQL's "
            "estimate or the cap; on the last page, always exact; for `speaker` or "
            "`spoke_to` alone, the counts kept on their rows."
        }
    )
    total_exact = fields.Boolean(
        metadata={
            "description": "False when `total` is not a count: an estimate (PostgreSQL) or the cap (SQLite)."
        }
    )
    pages = fields.Integer()
    next_after = fields.Integer(
        allow_none=True,
        metadata={
            "description": "Keyset pagination only: pass as `after` for the next page (null on the last "
            "page)."
        },
    )


def page_schema(item_schema, name: str):
    """An envelope schema {data: [...], pagination: {...}} for one resource."""
    return Schema.from_dict(
        {
            "data": fields.List(fields.Nested(item_schema)),
            "pagination": fields.Nested(PaginationSchema),
        },
        name=name,
    )


def orm_objects(statement, params: dict) -> list:
    return db.session.scalars(statement, params).unique().all()


def row_tuples(statement, params: dict) -> list:
    return db.session.execute(statement, params).all()


def paginate(
    statement,
    args: dict,
    fetch=orm_objects,
    count_up_to: int | None = None,
    total: int | None = None,
    estimate: bool = True,
    count_with_page: bool = False,
    params: dict | None = None,
):
    """Run a select for one page; returns (body, headers). `fetch(statement, params)` turns the page's
    statement into rows; `params` are the select's own parameters (a kept select's filter values:
    store/statements.derived). A page shorter than `per_page` is the last, so its rows give the total and
    nothing is counted (a search or an article's quotations in one round trip). Otherwise, where PostgreSQL's
    estimate is above `count_up_to` (default: the count cap) the estimate is the total; `estimate=False`
    counts without asking (tables of a few thousand rows: asking cost more than counting); `count_with_page`
    hands `fetch` the count's select too (`counting=`), for a fetch that counts in the page's own statement
    (JsonRows.total). A `total` known from elsewhere (a speaker's kept count) is used as it is, up to the cap.
    """
    per_page = min(args["per_page"], current_app.config["QUOTEDB_MAX_PER_PAGE"])
    page = args["page"]
    cap = current_app.config["QUOTEDB_COUNT_CAP"]
    params = {**(params or {}), "size": per_page, "skip": (page - 1) * per_page, "count_limit": cap + 1}
    first = derived(statement, "page", lambda: statement.limit(PAGE_SIZE))
    paged = derived(statement, "later page", lambda: first.offset(SKIP)) if page > 1 else first
    rows = fetch(paged, params, counting=up_to_cap(statement)) if count_with_page else fetch(paged, params)
    on_page = rows.count if isinstance(rows, JsonRows) else len(rows)
    if on_page < per_page and (on_page or page == 1):  # the last page: the total is known without asking
        total, exact = (page - 1) * per_page + on_page, True
    elif total is not None:
        total, exact = min(total, cap), total <= cap
    elif isinstance(rows, JsonRows) and rows.total is not None:
        total, exact = min(rows.total, cap), rows.total <= cap
    else:
        total, exact = counted_rows(statement, params, cap, count_up_to or cap, estimate)
    pages = max(1, math.ceil(total / per_page))
    meta = {"page": page, "per_page": per_page, "total": total, "total_exact": exact, "pages": pages}
    headers = {"X-Pagination": json.dumps(meta)}
    links = _links(page, pages, per_page)
    if links:
        headers["Link"] = ", ".join(f'<{url}>; rel="{rel}"' for rel, url in links)
    return {"data": rows, "pagination": meta}, headers


def counted_rows(
    statement, params: dict, cap: int, count_up_to: int, estimate: bool = True
) -> tuple[int, bool]:
    """How many rows a select returns, and whether that was counted: counted up to the cap (beyond it, the
    cap, not exact), or PostgreSQL's estimate (not exact) where that is above `count_up_to` (counting would
    cost a scan of cap + 1 rows). `params` hold count_limit, the cap + 1."""
    estimated = estimated_rows(statement, params) if estimate else None
    if estimated is not None and estimated > count_up_to:
        return estimated, False
    counting = derived(
        statement, "count", lambda: select(func.count()).select_from(up_to_cap(statement).subquery())
    )
    total = db.session.scalar(counting, params)
    return min(total, cap), total <= cap


def up_to_cap(statement):
    """The rows to count for a total: the select unordered, cut at count_limit (one past the cap)."""
    return derived(statement, "up to cap", lambda: statement.order_by(None).limit(COUNT_LIMIT))


def estimated_rows(statement, params: dict) -> int | None:
    """PostgreSQL's estimate of how many rows a select returns, from EXPLAIN (planning only, no scan), or None
    where the engine has no cheap estimate (SQLite)."""
    connection = db.session.connection()
    if connection.dialect.name != "postgresql":
        return None
    explain = derived(statement, "explain", lambda: Explain(statement.order_by(None)))
    plan = connection.execute(explain, params).scalar()
    return int(plan[0]["Plan"]["Plan Rows"])


class Explain(Executable, ClauseElement):
    """EXPLAIN (FORMAT JSON) of a select, as a statement SQLAlchemy compiles once per shape and keeps in its
    compiled cache like any other (compiling the select to text for each request cost 1.4 ms of a text
    search's 5 ms of Python)."""

    _traverse_internals = [("statement", InternalTraversal.dp_clauseelement)]
    inherit_cache = True

    def __init__(self, statement):
        self.statement = statement


@compiles(Explain, "postgresql")
def _explain(element: Explain, compiler, **kw) -> str:
    sql = "EXPLAIN (FORMAT JSON) " + compiler.process(element.statement, **kw)
    # the plan is the one column: the select's columns do not describe the result
    compiler._result_columns = []
    return sql


def paginate_after(ids_statement, args: dict, id_column, fetch, params: dict | None = None):
    """Keyset pagination: rows with an id above `after`, in id order; as fast at any depth, no totals.
    `fetch(statement, params)` turns the page's id-selecting statement into JsonRows."""
    per_page = min(args["per_page"], current_app.config["QUOTEDB_MAX_PER_PAGE"])
    page = derived(
        ids_statement,
        "after",
        lambda: (
            ids_statement.where(id_column > bindparam("after", type_=Integer))
            .order_by(id_column)
            .limit(PAGE_SIZE)
        ),
    )
    rows = fetch(page, {**(params or {}), "after": args["after"], "size": per_page})
    next_after = rows.highest_id if rows.count == per_page else None
    headers = {}
    if next_after is not None:
        query = {**request.args.to_dict(), "after": next_after, "per_page": per_page}
        query.pop("page", None)
        headers["Link"] = f'<{_this_list(query)}>; rel="next"'
    return {"data": rows, "pagination": {"per_page": per_page, "next_after": next_after}}, headers


def page_response(body: dict) -> Response:
    """The response for a page whose rows are JsonRows: their text is spliced in, not parsed and
    re-encoded."""
    rows = body["data"]
    text = f'{{"data":{rows.text},"pagination":{json.dumps(body["pagination"])}}}'
    return current_app.response_class(text, mimetype="application/json")


def _this_list(params: dict, base_url: str | None = None) -> str:
    """The absolute URL of the list being answered with other query arguments (url_for would rebuild the same
    path from the route, at 0.05 ms a link)."""
    return f"{base_url or request.base_url}?{urlencode(params, quote_via=quote)}"


def _links(page: int, pages: int, per_page: int):
    base_url, given = request.base_url, request.args.to_dict()  # werkzeug builds base_url anew on every read

    def at(number: int) -> str:
        return _this_list({**given, "page": number, "per_page": per_page}, base_url)

    links = [("first", at(1))]
    if page > 1:
        links.append(("prev", at(min(page - 1, pages))))
    if page < pages:
        links.append(("next", at(page + 1)))
    links.append(("last", at(pages)))
    return links
