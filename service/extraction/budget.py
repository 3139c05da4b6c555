"""The per-article budget: how much of one article extraction reads.

Extraction costs time and memory in proportion to the text it reads (bench/adversarial.py: each doubling of a
hostile article costs at most ~2.3x): news reads at ~40,000 characters a second on one core of this machine,
a paragraph that is a quotation in every sentence at ~6,000. The loader
accepts articles up to 5 MB, so extraction reads at most MAX_EXTRACTED_CHARS of each: the rest of a longer
article is stored and shown, but not searched for quotations, and the load says so for that article. Offsets
stay offsets into the whole text, since what is read is its beginning.
"""

MAX_EXTRACTED_CHARS = 300_000  # the densest shape measured (a quotation a sentence) reads ~6,000 a second


def within_budget(text: str) -> str:
    """The beginning of `text` that extraction reads: all of it, or up to the last line (else space) break
    within the budget."""
    if len(text) <= MAX_EXTRACTED_CHARS:
        return text
    cut = text.rfind("\n", 0, MAX_EXTRACTED_CHARS)
    if cut < MAX_EXTRACTED_CHARS // 2:
        cut = text.rfind(" ", 0, MAX_EXTRACTED_CHARS)
    return text[: cut if cut > 0 else MAX_EXTRACTED_CHARS]


def over_budget(text: str) -> str | None:
    """What to tell about an article extraction reads only part of, or None."""
    if len(text) <= MAX_EXTRACTED_CHARS:
        return None
    return (
        f"only its first {len(within_budget(text)):,} of {len(text):,} characters were searched for "
        f"quotations (the budget is {MAX_EXTRACTED_CHARS:,} characters an article)"
    )
