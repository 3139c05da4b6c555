"""The engine's pipeline (model.py): the shipped model's own parse and entities, its matrix products on
numpy's BLAS in one thread."""

import ctypes

import numpy
import pytest
import spacy
from thinc.api import get_current_ops

from service.extraction.model import EMBED_PIECE_TOKENS, FAST_TAGS_REPLACE, OPENBLAS_THREADS, model_name

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


def test_the_recogniser_embeds_a_large_batch_in_pieces_and_finds_what_it_finds_in_each_text_alone(nlp):
    embedding = nlp.get_pipe("ner").model.get_ref("tok2vec")
    assert embedding.name == "tok2vec_in_pieces"
    sentences = [
        TEXT,
        "Officials in Ghent said Pierre Novak, the harbour master, would resign before the spring.",
        "The European Union's top court ruled against Acme Foods on Tuesday, Reuters reported.",
        "Nadia Walsh, 26, a local councillor, told the BBC that nobody had asked the residents.",
    ]
    texts = [sentences[n % 4] + " It went on." * (n % 3) for n in range(90)]  # ~2,400 tokens: three pieces
    others = [name for name in nlp.pipe_names if name != "ner"]
    batched = list(nlp.pipe(texts, disable=others, batch_size=len(texts)))
    assert sum(len(doc) for doc in batched) > 2 * EMBED_PIECE_TOKENS
    alone = [next(nlp.pipe([text], disable=others)) for text in texts]
    assert [[(e.start, e.end, e.label_) for e in doc.ents] for doc in batched] == [
        [(e.start, e.end, e.label_) for e in doc.ents] for doc in alone
    ]
    assert ("Pierre Novak", "PERSON") in {(e.text, e.label_) for e in batched[1].ents}
    docs = [nlp.make_doc(text) for text in texts]
    # the whole batch at once: equal up to float rounding, since BLAS sums a matrix of another height in
    # another order on some processors (4e-6 apart on an AMD EPYC)
    in_pieces, at_once = embedding.predict(docs), embedding.layers[0].predict(docs)
    assert numpy.shape(in_pieces) == numpy.shape(at_once) == (sum(len(doc) for doc in docs), 64)
    assert numpy.allclose(in_pieces, at_once, rtol=0, atol=1e-4)


@pytest.mark.parametrize("title", ["Cpl.", "Sgt.", "Insp.", "Det.", "Const.", "Capt.", "Gov."])
def test_a_title_abbreviated_before_a_name_does_not_end_the_sentence(nlp, title):
    doc = nlp(f"A report filed by {title} Dana Reyes noted the road had been closed twice in May.")
    assert title in [token.text for token in doc]
    assert len(list(doc.sents)) == 1
