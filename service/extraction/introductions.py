"""Delayed identification: a news lede gives words to someone it only describes ("A Denver fire chief says …")
and names them at the start of the next sentence ("Deputy Fire Chief Maria Lopez told reporters …")."""

import bisect
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Span

from .genders import noun_gender
from .lexicon import ABBREVIATED, HONORIFICS, PERSON_WORDS, is_person_noun
from .mentions import Mention
from .naming import given_name_gender, looks_like_person, name_core, name_key, name_tokens, written_name

if TYPE_CHECKING:
    from .coreference import SpeakerRegistry

INDEFINITE = re.compile(r"(?i)(?:a|an|one)\s")  # "a transit chief", "one former director": not yet known


@dataclass(frozen=True)
class Opener:
    """A person named in full at the very start of a sentence: who the sentence is about."""

    sentence: int  # article offset of the sentence
    position: int  # of the name
    name: str
    title: tuple[str, ...]  # the words written before the name, lower case ("deputy", "fire", "chief")
    acting: bool  # the parse makes the name the active subject (a paragraph read for names only has no parse)


class SentenceOpeners:
    """Where each sentence of the article starts, and the person named first thing in it, if one is."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.openers: dict[int, Opener] = {}

    def learn(self, doc, offset: int) -> None:
        sentences = list(doc.sents) if doc.has_annotation("SENT_START") else [doc[:]]
        people = [ent for ent in doc.ents if ent.label_ == "PERSON"]
        firsts = [ent.start for ent in people]
        for sentence in sentences:
            bisect.insort(self.starts, offset + sentence.start_char)
            k = bisect.bisect_left(firsts, sentence.start)  # the sentence's first person, if any
            if (
                k < len(people)
                and people[k].end <= sentence.end
                and (opener := _opener(people[k], sentence, offset))
            ):
                self.openers[opener.sentence] = opener

    def after(self, position: int) -> Opener | None:
        """The person opening the sentence after the one at `position`."""
        k = bisect.bisect_right(self.starts, position)
        return self.openers.get(self.starts[k]) if k < len(self.starts) else None


def _opener(ent: Span, sentence: Span, offset: int) -> Opener | None:
    """The sentence's first person when only capitalised words (a title) come before the name."""
    if not all(t.text[:1].isupper() for t in sentence.doc[sentence.start : ent.start]):
        return None
    title, core = name_core(name_tokens(ent))
    name = written_name(core)
    if not name or len(core) < 2 or not looks_like_person(core, ent.label_):
        return None
    words = [t.lower_.rstrip(".") for t in [*sentence.doc[sentence.start : ent.start], *title]]
    acting = ent.root.dep_ == "nsubj"
    return Opener(
        offset + sentence.start_char,
        offset + core[0].idx,
        name,
        tuple(ABBREVIATED.get(w, w) for w in words if w not in STOP_WORDS),
        acting,
    )


def introduced(registry: "SpeakerRegistry", speaker: Mention, position: int) -> Mention:
    """A speaker the article only describes, renamed to the person it turns out to be, if it names them next."""
    if speaker.kind == "description" and (person := introduced_next(registry, speaker, position)):
        speaker.name, speaker.kind = person, "person"
    return speaker


def introduced_next(registry: "SpeakerRegistry", mention: Mention, position: int) -> str | None:
    """The person an indefinite description ("a California transit chief") turns out to be: the one named in
    full first thing in the next sentence, when the title given there holds the description's noun, or, with no
    title, when the name is that sentence's active subject and new to the article. A pronoun the description's
    sentence uses for it must fit that person; no other person may be named in between. Only for a speaker: the
    one a lede describes as saying something is who the next sentence names, not one it describes otherwise
    ("A man was stabbed …. Jane Doe said …")."""
    head = mention.head or ""
    if mention.definite or not INDEFINITE.match(mention.text):
        return None
    if not (head in PERSON_WORDS or head in HONORIFICS or is_person_noun(head)):
        return None
    opener = registry.openers.after(position)
    start = mention.base + mention.start
    if opener is None or _someone_between(registry, start, opener.position):
        return None
    role = registry.facts.get(opener.name, {}).get("role", "").lower().split()
    titled = [*opener.title, *(ABBREVIATED.get(w.rstrip("."), w) for w in role)]
    if titled and head not in titled:
        return None
    new = not registry.full_index.surname_holders(name_key(opener.name)[-1], start)
    if not titled and not (opener.acting and new):
        return None
    return opener.name if _gender_fits(registry, opener, start, head) else None


def _someone_between(registry: "SpeakerRegistry", start: int, end: int) -> bool:
    return any(start <= pos < end and kind == "person" for pos, _, kind in registry.full_names)


def _gender_fits(registry: "SpeakerRegistry", opener: Opener, start: int, head: str) -> bool:
    """ "A businesswoman says …", "A teacher says she …": the description's noun, else the first "he" or "she"
    after it, tells the person's gender."""
    said = noun_gender(head) or next(
        (g for pos, g in registry.pronoun_marks if start <= pos < opener.sentence), None
    )
    known = given_name_gender(opener.name.split()[0]) or registry.genders().get(opener.name)
    return not said or not known or said == known
