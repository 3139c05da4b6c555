"""The extraction engine. Its names load on first use, so that importing the word lists
(or the web app) does not pay for importing spaCy."""

from .budget import within_budget

__all__ = ["Extraction", "Quote", "extract", "extract_many"]


def extract(text: str, nlp=None):
    """Quotations of one article (within the per-article budget, see budget.py)."""
    return extract_many([text], nlp)[0]


def extract_many(texts: list[str], nlp=None, batch_size: int = 64, processes: int = 1) -> list:
    """Quotations of many articles: in this process, or with processes > 1 in that many worker processes
    running the default model (see parallel.py). Each article is read within the budget (budget.py)."""
    texts = [within_budget(text) for text in texts]
    if processes > 1 and len(texts) > 1:
        from .parallel import extract_in_processes

        return extract_in_processes(list(texts), processes)
    from .engine import extract_many as extract_here

    return extract_here(texts, nlp, batch_size)


def __getattr__(name: str):
    if name in {"Extraction", "Quote"}:
        from . import engine

        return getattr(engine, name)
    raise AttributeError(name)
