"""The extraction engine. Its names load on first use, so that importing the word lists
(or the web app) does not pay for importing spaCy."""

__all__ = ["Extraction", "Quote", "extract", "extract_many"]


def __getattr__(name: str):
    if name in __all__:
        from . import engine

        return getattr(engine, name)
    raise AttributeError(name)
