"""Full-text search over quotation text with each engine's own index (see migrations 0002 and 0010)."""

import re

from sqlalchemy import String, bindparam, func, literal_column, select, text

from ..extensions import db
from .models import Quote

# PostgreSQL keeps each quotation's to_tsvector('english', text) in this generated column (migration 0010); it
# is not mapped, since no other engine has it and nothing writes it.
TEXT_VECTOR = literal_column("quotes.quotes_fts_vector")


def quote_text_matches(query: str):
    """A WHERE clause: quotations containing every word of the query (stemmed: 'bases' finds 'base')."""
    dialect = db.session.get_bind().dialect.name
    return text_matches(dialect, text_query(query, dialect))


def text_matches(dialect: str, value: str | None = None):
    """quote_text_matches for a query already made into the parameter `q` (text_query), or, without a value,
    with `q` left to give when the statement runs: a clause built once for any query."""
    q = bindparam("q", type_=String) if value is None else bindparam("q", value, type_=String)
    if dialect == "postgresql":
        return TEXT_VECTOR.op("@@")(func.websearch_to_tsquery("english", q))
    if dialect == "sqlite":
        return Quote.id.in_(
            select(text("rowid"))
            .select_from(text("quotes_fts"))
            .where(text("quotes_fts MATCH :q").bindparams(q))
        )
    return func.lower(Quote.text).like(q, escape="\\")


def text_query(query: str, dialect: str) -> str:
    """The value of text_matches' `q` for a query typed by a person."""
    if dialect == "postgresql":
        return query
    if dialect == "sqlite":
        return " ".join(f'"{word}"' for word in re.findall(r"[^\W_]+", query)) or '""'  # "" matches nothing
    return contains_pattern(query)


def contains(column, text: str):
    """A case-insensitive substring match, with LIKE's wildcards taken literally."""
    return func.lower(column).like(contains_pattern(text), escape="\\")


def contains_parameter(column, name: str):
    """contains() with the pattern left as the parameter `name`, whose value contains_pattern gives."""
    return func.lower(column).like(bindparam(name, type_=String), escape="\\")


def contains_pattern(text: str) -> str:
    return f"%{literal_like(text.lower())}%"


def literal_like(text: str) -> str:
    """Text for a LIKE pattern (escape character backslash) that matches itself only."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
