"""Quotations whose speaker is a label rather than a cue: an interview transcript's turns ("PENCE: …"), a
pull quote signed with a name and an epigraph signed on the line after it."""

import re

from .article import Paragraph
from .attribution import UNATTRIBUTED_MIN_WORDS
from .coreference import SpeakerRegistry
from .direct import DASH_SIGNATURE, Attribution, signer
from .lexicon import ABBREVIATED_TITLES, HONORIFICS, UPPER_LABEL
from .mentions import Mention
from .naming import given_name_gender
from .quotes import Quote, make_quote

NOT_SPEAKER_LABELS = {
    "UPDATE",
    "EDITOR'S NOTE",
    "EDITOR’S NOTE",
    "NOTE",
    "WATCH",
    "READ MORE",
    "RELATED",
    "CORRECTION",
    "PHOTOS",
    "VIDEO",
    "SOURCE",
    "SOURCES",
    "CLARIFICATION",
    "BREAKING",
    "EXCLUSIVE",
    "ANALYSIS",
}
SIGNED_QUOTE = re.compile(r"^(.+[.!?…])\s+((?:[A-Z][\w'’-]+ ){1,2}[A-Z][\w'’-]+)$")
# "PENCE: …", and "Ruiz: …" (a title-case name of one to three words)
TRANSCRIPT_TURN = re.compile(rf"^([\"“]?)({UPPER_LABEL}|[A-Z][\w'’-]+(?: [A-Z][\w'’.-]+){{0,2}}):\s+")


def transcript_turn(text: str, paragraph: Paragraph, registry: SpeakerRegistry) -> Quote | None:
    """ "PENCE: Well, look, …" in an interview transcript: the whole turn is the labelled speaker's."""
    match = TRANSCRIPT_TURN.match(paragraph.text)
    if (
        match is None
        or match.group(2).upper().split()[0] in NOT_SPEAKER_LABELS  # "Correction Appended: …"
        or match.group(2).upper() in NOT_SPEAKER_LABELS
        or not registry.names_person(match.group(2))
    ):
        return None  # "KEEPING SCORE: …", "FED TALK: …": a section label, not a speaker's turn
    label = match.group(2)
    mention = Mention(
        match.start(2), match.end(2), label, name=label.title(), kind="person", base=paragraph.start
    )
    mention = registry.resolve(mention, paragraph.start + match.start(2))
    end = len(paragraph.text)
    if match.group(1) and paragraph.text.endswith(('"', "”")):
        end -= 1
    attribution = Attribution(mention, None, "direct:transcript")
    return make_quote(text, paragraph.start, (match.end(), end), "direct", attribution, registry)


def signed_quote(text: str, paragraph: Paragraph, registry: SpeakerRegistry) -> Quote | None:
    """A pull quote signed with its speaker's name: "I'm still thankful for what it's brought me. Morgan McNeely"."""
    match = SIGNED_QUOTE.match(paragraph.text)
    if (
        paragraph.title  # a page's title is nobody's pull quote
        or match is None
        or len(match.group(1).split()) < UNATTRIBUTED_MIN_WORDS
        or _ends_in_title(match.group(1))  # "… the bill backed by Sen. Dana Reyes": a title and its name
        or not registry.names_person(match.group(2))
    ):
        return None
    name = match.group(2)
    mention = registry.resolve(
        Mention(match.start(2), match.end(2), name, name=name, kind="person", base=paragraph.start),
        paragraph.start + match.start(2),
    )
    return make_quote(
        text, paragraph.start, match.span(1), "direct", Attribution(mention, None, "direct:signed"), registry
    )


TITLES_WRITTEN_SHORT = HONORIFICS | ABBREVIATED_TITLES.keys()  # "Sen.", "Mr.", "Cpl." before a name


def _ends_in_title(words: str) -> bool:
    last = words.split()[-1]
    return last.endswith(".") and last.rstrip(".").lower() in TITLES_WRITTEN_SHORT


SIGNATURE_LINE_MAX = 120  # "— Mike Pompeo, College Station, TX, April 15, 2019": a name, a place, a date


def signature_line(paragraph: Paragraph | None) -> Mention | None:
    """The person a short line opening with a dash signs the quotation above it with (an epigraph): a name that
    opens with a first name and ends the line or a comma's list (place, date); not "— The Associated Press
    contributed to this report" or "— Jane Doe contributed reporting"."""
    if paragraph is None or len(paragraph.text) > SIGNATURE_LINE_MAX:
        return None
    match = DASH_SIGNATURE.match(paragraph.text)
    if match is None:
        return None
    words, rest = match.group(1).split(), paragraph.text[match.end(1) :].strip()
    if len(words) < 2 or given_name_gender(words[0]) is None or rest and not rest.startswith(","):
        return None
    return signer(match, base=paragraph.start)
