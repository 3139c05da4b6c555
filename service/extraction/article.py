"""Split an article into paragraphs and tell reporting from boilerplate.

Offsets always index the original text, so nothing here copies or rewrites it.
"""

import re
from dataclasses import dataclass

BOILERPLATE_LINES = re.compile(
    r"""^(leave\ a\ (reply|comment)|please\ enter\ your\ (comment|name|email)
        |this\ site\ uses\ akismet|learn\ how\ your\ comment\ data
        |(sign\ up|subscribe)\b|share\ (this|on)\b|follow\ (us|\w+(\ \w+)?\ on\ (twitter|facebook|instagram))\b|click\ here\b
        |read\ (more|the\ rest|the\ full)\b|related:|advertisement$|you\ must\ be\ logged\ in
        |(image|photo|picture)(\ credit)?:|comments?$|notify\ me\ of
        |(watch|look|listen|more|also\ read|see\ also)(\ (below|here|live|now|more|video))?\s*:)""",
    re.IGNORECASE | re.VERBOSE,
)
PICTURE_CREDIT = re.compile(
    r"(?i:\b(picture|photo|image)\s+credit\b|\((getty|ap|reuters|afp)( images)?\)\s*$)"
    r"|^(?:[A-Z][\w.'’-]+ ){1,3}/ (?:The )?[A-Z][\w&]+(?: [A-Z][\w&]+)*"
    r" (?:Press|Images|Photo|Photos|News|Handout|Pictures)\b"  # "Tijana Martin / The Canadian Press …"
    r"|^(?:The Canadian Press|The Associated Press|Getty Images|AP Photo|Reuters|AFP) [A-Z]"
    # "… Surrey, B.C. (CBC)", "( Dreamstime )": up to six capitalised words, one space or
    # slash apart. Written so that a word can end in one place only: as (?:W*[ /]?){1,6},
    # one run of letters split into up to six words in every way, it took n**5 steps
    # ("(" + "A" * 100 + "!" took a minute)
    r"|\(\s*[A-Z][\w.'’&-]*(?:[ /][A-Z][\w.'’&-]*){0,5}[ /]?\s*\)$"
)
MAX_PARAGRAPH_CHARS = 20_000  # a longer paragraph (a page's text on one line) is read in pieces
RELATED_HEADLINE_TAG = re.compile(r"\[[A-Z0-9][A-Z0-9 &'’:-]*\]\s*$")
VIDEO_CAPTION = re.compile(r"\s\d{1,2}:\d{2}$")  # "The CBC's Richard Cuthbertson reports. 10:43"
# a line of shopping credits: "Aesop Double-Edge Razor, $180, aesop.com …" (product, price, where to buy it),
# from its start: prose that a shop trailer was glued onto keeps its quotations
PRODUCT_CREDIT = re.compile(
    r"^[^.!?“”\"]{1,120}?,\s*[$€£]\s?\d[\d,.]*\s*,\s*(?:www\.)?[\w-]+(?:\.[\w-]+)*\.[a-z]{2,6}\b"
)


@dataclass(frozen=True)
class Paragraph:
    start: int
    end: int
    text: str
    boilerplate: bool
    title: bool = False


def is_boilerplate(line: str) -> bool:
    stripped = line.strip()
    return bool(
        BOILERPLATE_LINES.match(stripped)
        or PICTURE_CREDIT.search(stripped)
        or RELATED_HEADLINE_TAG.search(stripped)
        or VIDEO_CAPTION.search(stripped)
        or PRODUCT_CREDIT.search(stripped)
    )


REPEAT_MIN_CHARS = 40  # shorter lines ("Advertisement", "Watch:") recur by design and are told apart above
HEADING_WORDS = 25  # a headline, a subheading, a related-story link: short, and no sentence ends it


def is_heading(text: str, quoted: bool) -> bool:
    """ "Taliban say they freed US, Australian hostages", "- Jones tells Belichick story from '90s …": headings and
    labels are not reporting, whatever verb they use. A heading is short, ends in a word (not punctuation, a
    figure, a symbol or a web address) and quotes nobody (`quoted`: it holds quotation marks)."""
    body = text.rstrip()
    short = len(body.split()) <= HEADING_WORDS
    return short and not quoted and body[-1:].isalpha() and "://" not in body and "www." not in body


def split_paragraphs(text: str) -> list[Paragraph]:
    """One Paragraph per non-blank line; the first is the title, and lines repeating it are titles too. A long
    line printed again (a pull quote, a caption, a section the page repeats) is boilerplate the second time:
    its words were reported once."""
    paragraphs: list[Paragraph] = []
    title, seen = None, set()
    for match in re.finditer(r"[^\n]+", text):
        line = match.group()
        lead = len(line) - len(line.lstrip())
        body = line.strip()
        if not body:
            continue
        start = match.start() + lead
        is_title = title is None or body == title
        if title is None:
            title = body
        boilerplate = not is_title and (is_boilerplate(body) or body in seen)
        if len(body) >= REPEAT_MIN_CHARS:
            seen.add(body)
        for piece_start, piece in _pieces(start, body):
            paragraphs.append(
                Paragraph(piece_start, piece_start + len(piece), piece, boilerplate, title=is_title)
            )
    return paragraphs


def _pieces(start: int, body: str):
    """A paragraph as pieces of at most MAX_PARAGRAPH_CHARS, cut after a sentence where one ends (else at a
    space): the model reads at most a million characters at once, and needs memory in proportion."""
    while len(body) > MAX_PARAGRAPH_CHARS:
        window = body[:MAX_PARAGRAPH_CHARS]
        cut = (
            max(window.rfind(". "), window.rfind("? "), window.rfind("! ")) + 1
            or window.rfind(" ") + 1
            or MAX_PARAGRAPH_CHARS
        )
        piece = body[:cut].rstrip()
        if piece:
            yield start, piece
        rest = body[cut:]
        start, body = start + cut + len(rest) - len(rest.lstrip()), rest.lstrip()
    if body:
        yield start, body
