"""Full-text search over quotation text with each engine's own index (see migrations 0002 and 0010)."""
import re

from sqlalchemy import false, func, literal_column, select, text

from .extensions import db
from .models import Quote

# PostgreSQL keeps each quotation's to_tsvector('english', text) in this generated column (migration 0010); it
# is not mapped, since no other engine has it and nothing writes it.
TEXT_VECTOR = literal_column("quotes.quotes_fts_vector")


def quote_text_matches(query: str):
    """A WHERE clause: quotations containing every word of the query (stemmed: 'bases' finds 'base')."""
    dialect = db.session.get_bind().dialect.name
    if dialect == "postgresql":
        return TEXT_VECTOR.op("@@")(func.websearch_to_tsquery("english", query))
    words = re.findall(r"[^\W_]+", query)
    if not words:
        return false()
    if dialect == "sqlite":
        fts_query = " ".join(f'"{word}"' for word in words)
        matching = select(text("rowid")).select_from(text("quotes_fts")).where(
            text("quotes_fts MATCH :fts_query").bindparams(fts_query=fts_query))
        return Quote.id.in_(matching)
    return contains(Quote.text, query)


def contains(column, text: str):
    """A case-insensitive substring match, with LIKE's wildcards taken literally."""
    return func.lower(column).like(f"%{literal_like(text.lower())}%", escape="\\")


def literal_like(text: str) -> str:
    """Text for a LIKE pattern (escape character backslash) that matches itself only."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
