"""A quotation as the engine hands it on: its words, offsets, parts, speaker, cue and outlet."""

from dataclasses import dataclass, field

from .confidence import confidence_for
from .coreference import SpeakerRegistry
from .cues import Cue
from .direct import Attribution
from .mentions import Mention


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


def make_quote(text: str, base: int, span, kind: str, attribution: Attribution, registry: SpeakerRegistry,
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
        speaker_mention=located(mention) if mention else None,
        cue=located(cue) if cue else None,
        spoke_to=outlet, rule=attribution.rule, confidence=confidence_for(attribution.rule),
        parts=[{"start": s, "end": e} for s, e in parts],
    )


def _without_space(text: str, start: int, end: int) -> tuple[int, int]:
    """A span without the white space (no-break spaces included) at its edges."""
    piece = text[start:end]
    return start + len(piece) - len(piece.lstrip()), end - len(piece) + len(piece.rstrip())


def located(found: Mention | Cue) -> dict:
    """A mention or cue with article offsets (in the paragraph it stands in, which may be an earlier one)."""
    start, end = found.base + found.start, found.base + found.end
    return {"text": found.text, "start": start, "end": end}


def without_nested(quotes: list[Quote]) -> list[Quote]:
    """Drop a quotation lying wholly inside another one (a cue inside reported speech)."""
    quotes.sort(key=lambda q: (q.start, -q.end))
    kept: list[Quote] = []
    for quote in quotes:
        if kept and quote.end <= kept[-1].end:
            continue
        kept.append(quote)
    return kept
