"""Descriptions the article has already named: "the governor" (the person it gave that role), "the statement" (its
issuer), "the ministry" (its fuller description), "the utilities commission" (the body whose name holds it), a
list of capitalised words that is one body's name."""

import bisect
import re
from typing import TYPE_CHECKING

from .lexicon import ABBREVIATED, COMPANY_NOUNS, DOCUMENT_NOUNS, KIN_NOUNS, is_person_noun
from .mentions import Mention, describe_subject
from .naming import ORGANISATION_WORDS, TITLES, given_name_gender

if TYPE_CHECKING:
    from .coreference import SpeakerRegistry

GROUP_KINDS = {
    "organisation": "organisation",
    "group": "description",
    "people": "person",
}  # what "they" takes
ROLE_REACH = 400  # characters: a role refers back to the subject of about the sentence before
ISSUER_REACH = 400  # characters: "…, says a report. The report by X …" names its issuer in the next sentence


def listed_name(registry: "SpeakerRegistry", position: int) -> str | None:
    """ "Immigration, Refugees and Citizenship Canada said": an organisation whose name is a list of capitalised
    words, which the parser reads as several subjects; the run starting where the subject starts, when no word
    of it is a first name (then it may be people: "Smith and Jones")."""
    k = bisect.bisect_left(registry.long_names, (position,))
    if k == len(registry.long_names) or registry.long_names[k][0] != position:
        return None
    name = registry.long_names[k][1]
    words = name.replace(",", "").split()
    if not re.search(r", | and | & ", name) or any(given_name_gender(w) is not None for w in words):
        return None
    return name


def person_with_role(registry: "SpeakerRegistry", role_word: str, position: int) -> str | None:
    """ "The governor" is the latest person named before it whose title or role the article gave as governor
    ("Gov. Eric Holcomb", "Eric Holcomb, the governor", "rookie defenceman Caleb Jones")."""
    return next(
        (name for pos, name in reversed(_people_with_role(registry, role_word)) if pos < position), None
    )


def only_holder(registry: "SpeakerRegistry", mention: Mention) -> str | None:
    """The one person the whole article gives this role, with the words that pick it out, before or after: "the
    WHL commissioner said …. …, WHL commissioner Ron Robison said" (not "Ohio Gov. Mike DeWine" for "the Indiana
    governor")."""
    picked_by = set(re.sub(r"^the\s+", "", mention.text, flags=re.I).lower().split())
    holders = {
        name
        for _, name in _people_with_role(registry, mention.role)
        if picked_by <= set(registry.facts.get(name, {}).get("role", "").lower().split()) | {mention.role}
    }
    return holders.pop() if len(holders) == 1 else None


def _people_with_role(registry: "SpeakerRegistry", role_word: str) -> list[tuple[int, str]]:
    role_word = ABBREVIATED.get(role_word, role_word)  # "the PM" is the one titled prime minister
    named = sorted(
        [(pos, name) for pos, name, kind in registry.salient if kind == "person"]
        + [(pos, registry.fullest(name, pos, "person")) for pos, name, *_ in registry.person_marks]
    )
    found = []
    for pos, name in named:
        words = _title_words(registry.facts.get(name, {}))
        if words and role_word in _title_heads(words):
            found.append((pos, name))
    return found


def subject_just_before(
    registry: "SpeakerRegistry", position: int, kind: str = "person", head: str | None = None
) -> str | None:
    """ "Jones scored his first goal. … said the rookie defenceman": a role the article gave nobody refers back,
    like a pronoun, to the person just in subject position, when nothing else was a subject since and the
    article gave that person no other title ("goalie Martin Jones" is not "the defenceman")."""
    salient, reach = registry.salient, ROLE_REACH
    k = bisect.bisect_left(salient, (position,))
    if kind == "organisation" and head in COMPANY_NOUNS:
        # "Big Machine says …. Swift got support …. But the company says": a person is never "the company"
        while k > 1 and salient[k - 1][2] == "person" and position - salient[k - 1][0] <= 2 * ROLE_REACH:
            k, reach = k - 1, 2 * ROLE_REACH
    if not k:
        return None
    pos, name, found = salient[k - 1]
    if found != kind or position - pos > reach:
        return None
    if kind == "person" and _other_title(registry.facts.get(name, {}), head):
        return (
            None  # an organisation's apposition ("part of Homeland Security") tells what it is, not a title
        )
    return name


def body_just_before(registry: "SpeakerRegistry", position: int) -> tuple[str, str] | None:
    """ "The Taliban claimed the attack, which it said …": a thing does not speak, so an "it" that does is the
    latest subject when that is an organisation, or a body or a document the article did not name ("the
    agency", "the statement" and its issuer): its name and kind; nothing when it is a person or another thing
    ("the ad")."""
    k = bisect.bisect_left(registry.salient, (position,))
    if not k:
        return None
    pos, name, kind = registry.salient[k - 1]
    body = (
        kind == "organisation" or registry.description_heads.get(pos) in ORGANISATION_WORDS | DOCUMENT_NOUNS
    )
    return (name, kind) if body else None


def group_just_before(registry: "SpeakerRegistry", position: int) -> tuple[str, str] | None:
    """ "The Conservatives believe …; they say …": "they" is the latest organisation or group in subject
    position, its name and kind; a body the article did not name just in subject position ("The company that
    runs the awards … they said") is it, still a description, and no named body before that one is."""
    for n, (pos, name, kind) in enumerate(
        reversed(registry.salient[: bisect.bisect_left(registry.salient, (position,))])
    ):
        if kind in GROUP_KINDS:
            return name, GROUP_KINDS[kind]
        if kind == "description" and registry.description_heads.get(pos) in ORGANISATION_WORDS:
            return (name, kind) if n == 0 else None
    return None


def _issued_by(registry: "SpeakerRegistry", mention: Mention, issuer: tuple) -> None:
    """The document speaks for whoever issued it, resolved where the article names them ("the US military" stays
    a description, but the statement's issuer); the mention stays located at the document."""
    named = describe_subject(issuer[0])
    named = registry.resolve(named, issuer[1]) if named.name or named.pronoun else named
    if named.name:
        mention.name, mention.kind = named.name, named.kind


def _other_title(facts: dict, head: str | None) -> bool:
    """Whether the article titled the person with another noun: a title is a few words ("goalie", "Gov."); a
    longer description ("founder and the mastermind behind …") tells what they did, which a later
    "the professor" does not contradict."""
    words = _title_words(facts)
    return 0 < len(words) <= 3 and head not in _title_heads(words)


def _title_words(facts: dict) -> list[str]:
    """A person's role up to its first "of/for/at …" phrase, in lower case: "career army officer" (… in Iraq)."""
    return re.split(r" (?:of|for|at|with|to|in|on)\b", facts.get("role", ""))[0].lower().split()


def _title_heads(words: list[str]) -> set[str]:
    """The nouns a role names its holder by: "officer" of "career army officer", "governor" of "gov.", both
    "scientist" and "co-author" of "data scientist and co-author"."""
    parts = " ".join(words).replace(" & ", " and ").split(" and ")
    return {ABBREVIATED.get(part.split()[-1].rstrip("."), part.split()[-1]) for part in parts if part.split()}


def named_by_article(registry: "SpeakerRegistry", mention: Mention, position: int) -> Mention:
    """A description the article has already named: the person it gave the role ("the rookie defenceman"),
    the issuer of "the statement", the fuller description of "the ministry", the group whose name holds
    "doctors". "The company" alone stays a description: the latest organisation named is too often another
    one, and a wrong name is worse than none."""
    head, found = mention.head, None
    if mention.definite and head not in KIN_NOUNS and (person := person_with_role(registry, head, position)):
        mention.name, mention.kind = (
            person,
            "person",
        )  # "the lanky professor": the one the article called so
        return mention
    if head in DOCUMENT_NOUNS:
        new = re.match(r"(?i)an?\s", mention.text)  # "a statement"; "its report" is one already named
        issuer = None if new else registry.antecedents.issuer(head, position)
        if issuer is not None:  # "they said in a statement": resolved where they were named
            _issued_by(registry, mention, issuer)
        elif (
            new and bare(mention) and (body := subject_just_before(registry, position, "organisation", head))
        ):
            mention.name, mention.kind = body, "organisation"  # "Acme said …. A statement said": Acme's
        elif new and (issuer := registry.antecedents.issuer_named_next(head, position, ISSUER_REACH)):
            _issued_by(registry, mention, issuer)
        return mention
    if mention.text.lower() == head + "s" or mention.text.lower().endswith(" " + head + "s"):
        found = registry.antecedents.organisation_called(
            mention.text.lower().split()[-1], position, registry.long_names
        )
    elif head in TITLES:
        return mention  # a person's role: resolved to a person or left a description, never an organisation
    elif mention.definite and bare(mention) and (earlier := _someone_described(registry, head, position)):
        mention.name = (
            earlier  # "A person familiar with the talks says … according to the person", unnamed still
        )
        return mention
    elif mention.definite and bare(mention) and (named := registry.antecedents.named_as(head, position)):
        found = named  # "The group, WeWorkers Coalition, … the group said"
    elif mention.definite and (described := registry.antecedents.same_head(head, position)):
        mention.name = described  # "the ministry": "Russia's foreign ministry", still a description
        return mention
    elif (
        mention.definite
        and bare(mention)
        and mention.text.lower().startswith("the ")
        and not is_person_noun(head)
    ):
        found = registry.antecedents.organisation_headed(
            mention.text.lower().split()[1:], position
        ) or subject_just_before(registry, position, "organisation", head)  # "the German automaker"
    if found:  # "the agency" is no alias of the body: the description says what it is, not what it is called
        mention.name = found
        mention.kind = registry.kinds[found] = "organisation"
    return mention


def _someone_described(registry: "SpeakerRegistry", head: str, position: int) -> str | None:
    """The fuller description of the unnamed one "the person" or "the official" refers back to: the latest one in
    subject position with that head noun ("A person familiar with the negotiations")."""
    return next(
        (
            name
            for pos, name, kind in reversed(registry.salient)
            if pos < position and registry.description_heads.get(pos) == head and name.lower() != head
        ),
        None,
    )


def bare(mention: Mention) -> bool:
    """ "the governor", "the German automaker"; not "the Indiana governor" or "Obama's strategist": those name
    someone in particular, not whoever was just named."""
    return not re.search(r"\b[A-Z]|['’]s\b", re.sub(r"^(?:the|an?)\s+", "", mention.text, flags=re.I))
