"""A fast stand-in for the model's attribute ruler and lemmatizer, which together cost about a third
of the pipeline's time while the rules need only coarse parts of speech and the lemmas of the words
they look up (cue verbs, role nouns).

Parts of speech come from the tagger's Penn Treebank tags by the standard mapping; a word's lemma is
its base form when it is an inflection of a lexicon word, else its lower-case form.
"""

from spacy.language import Language
from spacy.tokens import Doc

from .cues import DIRECTIVE_VERBS, NEGATING_HEADS
from .lexicon import BELIEF_VERBS, CONTACT_VERBS, PERSON_NOUNS, SPEECH_VERBS
from .prefilter import inflections

UPOS = {
    "$": "SYM",
    "''": "PUNCT",
    ",": "PUNCT",
    "-LRB-": "PUNCT",
    "-RRB-": "PUNCT",
    ".": "PUNCT",
    ":": "PUNCT",
    "AFX": "ADJ",
    "CC": "CCONJ",
    "CD": "NUM",
    "DT": "DET",
    "EX": "PRON",
    "FW": "X",
    "HYPH": "PUNCT",
    "IN": "ADP",
    "JJ": "ADJ",
    "JJR": "ADJ",
    "JJS": "ADJ",
    "LS": "X",
    "MD": "AUX",
    "NFP": "PUNCT",
    "NN": "NOUN",
    "NNP": "PROPN",
    "NNPS": "PROPN",
    "NNS": "NOUN",
    "PDT": "DET",
    "POS": "PART",
    "PRP": "PRON",
    "PRP$": "PRON",
    "RB": "ADV",
    "RBR": "ADV",
    "RBS": "ADV",
    "RP": "ADP",
    "SYM": "SYM",
    "TO": "PART",
    "UH": "INTJ",
    "VB": "VERB",
    "VBD": "VERB",
    "VBG": "VERB",
    "VBN": "VERB",
    "VBP": "VERB",
    "VBZ": "VERB",
    "WDT": "PRON",
    "WP": "PRON",
    "WP$": "PRON",
    "WRB": "ADV",
    "``": "PUNCT",
    "XX": "X",
    "_SP": "SPACE",
    "ADD": "X",
    "NIL": "X",
}
AUXILIARY_FORMS = frozenset(
    "be am is are was were been being have has had having do does did will would shall "
    "should may might must can could".split()
)
IRREGULAR_NOUNS = {
    "spokesmen": "spokesman",
    "spokeswomen": "spokeswoman",
    "men": "man",
    "women": "woman",
    "chairmen": "chairman",
    "chairwomen": "chairwoman",
}


def _lemma_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for lemma in SPEECH_VERBS | BELIEF_VERBS | CONTACT_VERBS | DIRECTIVE_VERBS | NEGATING_HEADS:
        for form in inflections(lemma):
            table.setdefault(form, lemma)
    for noun in PERSON_NOUNS | {"interview", "name"}:
        for form in (noun + "s", noun + "es", noun[:-1] + "ies" if noun.endswith("y") else noun + "s"):
            table.setdefault(form, noun)
    table.update(IRREGULAR_NOUNS)
    for lemma in (
        SPEECH_VERBS | BELIEF_VERBS | CONTACT_VERBS | DIRECTIVE_VERBS | NEGATING_HEADS | PERSON_NOUNS
    ):
        table[lemma] = lemma
    return table


LEMMAS = _lemma_table()


@Language.component("quotedb_tags")
def quotedb_tags(doc: Doc) -> Doc:
    for token in doc:
        lower = token.lower_
        pos = UPOS.get(token.tag_, "X")
        if pos == "VERB" and lower in AUXILIARY_FORMS and token.dep_ in {"aux", "auxpass"}:
            pos = "AUX"
        token.pos_ = pos
        token.lemma_ = LEMMAS.get(lower, lower)
    return doc
