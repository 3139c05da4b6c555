"""Pages for people: search, speakers, quotations in their article, articles and outlets, rendered on the
server from the same queries as the JSON API (service/store/)."""

from .pages import blp, error_page

__all__ = ["blp", "error_page"]
