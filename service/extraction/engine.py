"""Turn one article's text into attributed quotations.

The article is split into paragraphs (boilerplate dropped), each paragraph read by spaCy (only as
much as it needs, see reading.py), and three rule families run over it: reported clauses of speech
verbs (indirect and mixed quotes), quotation marks credited to the cue beside them (direct quotes),
and quotations that carry on from the paragraph before (multi-paragraph and floating quotes).
"""

from .article import Paragraph, is_heading, split_paragraphs
from .attribution import direct_attributions, direct_quote, merge_direct
from .clauses import clause_quotes
from .coreference import SpeakerRegistry
from .cues import find_cues
from .direct import Attribution, trailing_intro
from .introductions import introduced
from .labelled import signature_line, signed_quote, transcript_turn
from .marks import MarkedSpan, find_marked_spans, within
from .mentions import Mention
from .model import load_model
from .prefilter import needs_parse
from .quotes import Extraction, Quote, without_nested
from .reading import ParagraphJob, read_paragraphs
from .state import Carry, ParsedParagraph
from .subjects import note_people, note_speaker, note_subjects

CONTEXT_PARAGRAPHS = 2  # a stand-alone quotation is credited to a person named as a subject this recently


def extract(text: str, nlp=None) -> Extraction:
    return extract_many([text], nlp)[0]


def extract_many(texts: list[str], nlp=None, batch_size: int = 64) -> list[Extraction]:
    """Extract quotations from many articles in this process, reading all their paragraphs in one nlp.pipe
    stream (only as much of the model as each needs, see reading.py)."""
    layouts = [split_paragraphs(text) for text in texts]
    jobs = []
    for i, paragraphs in enumerate(layouts):
        for n, paragraph in enumerate(paragraphs):
            if paragraph.boilerplate or (paragraph.title and n > 0):  # the headline once, not its repeats
                continue
            spans = find_marked_spans(paragraph.text)
            jobs.append(ParagraphJob(i, paragraph, spans, needs_parse(paragraph.text, spans)))
    read_paragraphs(nlp or load_model(), jobs, batch_size)
    by_article: list[list[ParagraphJob]] = [[] for _ in texts]
    for job in jobs:
        by_article[job.article].append(job)
    return [
        _extract_article(text, layout, by_article[i]) for i, (text, layout) in enumerate(zip(texts, layouts))
    ]


def _extract_article(text: str, paragraphs: list[Paragraph], jobs: list[ParagraphJob]) -> Extraction:
    registry = SpeakerRegistry(text)
    for job in jobs:
        quoted = [(span.mark_start, span.mark_end) for span in job.spans]
        registry.learn_names(job.doc, job.paragraph.start, quoted)
    quotes: list[Quote] = []
    carry = Carry()
    for k, job in enumerate(jobs):
        signed_by = signature_line(jobs[k + 1].paragraph if k + 1 < len(jobs) else None)
        quotes.extend(
            _paragraph_quotes(text, job.paragraph, job.spans, job.doc, registry, carry, job.parse, signed_by)
        )
    speakers = {
        q.speaker: {
            "kind": registry.kinds.get(q.speaker, q.speaker_kind),
            "aliases": sorted(registry.aliases.get(q.speaker, set()) - {q.speaker}),
            "facts": registry.facts.get(q.speaker, {}),
        }
        for q in quotes
        if q.speaker
    }
    title = next((p.text for p in paragraphs if p.title), None)
    return Extraction(quotes, speakers, title)


def _paragraph_quotes(
    text: str,
    paragraph: Paragraph,
    spans: list[MarkedSpan],
    doc,
    registry: SpeakerRegistry,
    carry: Carry,
    parsed_fully: bool,
    signed_by: Mention | None = None,
) -> list[Quote]:
    turn = transcript_turn(text, paragraph, registry) or (
        None if spans else signed_quote(text, paragraph, registry)
    )
    if turn is not None:
        carry.forget()
        return [turn]
    para = ParsedParagraph(paragraph.text, paragraph.start, doc, spans, signed_by=signed_by)
    inside = within((s.mark_start, s.mark_end) for s in para.spans)
    para.cues = find_cues(doc, inside) if parsed_fully else []
    for cue in para.cues:
        cue.base = para.base
        if cue.subject is not None:
            cue.subject.base = para.base
    if parsed_fully:
        reported = [cue.content for cue in para.cues if cue.content and cue.family != "belief"]
        quoted_or_reported = within([*((s.mark_start, s.mark_end) for s in para.spans), *reported])
        note_subjects(doc, quoted_or_reported, registry, para.base)
    else:
        note_people(doc, registry, para.base)
    _resolve_cues(para, registry)

    context = registry.person_since(carry.recent_starts[0]) if carry.recent_starts else None
    carry.recent_starts = [*carry.recent_starts, para.base][-CONTEXT_PARAGRAPHS:]
    # a body paragraph that quotes someone is reporting, even with no full stop; a page's title never is
    if is_heading(paragraph.text, not paragraph.title and any(span.closed for span in para.spans)):
        carry.forget()
        return []  # its names still count (learnt above), its words are no quotation and credit nobody later

    indirect, absorbed = clause_quotes(text, para, registry)
    direct = direct_attributions(para, absorbed, carry, context, registry)
    quotes = indirect + [direct_quote(text, para, group, registry) for group in merge_direct(direct)]

    carry.open_quote = bool(para.spans) and not para.spans[-1].closed
    carry.intro = trailing_intro(para.text, para.cues, para.spans)
    last = (
        direct[-1][1] if direct and direct[-1][1].mention is not None else _reporting_speaker(para, indirect)
    )
    carry.lapsed_speaker = carry.last_speaker if last is None and not quotes else None
    carry.last_speaker = last
    return without_nested(quotes)


def _reporting_speaker(para: ParsedParagraph, indirect: list[Quote]) -> Attribution | None:
    """ "…, he said." then a paragraph that is a quotation alone: news goes on quoting whoever it just reported."""
    if not indirect or not para.cues:
        return None
    cue = para.cues[-1]
    named = cue.subject is not None and cue.subject.name and cue.subject.kind == "person"
    if not named or cue.family != "speech":  # not "experts say …": a group is no one to go on quoting
        return None
    return Attribution(cue.subject, None, "direct:after-report")


def _resolve_cues(para: ParsedParagraph, registry: SpeakerRegistry) -> None:
    for cue in para.cues:
        if cue.subject is not None:
            position = para.base + cue.start
            speaker = introduced(registry, cue.subject, position)
            cue.subject = registry.resolve(speaker, position, not_these=cue.not_speakers)
            note_speaker(cue.subject, registry, para.base + cue.subject.start)
        if cue.outlet and cue.subject and cue.subject.name:
            registry.outlets[cue.subject.name] = cue.outlet
