"""Confidence of a quotation, from the rule that found it."""

DEFAULT = 0.5
BY_RULE: dict[str, float] = {}


def confidence_for(rule: str) -> float:
    return BY_RULE.get(rule, DEFAULT)
