"""Direct quotations: which cue, earlier speaker or context each quotation belongs to, and which consecutive
quotations are one."""

import re

from .coreference import SpeakerRegistry
from .direct import Attribution, attach, is_quoted_name, is_scare_quote
from .marks import MarkedSpan
from .mentions import Mention, describe_subject
from .quotes import Quote, make_quote
from .state import Carry, ParsedParagraph

UNATTRIBUTED_MIN_WORDS = 8
SENTENCE_SPLIT = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][”\"’']))\s+")
SENTENCE_START = re.compile(r"[.!?][”\"’']?\s+$")


def direct_attributions(
    para: ParsedParagraph,
    absorbed: set[int],
    carry: Carry,
    context: Mention | None,
    registry: SpeakerRegistry,
) -> list[tuple[MarkedSpan, Attribution]]:
    direct: list[tuple[MarkedSpan, Attribution]] = []
    continues = carry.open_quote and para.spans and para.spans[0].mark_start == 0
    for i, span in enumerate(para.spans):
        if id(span) in absorbed:
            continue
        if is_quoted_name(para.text, span):
            continue  # a name, whoever is near
        attribution = attach(para.text, span, para.spans, para.cues)
        if attribution is not None and attribution.cue is None and attribution.mention is not None:
            attribution.mention.base = para.base  # a signature found here
        if attribution is None and i == 0 and continues and carry.last_speaker is not None:
            attribution = carry.last_speaker.again("direct:continued")
        elif attribution is None and i == 0 and span.mark_start == 0 and carry.intro is not None:
            attribution = carry.intro.again("direct:introduced")
        if attribution is None and direct:
            attribution = direct[-1][1]
        if attribution is None and is_scare_quote(para.text, span):
            continue
        if attribution is None and _goes_on_quoting(carry.last_speaker, para, span, context):
            attribution = Attribution(carry.last_speaker.mention, None, "direct:floating")
        if attribution is None:
            attribution = _after_earlier_cue(para, span) or _colon_after_subject(para, span, registry)
        if attribution is None:
            attribution = _after_sentence_about(para, span, registry, context)
        if attribution is None and _whole_paragraph(para, span) and para.signed_by is not None:
            attribution = Attribution(para.signed_by, None, "direct:signature")  # “…” / — Mike Pompeo, 2019
        if attribution is None and _whole_paragraph(para, span) and context is None and carry.lapsed_speaker:
            # quoted, then a paragraph of narrative naming nobody, then a quotation alone: the same voice again
            attribution = Attribution(carry.lapsed_speaker.mention, None, "direct:resumed")
        if attribution is None and _whole_paragraph(para, span):
            # a quotation standing alone as a paragraph is most often the person the paragraphs before were about
            attribution = Attribution(context, None, "direct:context" if context else "direct:unattributed")
        if attribution is not None:
            direct.append((span, attribution))
    return direct


def _goes_on_quoting(
    last: Attribution | None, para: ParsedParagraph, span: MarkedSpan, context: Mention | None
) -> bool:
    """A quotation opening a paragraph goes on quoting the last speaker; after reported speech only a sentence
    does, not a subheading that quotes a few words ("“We write with urgency”"), and only when no person named as a
    subject just before is there to take it."""
    if last is None or span.mark_start != 0:
        return False
    if last.rule == "direct:after-report" and context is not None and _whole_paragraph(para, span):
        return False
    heading = not para.text[span.start : span.end].rstrip().endswith((".", "?", "!", ",", "…"))
    return last.rule != "direct:after-report" or not heading


def _after_earlier_cue(para: ParsedParagraph, span: MarkedSpan) -> Attribution | None:
    """ "… because “A,” she said. “B.”": a quotation opening a sentence continues the speaker of the cue before it."""
    if not SENTENCE_START.search(para.text[: span.mark_start]):
        return None
    earlier = [
        c for c in para.cues if c.end <= span.mark_start and c.subject is not None and c.family != "contact"
    ]
    return Attribution(earlier[-1].subject, None, "direct:floating") if earlier else None


def _after_sentence_about(
    para: ParsedParagraph, span: MarkedSpan, registry: SpeakerRegistry, context: Mention | None
) -> Attribution | None:
    """ "Okafor, who trained in Lyon, laughs. “I still dream about that soufflé collapsing.”": a
    quoted sentence with no cue, right after a sentence about a person in the same paragraph, is that person's
    (a profile's way of quoting); after "He …" or "She …", the person the paragraphs before were about."""
    before = para.text[: span.mark_start]
    if not before.strip() or not SENTENCE_START.search(before):
        return None
    if not para.text[span.start : span.end].rstrip().endswith((".", "?", "!")):
        return None  # not a sentence of its own: a phrase in marks
    here = registry.person_since(para.base)
    if here is not None and here.base + here.start < para.base + span.mark_start:
        return Attribution(here, None, "direct:after-sentence")
    last_sentence = SENTENCE_SPLIT.split(before.strip())[-1]
    if context is not None and last_sentence.split(" ", 1)[0].lower() in {"he", "she"}:
        return Attribution(context, None, "direct:after-sentence")
    return None


def _colon_after_subject(
    para: ParsedParagraph, span: MarkedSpan, registry: SpeakerRegistry
) -> Attribution | None:
    """ "Martell, the addictions doctor, is more blunt: “…”": a sentence about a named person (or he, she) that a
    colon hands to the quotation credits it to that person, with no speech verb."""
    before = para.text[: span.mark_start].rstrip()
    colon = next((t for t in para.doc if t.idx == len(before) - 1), None) if before.endswith(":") else None
    if colon is None or not colon.dep_:
        return None  # not parsed
    subject = next(
        (t for t in colon.sent if t.i < colon.i and t.dep_ == "nsubj" and t.head.i < colon.i), None
    )
    if subject is None or not _is_name_or_pronoun(subject):
        return None
    mention = describe_subject(subject)
    mention.base = para.base
    mention = registry.resolve(mention, para.base + subject.idx)
    return Attribution(mention, None, "direct:colon") if mention.kind == "person" and mention.name else None


def _is_name_or_pronoun(token) -> bool:
    return token.pos_ == "PROPN" or token.lower_ in {"he", "she"}


def _whole_paragraph(para: ParsedParagraph, span: MarkedSpan) -> bool:
    return (
        span.mark_start == 0
        and len(para.text) - span.mark_end <= 2
        and len(para.text[span.start : span.end].split()) >= UNATTRIBUTED_MIN_WORDS
    )


def merge_direct(direct):
    """Group consecutive quotations credited to the same cue, or following on from one, into one quotation."""
    groups = []
    for span, attribution in direct:
        previous = groups[-1][-1][1] if groups else None
        if (
            previous is not None
            and attribution.mention is previous.mention
            and (attribution.cue is None or attribution.cue is previous.cue)
        ):
            groups[-1].append((span, attribution))
        else:
            groups.append([(span, attribution)])
    return groups


def direct_quote(text: str, para: ParsedParagraph, group, registry) -> Quote:
    first, last = group[0][0], group[-1][0]
    attribution = next((a for _, a in group if a.cue is not None), group[0][1])
    parts = [
        (para.base + span.mark_start, para.base + span.mark_end) for span, _ in group
    ]  # marks included, as printed
    return make_quote(
        text, para.base, (first.mark_start, last.mark_end), "direct", attribution, registry, parts
    )
