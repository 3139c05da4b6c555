"""What the rules know of one parsed paragraph, and what one paragraph hands to the next."""

from dataclasses import dataclass, field

from .cues import Cue
from .direct import Attribution
from .marks import MarkedSpan
from .mentions import Mention


@dataclass
class Carry:
    """What one paragraph hands to the next."""

    last_speaker: Attribution | None = None
    open_quote: bool = False
    intro: Attribution | None = None
    recent_starts: list[int] = field(default_factory=list)  # where the last paragraphs began
    lapsed_speaker: Attribution | None = None  # who was quoted two paragraphs back, with none quoted since

    def forget(self) -> None:
        """A heading or another speaker's turn: nothing carries over it."""
        self.last_speaker, self.open_quote, self.intro, self.lapsed_speaker = None, False, None, None


@dataclass
class ParsedParagraph:
    """One parsed paragraph and what the rules found in it, offsets relative to the paragraph."""

    text: str
    base: int
    doc: object
    spans: list[MarkedSpan]
    cues: list[Cue] = field(default_factory=list)
    signed_by: Mention | None = None  # the name a dash line after the paragraph signs it with (an epigraph)
