"""Run the model only where it can matter.

A paragraph whose text outside quotation marks holds a cue (prefilter.py) is tagged and parsed; the
rest are only tokenised. The entity recogniser, the most costly component, reads the tokens outside
quotation marks (speakers are named around quotations, not in them) within NAME_CONTEXT tokens of a
capitalised word (every name the rules use is capitalised) other than a sentence opener ("The", "But"),
in batches of up to NAME_BATCH_TOKENS tokens; its entities are then set on the paragraph's own Doc. On the dev gold this finds 98.9% of the full pass's name entities outside
quotations and the same quotes, at a third of the cost.
"""

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from .article import Paragraph
from .marks import MarkedSpan, within

NAME_CONTEXT = 4  # each recogniser token sees 4 neighbours a side (4 CNN layers of window 1)
# spaCy's tokenizer peels affixes off a whitespace-free chunk one at a time, re-searching the rest: quadratic
# (10,000 quotation marks in a row took 15 s). No word is this long, so such a run is cut every CHUNK chars.
LONG_RUN = re.compile(r"\S{200,}")
CHUNK = 100
# The model's memory peaks with the characters in one nlp.pipe batch, not its count of paragraphs: one 210 KB
# paragraph (11 pieces of 20,000 characters, one batch) peaked at 939 MB, the same text as 6,000 paragraphs at
# 455 MB. A batch ends at batch_size paragraphs or BATCH_CHARS characters, whichever comes first.
BATCH_CHARS = 50_000
# The recogniser steps through a batch's windows together, so it runs faster the more windows a batch holds
# (64 windows a batch to 1,000: 27% less time on the synthetic corpus); windows are short, so its batches are
# counted in tokens: NAME_BATCH_TOKENS, about as many as a BATCH_CHARS batch of text holds.
NAME_BATCH = 1000
NAME_BATCH_TOKENS = 10_000


@dataclass
class ParagraphJob:
    article: int  # index of the article in the batch
    paragraph: Paragraph
    spans: list[MarkedSpan]
    parse: bool  # may hold a cue: tag and parse it
    doc: Doc | None = None


def read_paragraphs(nlp, jobs: list[ParagraphJob], batch_size: int) -> None:
    """Give every job its Doc: parsed or only tokenised, with entities either way."""
    for batch in _batches(
        [job for job in jobs if job.parse], batch_size, BATCH_CHARS, lambda job: len(job.paragraph.text)
    ):
        texts = [tokenizable(job.paragraph.text) for job in batch]
        for job, doc in zip(batch, nlp.pipe(texts, disable=["ner"], batch_size=len(batch))):
            job.doc = doc
    for job in jobs:
        if job.doc is None:
            job.doc = nlp.make_doc(tokenizable(job.paragraph.text))
    others = [name for name in nlp.pipe_names if name != "ner"]
    windows = [(job, *_name_window(job.doc, job.spans)) for job in jobs]
    for batch in _batches(windows, NAME_BATCH, NAME_BATCH_TOKENS, lambda window: len(window[1])):
        recognised = nlp.pipe([words for _, words, _ in batch], disable=others, batch_size=len(batch))
        for (job, _, positions), names in zip(batch, recognised):
            _set_entities(job.doc, names, positions)


def _batches(items: list, most: int, limit: int, size) -> list[list]:
    """The items in order, in runs of at most `most` items whose sizes sum to at most `limit` (one larger item
    alone)."""
    batches, batch, total = [], [], 0
    for item in items:
        if batch and (len(batch) == most or total + size(item) > limit):
            batches.append(batch)
            batch, total = [], 0
        batch.append(item)
        total += size(item)
    return batches + [batch] if batch else batches


def tokenizable(text: str) -> str:
    """The text with every run of over 200 non-space characters broken by a space every CHUNK characters:
    the same length, so every token's offset is still an offset into the article."""
    if not LONG_RUN.search(text):
        return text
    return LONG_RUN.sub(
        lambda run: "".join(" " if k and k % CHUNK == 0 else c for k, c in enumerate(run.group())), text
    )


# Capitalised only because they open a sentence: no name starts with one, so alone they call for no window
# (a name after one is capitalised itself). About 12% of the recogniser's tokens on the dev gold.
SENTENCE_OPENERS = frozenset(
    "The A An He She It They We I You His Her Its Their Our My Your This That These Those There Here "
    "But And Or So Yet Nor If When While As After Before Although Though Because Since Until Unless "
    "In On At For With Without Of To By From Into Over Under About Between During Through Among "
    "What Who Whom Whose Which Where Why How Some Many Most All Both Each Every Any No Several Few "
    "Then Now Still Also However Meanwhile Instead Indeed Even Only Just Such".split()
)


def _name_window(doc: Doc, spans: list[MarkedSpan]) -> tuple[Doc, list[int]]:
    """The tokens the recogniser reads, as a Doc of their own, and each one's index in `doc`."""
    quoted = within((s.start, s.end) for s in spans)
    outside = [t for t in doc if not quoted(t.idx)]
    near = set()
    for n, token in enumerate(outside):
        if token.text[:1].isupper() and token.text not in SENTENCE_OPENERS:
            near.update(range(max(0, n - NAME_CONTEXT), n + NAME_CONTEXT + 1))
    kept = [outside[n] for n in sorted(near) if n < len(outside)]
    words = Doc(doc.vocab, words=[t.text for t in kept], spaces=[bool(t.whitespace_) for t in kept])
    return words, [t.i for t in kept]


def _set_entities(doc: Doc, names: Doc, positions: list[int]) -> None:
    """Copy the entities found in the window onto doc; one that would bridge a gap in it is dropped."""
    ents = []
    for ent in names.ents:
        first, last = positions[ent.start], positions[ent.end - 1]
        if last - first == ent.end - 1 - ent.start:
            ents.append(Span(doc, first, last + 1, label=ent.label_))
    doc.ents = ents
