"""The extraction engine. Its names load on first use, so that importing the word lists
(or the web app) does not pay for importing spaCy."""

__all__ = ["Extraction", "Quote", "extract", "extract_many"]


def extract_many(texts: list[str], nlp=None, batch_size: int = 64, processes: int = 1) -> list:
    """Quotations of many articles: in this process, or with processes > 1 in that many worker processes
    running the default model (see parallel.py)."""
    if processes > 1 and len(texts) > 1:
        from .parallel import extract_in_processes

        return extract_in_processes(list(texts), processes)
    from .engine import extract_many as extract_here

    return extract_here(texts, nlp, batch_size)


def __getattr__(name: str):
    if name in {"Extraction", "Quote", "extract"}:
        from . import engine

        return getattr(engine, name)
    raise AttributeError(name)
