"""Who a pronoun or a definite role refers back to: "he" the latest person in subject position whose gender
fits, "they" the latest group or body, "it" a body just named, "the minister" the person the article gave the
role."""

import re
from typing import TYPE_CHECKING

from .descriptions import (
    bare,
    body_just_before,
    group_just_before,
    only_holder,
    person_with_role,
    subject_just_before,
)
from .genders import noun_gender
from .lexicon import PERSON_PRONOUNS
from .mentions import Mention

if TYPE_CHECKING:
    from .coreference import SpeakerRegistry


def resolve_pronoun(
    registry: "SpeakerRegistry", mention: Mention, position: int, excluded: set[str] = frozenset()
) -> Mention:
    """The person a pronoun or a definite role ("the minister") refers back to: the latest person in subject
    position whose gender, as far as the article tells it, fits; for a role, one the article gave it."""
    if mention.kind == "group":
        if group := group_just_before(registry, position):
            mention.name, mention.kind = group
        return mention
    if mention.text.lower() == "it" and (body := body_just_before(registry, position)):
        mention.name, mention.kind = body
        return mention
    if mention.kind != "person":
        return mention
    if mention.role is not None:
        return _resolve_role(registry, mention, position)
    wanted = PERSON_PRONOUNS.get(mention.text.lower())
    genders = registry.genders()

    def gender_fits(pos: int, name: str, kind: str) -> bool:
        """As far as the article tells: from the pronouns after the name, or an unnamed someone's noun."""
        told = noun_gender(registry.description_heads.get(pos, "")) if kind == "someone" else None
        return wanted is None or genders.get(name, wanted) == wanted and told in {None, wanted}

    def fits(pos: int, name: str, kind: str) -> bool:
        if (
            pos >= position
            or kind not in {"person", "someone"}
            or not gender_fits(pos, name, kind)
            or name in excluded
            or registry.is_outlet(name)  # noted before the cue naming it an outlet was read
        ):
            return False
        # one capitalised word nothing calls he or she or describes: maybe a place ("Surrey has …")
        return kind != "person" or " " in name or name in genders or bool(registry.facts.get(name))

    candidates = [c for c in reversed(registry.salient) if fits(*c)]
    if not candidates:
        return mention
    pos, name, kind = candidates[0]  # the latest person the pronoun's gender does not rule out
    if (sentence := registry.embedded_subjects.get(pos)) is not None:
        # "Figgins declined to say whether Thomas slept the night Epstein died. …, he said": the main subject
        main = [c for c in candidates[1:] if c[0] >= sentence and c[0] not in registry.embedded_subjects]
        pos, name, kind = main[0] if main else (pos, name, kind)
    mention.name = name
    if kind == "someone":
        mention.kind = "description"  # "a private security professional … he said"
    return mention


def _resolve_role(registry: "SpeakerRegistry", mention: Mention, position: int) -> Mention:
    if name := person_with_role(registry, mention.role, position) or (
        subject_just_before(registry, position, head=mention.role)
        if bare(mention)
        else only_holder(registry, mention)
    ):  # "the governor" is who was just named; "the Indiana governor" may be named later
        mention.name = name
        return mention
    mention.pronoun, mention.kind, mention.name = (
        False,
        "description",
        re.sub(r"^the\s+", "", mention.text, flags=re.I),
    )
    return mention  # an unnamed source after all: it keeps the article's description
