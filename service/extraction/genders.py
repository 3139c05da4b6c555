"""A person's gender as the article tells it: an honorific or kin word before the name ("Mrs", "her father"),
or the pronouns that follow the name before anyone else is named."""

from collections import Counter, defaultdict
from collections.abc import Callable

GENDER_WINDOW = 150  # characters from a name to the pronoun that tells its gender
GENDERED_WORDS = {
    "mr": "m",
    "mrs": "f",
    "ms": "f",
    "miss": "f",
    "sir": "m",
    "dame": "f",
    "lady": "f",
    "lord": "m",
    "father": "m",
    "son": "m",
    "husband": "m",
    "brother": "m",
    "boyfriend": "m",
    "uncle": "m",
    "grandfather": "m",
    "nephew": "m",
    "mother": "f",
    "daughter": "f",
    "wife": "f",
    "sister": "f",
    "girlfriend": "f",
    "aunt": "f",
    "grandmother": "f",
    "niece": "f",
    "widow": "f",
    "widower": "m",
}


def noun_gender(head: str) -> str | None:
    """The gender a noun for a person gives ("daughter", "spokeswoman"), if it gives one."""
    if head.endswith("woman"):
        return "f"
    return "m" if head.endswith("man") else GENDERED_WORDS.get(head)


def article_genders(
    person_marks: list[tuple[int, str, str | None, bool]],
    pronoun_marks: list[tuple[int, str]],
    fullest: Callable[[str, int, str], str],
) -> dict[str, str]:
    """person_marks: (position, name, gender an honorific gives, whether a pronoun after it can be about it);
    pronoun_marks: (position, "m" or "f"); fullest: the full name a mention at a position resolves to."""
    votes: dict[str, Counter] = defaultdict(Counter)
    events = sorted(
        [(pos, 0, name, hint, subject) for pos, name, hint, subject in person_marks]
        + [(pos, 1, gender, None, True) for pos, gender in pronoun_marks],
        key=lambda e: e[:2],
    )
    last = None
    for pos, is_pronoun, value, hint, subject in events:
        if not is_pronoun:
            if hint:
                votes[fullest(value, pos, "person")][hint] += 3
            if subject:  # "Bardos went to meet Cerato. He texted …": "he" is not about Cerato
                last = (pos, fullest(value, pos, "person"))
        elif last is not None and pos - last[0] < GENDER_WINDOW:
            votes[last[1]][value] += 1
            last = None  # only the first pronoun after a name speaks for it
    genders = {}
    for name, count in votes.items():
        (top, n), *rest = count.most_common(2)
        if not rest or n > rest[0][1]:
            genders[name] = top
    return genders
