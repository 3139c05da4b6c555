"""Confidence of a quotation: how often the rule that found it is right.

Each value is the share of that rule's quotations that matched an annotated attribution
(overlap > 0.3) with a compatible speaker on the PolNeAR dev set, Laplace-smoothed
((right + 1) / (n + 2)); `quotedb calibrate GOLD.json` prints the same table for any
annotated set. Rules seen fewer than 10 times there fall back to their family's figure
(continued multi-paragraph quotes, rare in that corpus, keep the figure of the quote they continue).
"""

BY_RULE = {
    "direct:after:named": 0.95,
    "direct:after:pronoun": 0.98,
    "direct:after:description": 0.74,
    "direct:before:named": 0.76,
    "direct:before:pronoun": 0.84,
    "direct:before:description": 0.55,
    "direct:colon": 0.90,
    "direct:signature": 0.90,
    "direct:transcript": 0.83,
    "direct:introduced": 0.83,
    "direct:continued": 0.80,
    "direct:floating": 0.47,
    "direct:unattributed": 0.25,
    "indirect:speech:named": 0.89,
    "indirect:speech:pronoun": 0.94,
    "indirect:speech:pronoun-unresolved": 0.90,
    "indirect:speech:description": 0.89,
    "indirect:according": 0.88,
    "mixed:speech:named": 0.92,
    "mixed:speech:pronoun": 0.88,
    "mixed:speech:description": 0.80,
    "mixed:according": 0.70,
}
DEFAULT = 0.5


def confidence_for(rule: str) -> float:
    """The figure for the rule, else for the longest prefix of it that has one."""
    parts = rule.split(":")
    for size in range(len(parts), 0, -1):
        value = BY_RULE.get(":".join(parts[:size]))
        if value is not None:
            return value
    return DEFAULT
