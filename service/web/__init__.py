"""Pages for people: search, speakers, quotations in their article, articles and outlets, rendered on the
server from the same queries as the JSON API (service/queries.py)."""
from .pages import blp

__all__ = ["blp"]
