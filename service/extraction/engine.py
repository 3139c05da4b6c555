"""Turn one article's text into attributed quotations.

The article is split into paragraphs (boilerplate dropped), each paragraph read by spaCy (only as
much as it needs, see reading.py), and three rule families run over it: reported clauses of speech
verbs (indirect and mixed quotes), quotation marks credited to the cue beside them (direct quotes),
and quotations that carry on from the paragraph before (multi-paragraph and floating quotes).
"""
import re
from dataclasses import dataclass, field

from .article import Paragraph, split_paragraphs
from .confidence import confidence_for
from .cues import Cue, find_cues
from .direct import Attribution, attach, is_scare_quote, mention_class, trailing_intro
from .marks import MarkedSpan, find_marked_spans
from .model import load_model
from .prefilter import needs_parse
from .reading import ParagraphJob, read_paragraphs
from .lexicon import KIN_NOUNS, PERSON_NOUNS, TITLE_WORDS
from .coreference import SpeakerRegistry
from .mentions import Mention, describe_subject
from .naming import looks_like_person, name_core, name_tokens, written_name

MIN_CONTENT_WORDS = 3
QUOTE_ITSELF_SLACK = 12  # characters of a clause outside its quotation marks ("that “…”") still make it direct
UNATTRIBUTED_MIN_WORDS = 8
PERSON_WORDS = PERSON_NOUNS | TITLE_WORDS | KIN_NOUNS | {"professional", "boyfriend", "girlfriend", "partner"}
CONTEXT_PARAGRAPHS = 2  # a stand-alone quotation is credited to a person named as a subject this recently
SENTENCE_START = re.compile(r"[.!?][”\"’']?\s+$")
NOT_SPEAKER_LABELS = {"UPDATE", "EDITOR'S NOTE", "EDITOR’S NOTE", "NOTE", "WATCH", "READ MORE", "RELATED", "CORRECTION",
                      "PHOTOS", "VIDEO", "SOURCE", "SOURCES", "CLARIFICATION", "BREAKING", "EXCLUSIVE", "ANALYSIS"}
SIGNED_QUOTE = re.compile(r"^(.+[.!?…])\s+((?:[A-Z][\w'’-]+ ){1,2}[A-Z][\w'’-]+)$")
TRANSCRIPT_TURN = re.compile(r"^([\"“]?)([A-Z][A-Z.'’ -]{1,30}[A-Z]):\s+")


@dataclass
class Quote:
    text: str
    start: int
    end: int
    kind: str  # direct | indirect | mixed
    speaker: str | None
    speaker_kind: str | None  # person | organisation | description
    speaker_mention: dict | None
    cue: dict | None
    spoke_to: str | None
    rule: str
    confidence: float = 0.0
    parts: list[dict] = field(default_factory=list)  # [{"start", "end"}]: the spoken words, in order

    def to_dict(self) -> dict:
        return {
            "text": self.text, "start": self.start, "end": self.end, "parts": self.parts, "kind": self.kind,
            "speaker": self.speaker, "speaker_kind": self.speaker_kind, "speaker_mention": self.speaker_mention,
            "cue": self.cue, "spoke_to": self.spoke_to, "confidence": self.confidence, "rule": self.rule,
        }


@dataclass
class Extraction:
    quotes: list[Quote]
    speakers: dict[str, dict]  # name -> {"kind", "aliases", "facts"}
    title: str | None


@dataclass
class _Carry:
    """What one paragraph hands to the next."""

    last_speaker: Attribution | None = None
    open_quote: bool = False
    intro: Attribution | None = None
    recent_starts: list[int] = field(default_factory=list)  # where the last paragraphs began


@dataclass
class _Paragraph:
    """One parsed paragraph and what the rules found in it, offsets relative to the paragraph."""

    text: str
    base: int
    doc: object
    spans: list[MarkedSpan]
    cues: list[Cue] = field(default_factory=list)


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
    return [_extract_article(text, layout, by_article[i]) for i, (text, layout) in enumerate(zip(texts, layouts))]


def _extract_article(text: str, paragraphs: list[Paragraph], jobs: list[ParagraphJob]) -> Extraction:
    registry = SpeakerRegistry()
    for job in jobs:
        quoted = [(span.mark_start, span.mark_end) for span in job.spans]
        registry.learn_names(job.doc, job.paragraph.start, quoted)
    quotes: list[Quote] = []
    carry = _Carry()
    for job in jobs:
        quotes.extend(_paragraph_quotes(text, job.paragraph, job.spans, job.doc, registry, carry, job.parse))
    speakers = {
        q.speaker: {"kind": registry.kinds.get(q.speaker, q.speaker_kind),
                    "aliases": sorted(registry.aliases.get(q.speaker, set()) - {q.speaker}),
                    "facts": registry.facts.get(q.speaker, {})}
        for q in quotes if q.speaker
    }
    title = next((p.text for p in paragraphs if p.title), None)
    return Extraction(quotes, speakers, title)


def _paragraph_quotes(text: str, paragraph: Paragraph, spans: list[MarkedSpan], doc, registry: SpeakerRegistry,
                      carry: _Carry, parsed_fully: bool) -> list[Quote]:
    turn = _transcript_turn(text, paragraph, registry) or (None if spans else _signed_quote(text, paragraph, registry))
    if turn is not None:
        carry.last_speaker, carry.open_quote, carry.intro = None, False, None
        return [turn]
    para = _Paragraph(paragraph.text, paragraph.start, doc, spans)
    inside = lambda i: any(s.mark_start <= i < s.mark_end for s in para.spans)
    para.cues = find_cues(doc, inside) if parsed_fully else []
    for cue in para.cues:
        cue.base = para.base
        if cue.subject is not None:
            cue.subject.base = para.base
    if parsed_fully:
        reported = [cue.content for cue in para.cues if cue.content and cue.family != "belief"]
        _note_subjects(doc, lambda i: inside(i) or any(s <= i < e for s, e in reported), registry, para.base)
    else:
        _note_people(doc, registry, para.base)
    _resolve_cues(para, registry)

    clause_quotes, absorbed = _clause_quotes(text, para, registry)
    context = registry.person_since(carry.recent_starts[0]) if carry.recent_starts else None
    direct = _direct_attributions(para, absorbed, carry, context, registry)
    quotes = clause_quotes + [_direct_quote(text, para, group, registry) for group in _merge(direct)]

    carry.open_quote = bool(para.spans) and not para.spans[-1].closed
    carry.intro = trailing_intro(para.text, para.cues, para.spans)
    carry.last_speaker = direct[-1][1] if direct and direct[-1][1].mention is not None else None
    carry.recent_starts = [*carry.recent_starts, para.base][-CONTEXT_PARAGRAPHS:]
    return _without_nested(quotes)


def _resolve_cues(para: _Paragraph, registry: SpeakerRegistry) -> None:
    for cue in para.cues:
        if cue.subject is not None:
            cue.subject = registry.resolve(cue.subject, para.base + cue.start, not_these=cue.not_speakers)
        if cue.outlet and cue.subject and cue.subject.name:
            registry.outlets[cue.subject.name] = cue.outlet


def _clause_quotes(text: str, para: _Paragraph, registry) -> tuple[list[Quote], set[int]]:
    """Indirect and mixed quotations: the clause a speech verb reports. Returns them and the marked spans they absorb."""
    quotes, absorbed = [], set()
    for cue in para.cues:
        if cue.content is None or cue.family in {"contact", "belief"} or cue.subject is None:
            continue  # beliefs are the reporter's account, not a quotation; a cue needs someone speaking
        start, end = cue.content
        inner = [s for s in para.spans if s.start < end and start < s.end]
        if inner:  # a clause that runs into a quotation takes all of it
            start, end = min(start, inner[0].mark_start), max(end, inner[-1].mark_end)
        outside = (end - start) - sum(s.mark_end - s.mark_start for s in inner)
        if inner and outside <= QUOTE_ITSELF_SLACK:
            continue  # the clause is the quotation itself: a direct quote
        if len(para.text[start:end].split()) < MIN_CONTENT_WORDS:
            continue
        kind = "mixed" if inner else "indirect"
        absorbed.update(id(s) for s in inner)
        rule = f"{kind}:{cue.family}:{mention_class(cue.subject)}"
        parts = [(para.base + s, para.base + e) for s, e in _around_parenthetical(para.text, (start, end), cue)]
        quotes.append(_make_quote(text, para.base, (start, end), kind, Attribution(cue.subject, cue, rule), registry,
                                  parts))
    return quotes, absorbed


def _around_parenthetical(text: str, span: tuple[int, int], cue: Cue) -> list[tuple[int, int]]:
    """"Too often, he says, they get it": the reported words on either side of a cue set off by commas."""
    start, end = span
    opened, closed = text.rfind(",", start, cue.start), text.find(",", cue.end, end)
    said_by = cue.subject.start if cue.subject is not None and cue.subject.base == cue.base else cue.start
    if not start < opened < min(cue.start, said_by) or closed < 0:
        return [span]
    left = (start, start + len(text[start:opened].rstrip()))
    right = (end - len(text[closed + 1:end].lstrip()), end)
    return [left, right] if left[0] < left[1] and right[0] < right[1] else [span]


def _direct_attributions(para: _Paragraph, absorbed: set[int], carry: _Carry, context: Mention | None,
                         registry: SpeakerRegistry) -> list[tuple[MarkedSpan, Attribution]]:
    direct: list[tuple[MarkedSpan, Attribution]] = []
    continues = carry.open_quote and para.spans and para.spans[0].mark_start == 0
    for i, span in enumerate(para.spans):
        if id(span) in absorbed:
            continue
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
        if attribution is None and carry.last_speaker is not None and span.mark_start == 0:
            attribution = Attribution(carry.last_speaker.mention, None, "direct:floating")
        if attribution is None:
            attribution = _after_earlier_cue(para, span) or _colon_after_subject(para, span, registry)
        if attribution is None and _whole_paragraph(para, span):
            # a quotation standing alone as a paragraph is most often the person the paragraphs before were about
            attribution = Attribution(context, None, "direct:context" if context else "direct:unattributed")
        if attribution is not None:
            direct.append((span, attribution))
    return direct


def _after_earlier_cue(para: _Paragraph, span: MarkedSpan) -> Attribution | None:
    """"… because “A,” she said. “B.”": a quotation opening a sentence continues the speaker of the cue before it."""
    if not SENTENCE_START.search(para.text[:span.mark_start]):
        return None
    earlier = [c for c in para.cues if c.end <= span.mark_start and c.subject is not None and c.family != "contact"]
    return Attribution(earlier[-1].subject, None, "direct:floating") if earlier else None


def _colon_after_subject(para: _Paragraph, span: MarkedSpan, registry: SpeakerRegistry) -> Attribution | None:
    """"Martell, the addictions doctor, is more blunt: “…”": a sentence about a named person (or he, she) that a
    colon hands to the quotation credits it to that person, with no speech verb."""
    before = para.text[:span.mark_start].rstrip()
    colon = next((t for t in para.doc if t.idx == len(before) - 1), None) if before.endswith(":") else None
    if colon is None or not colon.dep_:
        return None  # not parsed
    subject = next((t for t in colon.sent if t.i < colon.i and t.dep_ == "nsubj" and t.head.i < colon.i), None)
    if subject is None or not _is_name_or_pronoun(subject):
        return None
    mention = describe_subject(subject)
    mention.base = para.base
    mention = registry.resolve(mention, para.base + subject.idx)
    return Attribution(mention, None, "direct:colon") if mention.kind == "person" and mention.name else None


def _is_name_or_pronoun(token) -> bool:
    return token.pos_ == "PROPN" or token.lower_ in {"he", "she"}


def _whole_paragraph(para: _Paragraph, span: MarkedSpan) -> bool:
    return span.mark_start == 0 and len(para.text) - span.mark_end <= 2 \
        and len(para.text[span.start:span.end].split()) >= UNATTRIBUTED_MIN_WORDS


def _merge(direct):
    """Group consecutive quotations credited to the same cue, or following on from one, into one quotation."""
    groups = []
    for span, attribution in direct:
        previous = groups[-1][-1][1] if groups else None
        if previous is not None and attribution.mention is previous.mention \
                and (attribution.cue is None or attribution.cue is previous.cue):
            groups[-1].append((span, attribution))
        else:
            groups.append([(span, attribution)])
    return groups


def _direct_quote(text: str, para: _Paragraph, group, registry) -> Quote:
    first, last = group[0][0], group[-1][0]
    attribution = next((a for _, a in group if a.cue is not None), group[0][1])
    parts = [(para.base + span.mark_start, para.base + span.mark_end) for span, _ in group]  # marks included, as printed
    return _make_quote(text, para.base, (first.mark_start, last.mark_end), "direct", attribution, registry, parts)


def _transcript_turn(text: str, paragraph: Paragraph, registry: SpeakerRegistry) -> Quote | None:
    """"PENCE: Well, look, …" in an interview transcript: the whole turn is the labelled speaker's."""
    match = TRANSCRIPT_TURN.match(paragraph.text)
    if match is None or match.group(2) in NOT_SPEAKER_LABELS or not registry.names_person(match.group(2)):
        return None  # "KEEPING SCORE: …", "FED TALK: …": a section label, not a speaker's turn
    label = match.group(2)
    mention = Mention(match.start(2), match.end(2), label, name=label.title(), kind="person", base=paragraph.start)
    mention = registry.resolve(mention, paragraph.start + match.start(2))
    end = len(paragraph.text)
    if match.group(1) and paragraph.text.endswith(("\"", "”")):
        end -= 1
    attribution = Attribution(mention, None, "direct:transcript")
    return _make_quote(text, paragraph.start, (match.end(), end), "direct", attribution, registry)


def _signed_quote(text: str, paragraph: Paragraph, registry: SpeakerRegistry) -> Quote | None:
    """A pull quote signed with its speaker's name: "I'm still thankful for what it's brought me. Morgan McNeely"."""
    match = SIGNED_QUOTE.match(paragraph.text)
    if match is None or len(match.group(1).split()) < UNATTRIBUTED_MIN_WORDS or not registry.names_person(match.group(2)):
        return None
    name = match.group(2)
    mention = registry.resolve(Mention(match.start(2), match.end(2), name, name=name, kind="person",
                                       base=paragraph.start), paragraph.start + match.start(2))
    return _make_quote(text, paragraph.start, match.span(1), "direct", Attribution(mention, None, "direct:signed"),
                       registry)


def _without_nested(quotes: list[Quote]) -> list[Quote]:
    """Drop a quotation lying wholly inside another one (a cue inside reported speech)."""
    quotes.sort(key=lambda q: (q.start, -q.end))
    kept: list[Quote] = []
    for quote in quotes:
        if kept and quote.end <= kept[-1].end:
            continue
        kept.append(quote)
    return kept


def _note_subjects(doc, inside, registry: SpeakerRegistry, base: int) -> None:
    """Remember who is the subject of each sentence, for resolving later pronouns."""
    for token in doc:
        if token.dep_ in {"nsubj", "nsubjpass"} and not inside(token.idx) and token.pos_ in {"PROPN", "NOUN"}:
            mention = describe_subject(token)
            if mention.name:
                mention.base = base
                mention = registry.resolve(mention, base + token.idx)
                unnamed = mention.kind == "description"
                someone = unnamed and token.tag_ == "NN" and token.lower_ in PERSON_WORDS
                registry.note_subject(mention, base + token.idx, someone, group=unnamed and token.tag_ == "NNS")
    for ent in doc.ents:  # the small parser sometimes misses a named subject ("Having lost so much, McNeely was")
        if ent.label_ == "PERSON" and _misparsed_subject(ent.root) and not inside(ent.root.idx):
            _note_person(ent, registry, base)


def _misparsed_subject(token) -> bool:
    """A name standing before its verb, with no subject of its own, that the parser attached as a modifier."""
    verb = token.head
    return token.dep_ in {"advmod", "npadvmod", "dep"} and verb.pos_ in {"VERB", "AUX"} and token.i < verb.i \
        and not any(child.dep_ in {"nsubj", "nsubjpass"} for child in verb.children)


def _note_people(doc, registry: SpeakerRegistry, base: int) -> None:
    """In a paragraph read for names only, the people named are the candidates for a later pronoun."""
    for ent in doc.ents:
        if ent.label_ == "PERSON":
            _note_person(ent, registry, base)


def _note_person(ent, registry: SpeakerRegistry, base: int) -> None:
    core = name_core(name_tokens(ent))[1]
    name = written_name(core)
    if name and looks_like_person(core, ent.label_):
        mention = registry.resolve(Mention(ent.start_char, ent.end_char, ent.text, name=name, kind="person", base=base),
                                   base + ent.start_char)
        registry.note_subject(mention, base + ent.start_char)


def _make_quote(text: str, base: int, span, kind: str, attribution: Attribution, registry: SpeakerRegistry,
                parts: list[tuple[int, int]] | None = None) -> Quote:
    """A Quote with article offsets. Its text is the spoken words only: the parts joined by a space, without
    an attribution standing between them ("“A,” she said, “B.”")."""
    parts = [_without_space(text, s, e) for s, e in parts or [(base + span[0], base + span[1])]]
    start, end = parts[0][0], parts[-1][1]
    mention, cue = attribution.mention, attribution.cue
    speaker = mention.name if mention else None
    outlet = (cue.outlet if cue else None) or registry.outlets.get(speaker)
    return Quote(
        text=" ".join(text[s:e] for s, e in parts), start=start, end=end, kind=kind, speaker=speaker,
        speaker_kind=registry.kinds.get(speaker, mention.kind if mention else None) if speaker else None,
        speaker_mention=_located(mention) if mention else None,
        cue=_located(cue) if cue else None,
        spoke_to=outlet, rule=attribution.rule, confidence=confidence_for(attribution.rule),
        parts=[{"start": s, "end": e} for s, e in parts],
    )


def _without_space(text: str, start: int, end: int) -> tuple[int, int]:
    """A span without the white space (no-break spaces included) at its edges."""
    piece = text[start:end]
    return start + len(piece) - len(piece.lstrip()), end - len(piece) + len(piece.rstrip())


def _located(found: Mention | Cue) -> dict:
    """A mention or cue with article offsets (in the paragraph it stands in, which may be an earlier one)."""
    start, end = found.base + found.start, found.base + found.end
    return {"text": found.text, "start": start, "end": end}
