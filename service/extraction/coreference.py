"""Who is speaking: turn a subject phrase into a speaker name, resolved across the article.

A speaker is resolved to the fullest name the article gives: "Mr Derbeiko" and "Derbeiko" to
"Jan Derbeiko", "Commander Mamuka" to "Mamuka Mamulashvili", "He" to the person most recently
in subject position. Descriptive subjects ("a source", "officials") have no name.
"""

import bisect
import re

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Span

from .descriptions import (
    ROLE_REACH,
    listed_name,
    named_by_article,
)
from .genders import GENDERED_WORDS, article_genders
from .introductions import SentenceOpeners
from .lexicon import PERSON_PRONOUNS
from .mentions import Mention, appositive_facts, role_before
from .name_index import NameIndex
from .naming import (
    TITLES,
    agent_noun,
    capitalised,
    clean_name,
    contains_words,
    given_name_gender,
    given_name_start,
    initials,
    is_object,
    looks_like_person,
    name_core,
    name_key,
    name_runs,
    name_tokens,
    with_company_suffix,
    without_compound_modifier,
    written_name,
    written_title,
)
from .nominal import Antecedents
from .pronouns import resolve_pronoun

LONG_NAME = re.compile(r"[A-Z][\w&'’.-]*(?:(?:,? (?:and|of|for|on|the|&) |, | )[A-Z][\w&'’.-]*)+")
NOT_PEOPLE_LABELS = {"GPE", "NORP", "ORG", "LOC", "FAC"}
ACRONYM = re.compile(
    r"((?:[A-Z][\w&'’.-]*[ ,]+(?:(?:and|of|for|the|on|&)[ ,]+)*){1,8}[A-Z][\w&'’.-]*)\s*\(([A-Z][A-Za-z]{1,7})\)"
)


# "Coach (Frank) Vogel", "[Maria] Lopez": a first name an editor put in brackets inside a quotation
BRACKETED_FIRST_NAME = re.compile(r"[(\[]([A-Z][a-z]+)[)\]] ([A-Z][\w'’-]+)")
# The first capital of each run of the characters the first word of LONG_NAME and ACRONYM is made of: the
# start of a run (no such character before it), then the run's letters up to its first capital
RUN_CAPITAL = re.compile(r"(?<![\w&'’.-])[\w&'’.-]*?[A-Z]")


def run_start_matches(pattern: re.Pattern, text: str):
    r"""`pattern.finditer(text)` for LONG_NAME and ACRONYM, in linear time. Both begin `[A-Z][\w&'’.-]*` and
    go on only after the whole run of those characters, so a match from a later capital of a run means one
    from its first capital, which finditer tries first: trying only that one finds the same matches. finditer
    itself tried every capital of the run, each reading to its end: quadratic on a run of capitals
    ('(' + 'A' * 32000 took 25 s). Runs without a capital are passed over by RUN_CAPITAL's own search."""
    end = 0
    for first in RUN_CAPITAL.finditer(text):
        if first.start() < end:
            continue
        if match := pattern.match(text, first.end() - 1):
            end = match.end()
            yield match


class SpeakerRegistry:
    """Names seen in one article, for resolving short forms and pronouns to the fullest name."""

    def __init__(self, text: str = "") -> None:
        self.text = text  # the article's text, for the rare question a rule asks of the whole of it
        self.full_names: list[tuple[int, str, str]] = []  # (position, name, kind)
        self.name_runs: list[
            tuple[int, str]
        ] = []  # (position, name): capitalised runs shaped like a full name
        self.acronyms: dict[str, str] = {}  # "IRCC" -> "Immigration, Refugees and Citizenship Canada"
        self.long_names: list[tuple[int, str]] = []  # runs of capitalised words, "and"/"of" between
        # (position, name, gender from an honorific, whether a pronoun after it can be about it: not an object)
        self.person_marks: list[tuple[int, str, str | None, bool]] = []
        self.pronoun_marks: list[tuple[int, str]] = []  # (position, "m" or "f")
        self._genders: dict[str, str] | None = None
        self.salient: list[tuple[int, str, str]] = []  # named subjects in order: (position, name, kind)
        self.subject_mentions: list[Mention] = []  # the same, as found in the text, people only
        self.facts: dict[str, dict] = {}
        self.kinds: dict[str, str] = {}
        self.aliases: dict[str, set[str]] = {}
        self.called_by_first_name: set[str] = set()
        self.outlets: dict[str, str] = {}
        self.antecedents = Antecedents()
        self.openers = SentenceOpeners()
        self.full_index, self.run_index, self.team_index = NameIndex(), NameIndex(), NameIndex()
        self.not_people: set[str] = set()  # single words the recogniser calls a place, a body or a group
        self.description_heads: dict[int, str] = {}  # unnamed subjects' head nouns, by position
        self.embedded_subjects: dict[
            int, int
        ] = {}  # subjects of clauses inside others: position -> sentence start

    def learn_names(self, doc, offset: int, quoted: list[tuple[int, int]] = ()) -> None:
        """Collect the article's full personal names, the targets for resolving short forms: the recogniser's
        people, and runs of capitalised words shaped like a name, for the names it misses or mislabels."""
        self.antecedents.learn(doc, offset)
        self.openers.learn(doc, offset)
        for ent in doc.ents:
            self.full_index.vote(clean_name(ent.text), ent.label_)
            if ent.label_ in {"PERSON", "ORG"}:
                self._learn_entity(doc, ent, offset)
            if ent.label_ in NOT_PEOPLE_LABELS and len(ent) == 1:
                self.not_people.add(ent.text)
        for run in name_runs(doc):
            self.name_runs.append((offset + run[0].idx, clean_name(doc[run[0].i : run[-1].i + 1].text)))
            self.run_index.add(*self.name_runs[-1])
            self.person_marks.append(
                (offset + run[0].idx, self.name_runs[-1][1], None, not is_object(run[-1]))
            )
        for token in doc:  # pronouns in quoted speech are the speaker's, about someone else
            if token.lower_ in PERSON_PRONOUNS and not any(start <= token.idx < end for start, end in quoted):
                self.pronoun_marks.append((offset + token.idx, PERSON_PRONOUNS[token.lower_]))
        text = doc.text  # joined from the tokens at each call
        for match in run_start_matches(LONG_NAME, text):
            name = re.split(r"[.?!] ", match.group())[0]  # a sentence ends there
            while name.split(" ", 1)[0].lower() in STOP_WORDS and " " in name:
                name = name.split(" ", 1)[1]  # "On Monday, PolitiFact", "Some Democrats"
            name = without_compound_modifier(re.sub(r"['’]s$", "", name))  # "the European Union's top court"
            self.long_names.append((offset + match.start() + match.group().index(name), name))
            # "the Lakeside Hawks" for a later "the Hawks"; not "Tuesday's Board": an owner is not its first word
            if re.fullmatch(r"[A-Z][\w'’-]+ [A-Z][\w'’-]+", name) and not re.match(r"\S+['’]s? ", name):
                self.team_index.add(*self.long_names[-1])
        for match in BRACKETED_FIRST_NAME.finditer(text):
            in_quotation = any(
                start <= match.start() < end for start, end in quoted
            )  # not "Savannah (Georgia)"
            if in_quotation and given_name_gender(match.group(1)) is not None:
                name = f"{match.group(1)} {match.group(2)}"
                self.full_names.append((offset + match.start(1), name, "person"))
                self.full_index.add(offset + match.start(1), name)
        for match in run_start_matches(ACRONYM, text) if "(" in text else ():
            full = re.sub(r"^(?:The|the)\s+", "", match.group(1).strip(" ,"))
            if initials(full).startswith(match.group(2)[0]):
                self.acronyms.setdefault(match.group(2), full)

    def _learn_entity(self, doc, ent: Span, offset: int) -> None:
        """A recognised name: a full name to resolve short forms to, and for a person the title written
        before it ("Education Minister") and a gender an honorific or kin word gives ("Mrs", "her father")."""
        _, core = name_core(with_company_suffix(name_tokens(ent)))
        name = written_name(core)
        if (
            name
            and len(core) >= 2
            and looks_like_person(core, ent.label_)
            and all(capitalised(t) for t in core if t.is_alpha)
        ):
            self.full_names.append((offset + ent.start_char, name, "person"))
            self.full_index.add(offset + ent.start_char, name)
        if ent.label_ != "PERSON":
            return
        role = written_title(doc, ent.start)
        if not role and doc.has_annotation("DEP"):  # a paragraph read for names only has no parse to ask
            role = role_before(list(ent)) or appositive_facts(ent.root).get("role")
        if (
            role
        ):  # "Gov. Eric Holcomb", "rookie defenceman Caleb Jones", "Ron Robison, the league's commissioner"
            self.facts.setdefault(clean_name(ent.text), {}).setdefault("role", role)
        before = doc[ent.start - 1].lower_.rstrip(".") if ent.start else ""
        self.person_marks.append(
            (
                offset + ent.start_char,
                clean_name(ent.text),
                GENDERED_WORDS.get(before),
                not is_object(ent.root),
            )
        )

    def resolve(self, mention: Mention, position: int, not_these: tuple[str, ...] = ()) -> Mention:
        """The fullest name of the mention; a pronoun never resolves to a name in `not_these`."""
        if mention.pronoun:
            excluded = {self.fullest(name, position, "person") for name in not_these}
            return resolve_pronoun(self, mention, position, excluded)
        if mention.name is None:
            return mention
        if mention.kind == "description" and mention.head:
            mention = named_by_article(self, mention, position)
        if mention.kind == "description" and (listed := listed_name(self, mention.base + mention.start)):
            mention.name, mention.kind = listed, "organisation"
        spelled = self.acronyms.get(mention.name) or self._spelled_out(mention.name)
        full = spelled or self.fullest(mention.name, position, mention.kind)
        if {mention.name, full} & self.antecedents.bodies:
            mention.kind = self.kinds[full] = "organisation"
        if full.split()[:1] == [mention.name] and full != mention.name:
            self.called_by_first_name.add(full)  # "says Michael": a relative kept apart from "Greenspan"
        if full != mention.name:
            self.aliases.setdefault(full, set()).add(mention.text)
            if (
                mention.kind != "description"
            ):  # an acronym's organisation, or the short form of a person's name
                mention.kind = self.kinds[full] = "organisation" if spelled else "person"
        if mention.kind == "person" or self.kinds.get(full) == "person":
            full = self._person_name(full, mention.facts)
        mention.name = full
        if mention.kind == "person" or self.kinds.get(full) == "person":
            self.kinds[full] = mention.kind = "person"
        self.kinds.setdefault(full, mention.kind or "person")
        if mention.facts:
            self.facts.setdefault(full, {}).update(mention.facts)
        return mention

    def _person_name(self, name: str, facts: dict) -> str:
        """A person's name without the words fused before it ("Browns DL Sheldon Richardson", "Ukraine Kurt
        Volker"): it starts at a known first name when a word before it is an acronym, a title or something the
        article names as a place, a team or a body; those words become the role."""
        words = name.split()
        start = given_name_start(words)
        if start == 0 or len(words) - start < 2:
            return name
        if not any(
            w.isupper()
            and len(w) > 1
            or w.lower().rstrip(".") in TITLES
            or w in self.not_people
            or agent_noun(w)
            for w in words[:start]
        ):
            return name  # "Nguyen Van Thieu": nothing says the first words are not part of the name
        facts.setdefault("role", " ".join(words[:start]))
        return " ".join(words[start:])

    def writes_in_lower_case(self, word: str) -> bool:
        """Whether the article also writes this word in lower case ("price" beside a Mr Price)."""
        return re.search(rf"\b{re.escape(word.lower())}\b", self.text) is not None

    def names_person(self, label: str) -> bool:
        """Whether a label ("PENCE", "MIKE PENCE") is the name of a person the article names in full."""
        key = name_key(label)
        return bool(key) and any(
            contains_words(name_key(full), key) for _, full, kind in self.full_names if kind == "person"
        )

    def note_subject(
        self, mention: Mention, position: int, someone: bool = False, group: bool = False
    ) -> None:
        """Remember a subject; `someone` marks an unnamed person ("a security guard") "he" or "she" may refer to,
        `group` unnamed people ("addiction experts") "they" may refer to."""
        kind = "someone" if someone else "group" if group else mention.kind or "person"
        if self.is_outlet(mention.name):
            return  # "The Hollywood Reporter": it published the words; a later "he" or quotation is not its
        bisect.insort(self.salient, (position, mention.name, kind))
        if kind != "person" and mention.head:
            self.description_heads[position] = mention.head
        if kind == "person":
            self.subject_mentions.append(mention)
            # a pronoun just after a person in subject position tells their gender, named by the recogniser or not
            self.person_marks.append((position, mention.name, None, True))
            self._genders = None

    def is_outlet(self, name: str) -> bool:
        """Whether the article names this as an outlet someone spoke to ("told The Hollywood Reporter")."""

        def key(written):
            words = name_key(written)
            return words[1:] if words[:1] == ("the",) else words

        return bool(key(name)) and any(key(outlet) == key(name) for outlet in self.outlets.values())

    def person_since(self, position: int) -> Mention | None:
        """The latest person named as a subject at or after this article offset."""
        latest = self.subject_mentions[-1] if self.subject_mentions else None
        return latest if latest is not None and latest.base + latest.start >= position else None

    def _spelled_out(self, name: str) -> str | None:
        """ "IRCC" when the article also writes "Immigration, Refugees and Citizenship Canada"; "VW" when the only
        organisation it names whose letters hold V then W is "Volkswagen"."""
        if not re.fullmatch(r"[A-Z]{2,6}", name):
            return None
        spelled = next(
            (
                full
                for _, full in self.long_names
                if initials(full) == name and not any(w.isupper() for w in re.findall(r"[\w.]+", full))
            ),
            None,
        )
        if spelled:
            return spelled
        letters = re.compile(".*".join(name), re.IGNORECASE)
        held = {
            full
            for _, full in self.antecedents.organisations
            if full[0] == name[0] and not full.isupper() and len(full) > 2 * len(name) and letters.match(full)
        }
        return held.pop() if len(held) == 1 else None

    def fullest(self, name: str, position: int, kind: str | None) -> str:
        """The fullest name containing this one: the nearest full mention before it, else the first after it.
        Runs of capitalised words are a fallback for people only (so "Canada" never becomes "Statistics Canada")."""
        key = name_key(name)
        if not key:
            return name
        full = self.full_index.nearest(key, position)
        if full is None and kind == "organisation" and len(key) == 1:  # "the Hawks" -> "the Lakeside Hawks"
            full = self.team_index.nearest(key, position, last_word=True, after=False)
        recognised = len(key) >= 2 and key in self.full_index.keys
        if (
            full is None and kind in {"person", None} and not recognised
        ):  # a run never lengthens a recognised name
            full = self.run_index.nearest(key, position, last_word=True)
        if full and len(key) == 1:
            full = self._first_subject_named(key[0], position) or full
        return full or name

    def _first_subject_named(self, surname: str, position: int) -> str | None:
        """Of the people sharing a surname, the one just in subject position ("Homeland Security Secretary Jeh
        Johnson says … Johnson tells MSNBC"), else the one the article first made a subject, else the one it named
        first: "Robert Major would have never crashed … two of his sons: Brenden Major, 4 … Major said" is Robert
        Major, not the one named last."""
        holders = self.full_index.surname_holders(surname, position)
        if len(holders) < 2:
            return None
        # news calls a relative who shares the surname by the first name ("says Michael"): not the surname's
        holders = [name for name in holders if name not in self.called_by_first_name] or holders
        subjects = [(pos, name) for pos, name, kind in self.salient if pos < position and kind == "person"]
        subjects = [(pos, name) for pos, name in subjects if name in holders]
        if subjects and position - subjects[-1][0] <= ROLE_REACH:
            return subjects[-1][1]
        return subjects[0][1] if subjects else holders[0]

    def genders(self) -> dict[str, str]:
        """Each person's gender as the article tells it (see genders.py), kept until a new subject is noted."""
        if self._genders is None:
            self._genders = article_genders(self.person_marks, self.pronoun_marks, self.fullest)
        return self._genders
