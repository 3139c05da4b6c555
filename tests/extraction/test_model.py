"""The engine's pipeline (model.py): the shipped model's own parse and entities, its matrix products on
numpy's BLAS in one thread."""

import ctypes

import pytest
import spacy
from thinc.api import get_current_ops

from service.extraction.model import FAST_TAGS_REPLACE, OPENBLAS_THREADS, model_name

TEXT = (
    "“We will not sign this,” Maria Lopez, the union's chief negotiator, told reporters in Madrid on "
    "Friday, after the ministry said the offer was final."
)


@pytest.fixture(scope="module")
def on_blis():
    """The same components loaded the default way, on thinc's BLIS."""
    return spacy.load(model_name(), exclude=list(FAST_TAGS_REPLACE))


def test_the_engines_layers_multiply_on_numpy_and_other_models_keep_the_default(nlp, on_blis):
    assert all(layer.ops.use_blis is False for layer in nlp.get_pipe("tok2vec").model.walk())
    assert all(layer.ops.use_blis for layer in on_blis.get_pipe("tok2vec").model.walk())
    assert get_current_ops().use_blis  # the switch holds for the engine's model only


def test_the_parse_and_entities_are_those_of_the_default_blas(nlp, on_blis):
    ours, theirs = nlp(TEXT), on_blis(TEXT)
    assert [(t.tag_, t.head.i, t.dep_) for t in ours] == [(t.tag_, t.head.i, t.dep_) for t in theirs]
    assert [(e.start, e.end, e.label_) for e in ours.ents] == [
        (e.start, e.end, e.label_) for e in theirs.ents
    ]
    assert ("Maria Lopez", "PERSON") in {(e.text, e.label_) for e in ours.ents}


def test_numpys_blas_runs_one_thread_once_the_engine_is_loaded(nlp):
    with open("/proc/self/maps", encoding="utf-8") as maps:
        [path] = {line.split()[-1] for line in maps if "openblas" in line.lower() and "/" in line}
    library = ctypes.CDLL(path)
    getter = next(
        getattr(library, name.replace("set_", "get_"))
        for name in OPENBLAS_THREADS
        if hasattr(library, name.replace("set_", "get_"))
    )
    assert getter() == 1
