"""Turn one article's text into attributed quotations."""
import re
from dataclasses import dataclass, field

from .article import Paragraph, split_paragraphs
from .confidence import confidence_for
from .cues import Cue, find_cues
from .marks import MarkedSpan, find_marked_spans
from .model import load_model
from .speakers import Mention, SpeakerRegistry, describe_subject

SCARE_QUOTE_MAX_WORDS = 3
SENTENCE_END = re.compile(r"[.!?][”\"’']*\s")
ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "sen", "rep", "gov", "st", "jr", "sr", "lt", "gen", "col", "capt", "prof",
                 "no", "vs", "sgt", "rev", "u.s", "u.k", "maj", "messrs", "inc", "co", "corp", "ltd", "ft", "mt"}
MIN_CONTENT_WORDS = 3


@dataclass
class Quote:
    text: str
    start: int
    end: int
    kind: str  # direct | indirect | mixed
    speaker: str | None
    speaker_kind: str | None
    speaker_mention: dict | None
    cue: dict | None
    spoke_to: str | None
    rule: str
    confidence: float = 0.0

    def to_dict(self) -> dict:
        return {
            "text": self.text, "start": self.start, "end": self.end, "kind": self.kind,
            "speaker": self.speaker, "speaker_kind": self.speaker_kind, "speaker_mention": self.speaker_mention,
            "cue": self.cue, "spoke_to": self.spoke_to, "confidence": self.confidence, "rule": self.rule,
        }


@dataclass
class Extraction:
    quotes: list[Quote]
    speakers: dict[str, dict]  # name -> {"kind", "aliases", "facts"}
    title: str | None


@dataclass
class _Attribution:
    """Who a quotation is credited to, as found in the text."""

    mention: Mention | None
    cue: Cue | None
    outlet: str | None
    rule: str


@dataclass
class _ParagraphState:
    last_speaker: _Attribution | None = None
    open_quote: bool = False
    intro: _Attribution | None = None  # "He explained:" at the end of a paragraph
    pending: list = field(default_factory=list)


def extract(text: str, nlp=None) -> Extraction:
    return extract_many([text], nlp)[0]


def extract_many(texts: list[str], nlp=None, batch_size: int = 64) -> list[Extraction]:
    nlp = nlp or load_model()
    layouts = [split_paragraphs(text) for text in texts]
    jobs = [(i, p) for i, paras in enumerate(layouts) for p in paras if not p.boilerplate and not p.title]
    docs = nlp.pipe((p.text for _, p in jobs), batch_size=batch_size)
    parsed: list[list[tuple[Paragraph, object]]] = [[] for _ in texts]
    for (i, paragraph), doc in zip(jobs, docs):
        parsed[i].append((paragraph, doc))
    return [_extract_article(text, paras, parsed[i]) for i, (text, paras) in enumerate(zip(texts, layouts))]


def _extract_article(text: str, paragraphs: list[Paragraph], parsed) -> Extraction:
    registry = SpeakerRegistry()
    for paragraph, doc in parsed:
        registry.learn_names(doc, paragraph.start)
    quotes: list[Quote] = []
    state = _ParagraphState()
    for paragraph, doc in parsed:
        quotes.extend(_paragraph_quotes(text, paragraph, doc, registry, state))
    speakers = {
        q.speaker: {"kind": registry.kinds.get(q.speaker, q.speaker_kind),
                    "aliases": sorted(registry.aliases.get(q.speaker, set()) - {q.speaker}),
                    "facts": registry.facts.get(q.speaker, {})}
        for q in quotes if q.speaker
    }
    title = next((p.text for p in paragraphs if p.title), None)
    return Extraction(quotes, speakers, title)


def _paragraph_quotes(text, paragraph, doc, registry, state) -> list[Quote]:
    base = paragraph.start
    spans = [s for s in find_marked_spans(paragraph.text)]
    inside = lambda i: any(s.mark_start <= i < s.mark_end for s in spans)
    cues = find_cues(doc, inside)
    _note_subjects(doc, inside, registry, base)
    continues = state.open_quote and spans and spans[0].mark_start == 0

    attributions: dict[int, _Attribution] = {}
    for cue in cues:
        if cue.subject is not None:
            cue.subject = registry.resolve(cue.subject, base + cue.start)
        if cue.outlet and cue.subject and cue.subject.name:
            registry.outlets[cue.subject.name] = cue.outlet

    quotes: list[Quote] = []
    consumed_cues: set[int] = set()
    direct: list[tuple[MarkedSpan, _Attribution]] = []
    mixed_spans: set[int] = set()
    for cue_index, cue in enumerate(cues):
        if cue.content is None or cue.family == "contact":
            continue
        overlapping = [s for s in spans if s.start < cue.content[1] and cue.content[0] < s.end]
        if overlapping:  # a clause that runs into a quotation takes all of it
            cue.content = (min(cue.content[0], overlapping[0].mark_start), max(cue.content[1], overlapping[-1].mark_end))
        inner = overlapping
        outside = (cue.content[1] - cue.content[0]) - sum(s.mark_end - s.mark_start for s in inner)
        if overlapping and outside <= 12:
            continue  # the clause is the quotation itself: handled as a direct quote below
        if len(doc.text[cue.content[0]:cue.content[1]].split()) < MIN_CONTENT_WORDS:
            continue
        kind = "mixed" if inner else "indirect"
        for s in inner:
            mixed_spans.add(id(s))
        consumed_cues.add(cue_index)
        rule = f"{kind}:{cue.family}:{_mention_class(cue.subject)}"
        quotes.append(_make_quote(text, base, cue.content, kind, _Attribution(cue.subject, cue, None, rule), registry))

    for i, span in enumerate(spans):
        if id(span) in mixed_spans:
            continue
        attribution = _attach_direct(doc, span, spans, cues)
        if attribution is None and i == 0 and (continues or state.intro is not None):
            attribution = state.intro if not continues and state.intro else state.last_speaker
            if attribution is not None:
                attribution = _Attribution(attribution.mention, attribution.cue, attribution.outlet,
                                           "direct:continued" if continues else "direct:introduced")
        if attribution is None and direct:
            prev = direct[-1][1]
            attribution = _Attribution(prev.mention, prev.cue, prev.outlet, prev.rule)
        if attribution is None and _is_scare_quote(doc.text, span):
            continue
        if attribution is None and state.last_speaker is not None and span.mark_start == 0:
            prev = state.last_speaker
            attribution = _Attribution(prev.mention, None, prev.outlet, "direct:floating")
        if attribution is None:
            attribution = _Attribution(None, None, None, "direct:unattributed")
        direct.append((span, attribution))

    for group in _merge_direct(direct):
        first, last = group[0][0], group[-1][0]
        attribution = next((a for _, a in group if a.cue is not None), group[0][1])
        quotes.append(_make_quote(text, base, (first.start, last.end), "direct", attribution, registry))

    state.open_quote = bool(spans) and not spans[-1].closed
    state.intro = _trailing_intro(doc, cues, spans)
    speaking = [q for q in quotes if q.speaker]
    if direct and direct[-1][1].mention is not None:
        state.last_speaker = direct[-1][1]
    elif speaking:
        state.last_speaker = None
    elif not spans:
        state.last_speaker = None
    return _without_nested(quotes)


def _without_nested(quotes: list[Quote]) -> list[Quote]:
    """Drop a quotation lying wholly inside another one (a cue inside reported speech)."""
    quotes.sort(key=lambda q: (q.start, -q.end))
    kept: list[Quote] = []
    for quote in quotes:
        if kept and quote.end <= kept[-1].end:
            continue
        kept.append(quote)
    return kept


def _note_subjects(doc, inside, registry, base) -> None:
    for token in doc:
        if token.dep_ in {"nsubj", "nsubjpass"} and not inside(token.idx) and token.pos_ in {"PROPN", "NOUN"}:
            mention = describe_subject(token)
            if mention.name:
                mention = registry.resolve(mention, base + token.idx)
                registry.note_subject(mention.name, mention.kind or "person", base + token.idx)


def _attach_direct(doc, span: MarkedSpan, spans, cues) -> _Attribution | None:
    """The cue credited with a quotation: just after it ("“…,” she said"), or just before it ("He said: “…”")."""
    after = [c for c in cues if c.family != "according" and span.mark_end <= c.start <= span.mark_end + 60
             and _only_attribution_between(doc.text, span.mark_end, c.start, spans)]
    before = [c for c in cues if c.end <= span.mark_start and _same_sentence_before(doc.text, c.end, span.mark_start)]
    ends_open = doc.text[span.start:span.end].rstrip()[-1:] in {",", "?", "!", "—", "-", "…"}
    options = []
    if before and doc.text[before[-1].end:span.mark_start].strip().endswith(":"):
        options.append((before[-1], "direct:colon"))
    if after and (ends_open or not before):
        options.append((after[0], "direct:after"))
    if before:
        options.append((before[-1], "direct:before"))
    if after:
        options.append((after[0], "direct:after"))
    for cue, how in options:
        if cue.subject is None and cue.family != "according":
            continue
        return _Attribution(cue.subject, cue, None, f"{how}:{_mention_class(cue.subject)}")
    return None


def _only_attribution_between(text: str, start: int, end: int, spans) -> bool:
    gap = text[start:end]
    if any(start <= s.mark_start < end for s in spans):
        return False
    return not _has_sentence_break(gap) and len(gap.split()) <= 8


def _same_sentence_before(text: str, start: int, end: int) -> bool:
    gap = text[start:end]
    return not _has_sentence_break(gap) and len(gap.split()) <= 12


def _has_sentence_break(gap: str) -> bool:
    for match in SENTENCE_END.finditer(gap):
        word = gap[:match.start()].split()[-1:] or [""]
        if word[0].lower().strip("(\"“") not in ABBREVIATIONS and not re.fullmatch(r"(?:[A-Z]\.)*[A-Z]", word[0]):
            return True
    return False


def _is_scare_quote(text: str, span: MarkedSpan) -> bool:
    """Words in marks that nobody is quoted as saying: scare quotes and titles ("The Steve Harvey Morning Show")."""
    words = text[span.start:span.end].split()
    capitalised = [w for w in words if w[:1].isupper() or not w[:1].isalpha()]
    return len(words) <= SCARE_QUOTE_MAX_WORDS or len(capitalised) == len(words) and len(words) <= 8


def _trailing_intro(doc, cues, spans) -> _Attribution | None:
    """A paragraph that ends "…he said:" introduces the quotation in the next one."""
    stripped = doc.text.rstrip()
    if not stripped.endswith(":") or not cues:
        return None
    cue = cues[-1]
    if spans and spans[-1].mark_end > cue.end or cue.subject is None:
        return None
    return _Attribution(cue.subject, cue, None, "direct:introduced")


def _merge_direct(direct):
    """Group consecutive quotations credited to the same cue or following on from one, as one quotation."""
    groups = []
    for span, attribution in direct:
        if groups and (attribution.cue is None or attribution.cue is groups[-1][-1][1].cue) \
                and attribution.mention is groups[-1][-1][1].mention:
            groups[-1].append((span, attribution))
        else:
            groups.append([(span, attribution)])
    return groups


def _mention_class(mention: Mention | None) -> str:
    if mention is None:
        return "none"
    if mention.pronoun:
        return "pronoun" if mention.name else "pronoun-unresolved"
    if mention.kind == "description" or not mention.name:
        return "description"
    return "named"


def _make_quote(text, base, span, kind, attribution: _Attribution, registry: SpeakerRegistry) -> Quote:
    start, end = base + span[0], base + span[1]
    mention, cue = attribution.mention, attribution.cue
    speaker = mention.name if mention else None
    outlet = attribution.outlet or (cue.outlet if cue else None) or registry.outlets.get(speaker)
    return Quote(
        text=text[start:end], start=start, end=end, kind=kind, speaker=speaker,
        speaker_kind=registry.kinds.get(speaker, mention.kind if mention else None) if speaker else None,
        speaker_mention={"text": mention.text, "start": base + mention.start, "end": base + mention.end} if mention else None,
        cue={"text": cue.text, "start": base + cue.start, "end": base + cue.end} if cue else None,
        spoke_to=outlet, rule=attribution.rule, confidence=confidence_for(attribution.rule),
    )
