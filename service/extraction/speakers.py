"""Who is speaking: turn a subject phrase into a speaker name, resolved across the article.

A speaker is resolved to the fullest name the article gives: "Mr Derbeiko" and "Derbeiko" to
"Jan Derbeiko", "Commander Mamuka" to "Mamuka Mamulashvili", "He" to the person most recently
in subject position. Descriptive subjects ("a source", "officials") have no name.
"""
import bisect
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Span, Token

from .lexicon import (COMPANY_SUFFIXES, DOCUMENT_NOUNS, GROUP_PRONOUNS, HONORIFICS, KIN_NOUNS, PERSON_NOUNS,
                      PERSON_PRONOUNS, TITLE_WORDS)

ORG_LABELS = {"ORG", "GPE", "NORP", "FAC"}
NOT_DESCRIPTIONS = {"who", "which", "that", "this", "these", "those", "it", "one", "some", "many", "others",
                    "both", "all", "each", "any", "none", "what", "anyone", "everyone", "nobody", "somebody"}
ORGANISATION_WORDS = frozenset("""
news times post journal daily mail party ministry department university college school house office
council committee commission court agency institute group company corporation inc corp ltd bank fund
foundation association union network centre center campaign army police service services board league
church club team trust authority administration government bureau parliament senate congress assembly
award awards prize trophy cup medal festival hospital clinic museum library hotel airport station hall
""".split())
AGE_DESCRIPTION = re.compile(r"the \d{1,3}-year-old")
TITLES = HONORIFICS | TITLE_WORDS | PERSON_NOUNS
NAME_WORD = re.compile(r"[A-Z][\w'’.-]*")
AFFILIATION_LABELS = {"ORG", "NORP", "GPE"}
GENDER_WINDOW = 150  # characters from a name to the pronoun that tells its gender
GENDERED_WORDS = {"mr": "m", "mrs": "f", "ms": "f", "miss": "f", "sir": "m", "dame": "f", "lady": "f", "lord": "m",
                  "father": "m", "son": "m", "husband": "m", "brother": "m", "boyfriend": "m", "uncle": "m",
                  "grandfather": "m", "nephew": "m", "mother": "f", "daughter": "f", "wife": "f", "sister": "f",
                  "girlfriend": "f", "aunt": "f", "grandmother": "f", "niece": "f", "widow": "f", "widower": "m"}
LONG_NAME = re.compile(r"[A-Z][\w&'’.-]*(?:(?:,? (?:and|of|for|on|the|&) |, | )[A-Z][\w&'’.-]*)+")
PRODUCT_SYMBOLS = {"+", "/", "|", "@", "#", "=", "*", "®", "™"}
ACRONYM = re.compile(r"((?:[A-Z][\w&'’.-]*[ ,]+(?:(?:and|of|for|the|on|&)[ ,]+)*){1,8}[A-Z][\w&'’.-]*)\s*\(([A-Z][A-Za-z]{1,7})\)")


@dataclass
class Mention:
    """A speaker as the text refers to it, and the name it resolves to."""

    start: int
    end: int
    text: str
    name: str | None = None
    kind: str | None = None  # person | organisation
    facts: dict = field(default_factory=dict)
    pronoun: bool = False
    base: int = 0  # offset of the paragraph start/end are relative to (a mention may credit a later paragraph)
    role: str | None = None  # "said the minister": refers back to the person the article gave this role


def name_key(name: str) -> tuple[str, ...]:
    """The words of a name without honorifics; a name that is only an honorific keeps it ("Major" can be a surname)."""
    words = re.findall(r"[\w'’-]+", name.lower().replace("’", "'"))
    start = 0
    while start < len(words) - 1 and words[start] in HONORIFICS:
        start += 1
    return tuple(words[start:])


def clean_name(text: str) -> str:
    """A name without what the text hangs on it: a possessive, an age, an aside, a nickname ("Khaled Belkacemi,60",
    "Trump‘s", "Riefian “Ifan” Fajarsyah")."""
    text = re.sub(r"\s*[“\"][^”\"]{1,30}[”\"]\s*", " ", text)
    text = re.split(r",|\s*\(|\d", text, maxsplit=1)[0].strip()
    text = re.sub(r"\s*[’'‘`]s?$", "", text)
    return re.sub(r"[^\w.)]+$", "", text).lstrip(" -–—:;\"“”")


def capitalised(token: Token) -> bool:
    return token.text[:1].isupper()


def is_title_word(token: Token) -> bool:
    return token.lower_.rstrip(".") in TITLES


def split_title(tokens: list[Token]) -> tuple[list[Token], list[Token]]:
    """"Education Minister Rob Fleming" -> (Education Minister, Rob Fleming): a title or role written before a
    name is not part of it. The name is what follows the last title word, when that still looks like a name."""
    last = max((k for k, t in enumerate(tokens[:-1]) if is_title_word(t)), default=None)
    if last is None:
        return [], tokens
    name = tokens[last + 1:]
    if not all(capitalised(t) and t.tag_ != "POS" for t in name):
        return [], tokens
    return tokens[:last + 1], name


def name_core(tokens: list[Token]) -> tuple[list[Token], list[Token]]:
    """A written name split into the title before it and the name itself: honorifics, a capitalised sentence
    opener ("Knowing Bardos") and titles ("NDP MP") are not part of the name."""
    owned = [k for k, t in enumerate(tokens[:-1]) if t.tag_ == "POS" or t.text in {"'s", "’s"}]
    if owned:
        tokens = tokens[owned[-1] + 1:]  # "Elizabeth May’s Greens": the party, not the leader
    if tokens and (tokens[0].ent_type_ == "ORG" and tokens[-1].ent_type_ == "ORG" or tokens[-1].tag_ == "NNPS"):
        core = tokens  # "General Motors", "General Electric": no honorific in a company's name
        while len(core) > 1 and core[0].lower_ in {"the", "a", "an"}:
            core = core[1:]
        if core[-1].tag_ == "NNPS":
            return [], core  # nor a rank: "General Motors" ("Campaigner Rosa Diaz" is tagged ORG too, wrongly)
    else:
        core = strip_honorifics(tokens) or tokens
    if len(core) > 1 and _sentence_opener(core[0]):
        core = core[1:]
    return split_title(core)


def _hyphenated_on(token: Token) -> bool:
    doc, after = token.doc, token.i + 1
    return (after + 1 < len(doc) and not token.whitespace_ and doc[after].text in {"-", "‑"}
            and not doc[after].whitespace_ and doc[after + 1].is_lower)


def written_name(tokens: list[Token]) -> str | None:
    """The name these tokens write, or None when they name a document, an award or a product rather than
    someone who can speak ("the Food Price Report", "Malin + Goetz Vitamin E Shaving Cream")."""
    if not tokens or tokens[-1].lower_ in DOCUMENT_NOUNS or any(t.text in PRODUCT_SYMBOLS for t in tokens):
        return None
    if _hyphenated_on(tokens[-1]):
        return None  # "Vice-president", "Pro-government": the first half of a compound word, not a name
    return clean_name(tokens[0].doc[tokens[0].i: tokens[-1].i + 1].text) or None


def with_company_suffix(tokens: list[Token]) -> list[Token]:
    """"Samsung Electronics" + "Co.": the recogniser leaves a company's suffix out of its name."""
    if not tokens:
        return tokens
    doc, after = tokens[-1].doc, tokens[-1].i + 1
    return [*tokens, doc[after]] if after < len(doc) and doc[after].lower_ in COMPANY_SUFFIXES else tokens


def title_facts(title: list[Token]) -> dict:
    """"NDP MP" -> affiliation NDP, role MP; "Education Minister" -> role Education Minister."""
    first_title = next((k for k, t in enumerate(title) if is_title_word(t)), 0)
    affiliation = title[:first_title]
    if affiliation and not all(t.ent_type_ in AFFILIATION_LABELS or t.is_upper or t.tag_ == "POS" for t in affiliation):
        first_title, affiliation = 0, []
    facts = {}
    role = title[first_title:]
    if role and not (len(role) == 1 and role[0].lower_.rstrip(".") in HONORIFICS - TITLE_WORDS - PERSON_NOUNS):
        facts["role"] = " ".join(t.text for t in role)
    if affiliation:
        facts["affiliation"] = " ".join(t.text for t in affiliation if t.tag_ != "POS")
    return facts


def name_tokens(tokens) -> list[Token]:
    """An entity's tokens up to where the name ends: "Grandmother Joan Pike, 71" -> "Grandmother Joan Pike"."""
    kept = []
    for token in tokens:
        if token.text == "," or token.like_num:
            break
        kept.append(token)
    return kept


def strip_honorifics(tokens: list[Token]) -> list[Token]:
    """"Mr", "Gov.", "the", and a leading role noun ("Campaigner Rosa Diaz") are not part of a name."""
    while tokens and (tokens[0].lower_.rstrip(".") in HONORIFICS or tokens[0].lower_ in {"the", "a", "an"}
                      or len(tokens) > 2 and tokens[0].lower_ in PERSON_NOUNS):
        tokens = tokens[1:]
    while tokens and (tokens[-1].tag_ == "POS" or tokens[-1].text in {"'s", "’s", "‘s", "'", "’", "‘"}):
        tokens = tokens[:-1]
    return tokens


def _proper_run(token: Token) -> list[Token]:
    """The run of proper-noun tokens that ends at `token` (its name), honorifics included."""
    doc, i = token.doc, token.i
    start = i
    while start > 0:
        if doc[start - 1].pos_ == "PROPN" and doc[start - 1].head.i in range(start - 1, i + 1):
            start -= 1
        elif start > 1 and doc[start - 1].text == "-" and not doc[start - 2].whitespace_ and doc[start - 2].pos_ == "PROPN":
            start -= 2  # "Wilson-Raybould", which the tokenizer splits
        elif start > 3 and doc[start - 1].text in "”\"" and doc[start - 3].text in "“\"" and doc[start - 4].pos_ == "PROPN":
            start -= 4  # a nickname inside the name: Riefian “Ifan” Fajarsyah
        else:
            break
    end = i + 1
    while end < len(doc) and doc[end].pos_ == "PROPN" and doc[end].dep_ in {"flat", "compound"} and doc[end].head.i == i:
        end += 1
    return list(doc[start:end])


def _entity(token: Token) -> Span | None:
    for ent in token.doc.ents:
        if ent.start <= token.i < ent.end:
            return ent
    return None


def _embedded_person(head: Token) -> Token | None:
    """A name given inside a descriptive subject: "One volunteer, who gave the name Dmitry", "a soldier named Ivan"."""
    for tok in head.subtree:
        if tok.pos_ != "PROPN" or tok.i == head.i:
            continue
        ent = _entity(tok)
        if ent is not None and ent.label_ in {"GPE", "NORP", "DATE", "LOC"}:
            continue
        chain = _ancestors_until(tok, head)
        naming = {t.lower_ for t in chain} & {"name", "named", "called"}
        if naming or (tok.dep_ == "appos" and tok.head.i == head.i):
            return tok
    return None


def _ancestors_until(token: Token, head: Token) -> list[Token]:
    chain = []
    for ancestor in token.ancestors:
        if ancestor.i == head.i:
            break
        chain.append(ancestor)
    return chain


def describe_subject(subject: Token) -> Mention:
    """A Mention for a subject token, with a surface name when the subject names someone."""
    doc = subject.doc
    low = subject.lower_
    if low in PERSON_PRONOUNS or low in GROUP_PRONOUNS or low in {"i", "you", "it", "we"}:
        kind = "person" if low in PERSON_PRONOUNS else "group" if low in {"they", "them"} else None
        return Mention(subject.idx, subject.idx + len(subject), subject.text, pronoun=True, kind=kind)
    phrase = doc[subject.left_edge.i: subject.right_edge.i + 1]
    if AGE_DESCRIPTION.fullmatch(phrase.text.lower()):
        # "said the 71-year-old": news refers back to the person just named, as with a pronoun
        return Mention(phrase.start_char, phrase.end_char, phrase.text, pronoun=True, kind="person")
    if _definite_role(subject, phrase):
        # "said the minister", "the rookie defenceman said": a role the article gave a named person
        return Mention(phrase.start_char, phrase.end_char, phrase.text, pronoun=True, kind="person", role=subject.lower_)
    if subject.lower_ in DOCUMENT_NOUNS and subject.pos_ == "NOUN":
        issuer = _issuer(subject)  # "the union's release said", "an RCMP statement said", "a report from the EU"
        if issuer is not None:
            return describe_subject(issuer)
    if _is_name(subject):
        return _named_mention(_proper_run(subject), subject)
    embedded = _embedded_person(subject)
    if embedded is not None:
        mention = _named_mention(_proper_run(embedded), embedded)
        mention.kind = "person"
        for ancestor in _ancestors_until(embedded, subject):  # "the name Dmitry, 27, of Minsk"
            for key, value in appositive_facts(ancestor).items():
                mention.facts.setdefault(key, value)
        if subject.lemma_ in PERSON_NOUNS:
            mention.facts.setdefault("role", subject.lemma_)
        return mention
    phrase = _noun_phrase(subject)
    mention = Mention(doc[phrase[0]].idx, doc[phrase[-1]].idx + len(doc[phrase[-1]]),
                      doc[phrase[0]: phrase[-1] + 1].text)
    if low not in NOT_DESCRIPTIONS:
        # an unnamed source keeps the article's description ("Police officials", "the Clinton campaign")
        mention.name = _clean_phrase(doc, phrase)
        mention.kind = "description"
    return mention


def _definite_role(head: Token, phrase: Span) -> bool:
    return (head.pos_ == "NOUN" and head.lower_ in TITLE_WORDS | PERSON_NOUNS - KIN_NOUNS and len(phrase) <= 4
            and phrase[0].lower_ == "the" and phrase[-1].i == head.i)


def _issuer(document: Token) -> Token | None:
    """Who issued a document: its possessor, a name compounded with it, or "from/by/of X"."""
    for child in document.children:
        if child.dep_ == "poss" and (child.pos_ in {"PROPN", "NOUN"} or child.lower_ in PERSON_PRONOUNS):
            return child  # "the union's release", "her statement"
    compounds = [c for c in document.children if c.dep_ == "compound" and c.pos_ == "PROPN" and c.i < document.i]
    if compounds:
        return compounds[-1]
    for child in document.children:
        if child.dep_ == "prep" and child.lower_ in {"from", "by", "of"}:
            source = next((g for g in child.children if g.dep_ == "pobj"), None)
            if source is not None and (source.pos_ == "PROPN" or source.ent_type_ in ORG_LABELS):
                return source
    return None


def _is_name(token: Token) -> bool:
    if token.pos_ == "PROPN":
        return True
    # the small model tags some surnames ending in -s as plural nouns ("Sanders", "Matthews")
    return token.is_title and (token.ent_type_ in {"PERSON", "ORG"} and token.tag_ == "NNS" or token.ent_type_ == "PERSON")


def _noun_phrase(head: Token) -> list[int]:
    """Token indices of the subject's phrase without relative clauses, appositions and trailing punctuation."""
    keep = [head.i]
    for child in head.children:
        if child.dep_ in {"det", "compound", "amod", "poss", "nummod", "case", "nmod"} and child.i < head.i:
            keep.extend(t.i for t in child.subtree)
        elif child.dep_ == "prep" and child.lower_ in {"for", "of", "at", "from", "in", "with"} and child.i > head.i:
            keep.extend(t.i for t in child.subtree)  # "a spokesman for the Home Office", "an official with X"
        elif child.dep_ in {"amod", "acl"} and child.i > head.i and len(list(child.subtree)) <= 6:
            keep.extend(t.i for t in child.subtree)  # "a person familiar with the talks", "people arrested last week"
    keep.sort()
    return list(range(keep[0], keep[-1] + 1))


def _clean_phrase(doc, indices: list[int]) -> str:
    tokens = [doc[i] for i in indices]
    while tokens and tokens[0].lower_ in {"the", "a", "an"}:
        tokens = tokens[1:]
    return doc[tokens[0].i: tokens[-1].i + 1].text if tokens else ""


def _named_mention(run: list[Token], head: Token) -> Mention:
    doc = head.doc
    ent = _entity(head)
    if ent is not None and ent.label_ in ORG_LABELS | {"PERSON"} and ent.start <= run[0].i and run[-1].i < ent.end \
            and (run[0].i > ent.start or run[-1].i < ent.end - 1):
        run = name_tokens(ent) or run  # "the British Ministry of Defence", not "British Ministry"; "Park Geun-hye"
    run = with_company_suffix(run)
    title, core = name_core(run)
    honorific = len(core) < len(run) and (run[0].lower_.rstrip(".") in HONORIFICS or bool(title))
    person = honorific or looks_like_person(core, ent.label_ if ent is not None else None) \
        or _described_as_person(head)
    mention = Mention(run[0].idx, run[-1].idx + len(run[-1]), doc[run[0].i: run[-1].i + 1].text,
                      name=written_name(core), kind="person" if person else "organisation")
    if title:
        mention.facts.update(title_facts(title))
    elif role := _role_before(run):
        mention.facts["role"] = role
    mention.facts.update(appositive_facts(head))
    return mention


def _described_as_person(head: Token) -> bool:
    """An apposition that only a person takes: an age, or a person noun ("Roman, a resident of the area")."""
    return any(child.dep_ == "appos" and (child.lemma_.lower() in PERSON_NOUNS | TITLE_WORDS | KIN_NOUNS or _is_age(child))
               for child in head.children)


def _is_age(token: Token) -> bool:
    return token.like_num and token.text.isdigit() and 12 <= int(token.text) <= 110


def _role_before(run: list[Token]) -> str | None:
    """"Sharks head coach Peter DeBoer": the lower-case role nouns written just before a name."""
    doc, i = run[0].doc, run[0].i
    words = []
    while i > 0 and doc[i - 1].pos_ in {"NOUN", "ADJ"} and doc[i - 1].text.islower() and doc[i - 1].head.i >= i - 1:
        i -= 1
        words.insert(0, doc[i])
    return " ".join(t.text for t in words) if words and words[-1].pos_ == "NOUN" else None


def looks_like_person(core: list[Token], label: str | None) -> bool:
    """A person's name, trusting the tagger except where the small model calls a plain two- or three-word
    name ("Ivo Novak") an organisation."""
    if core and core[-1].lower_ in ORGANISATION_WORDS | DOCUMENT_NOUNS:
        return False  # "Carol Burnett Award", "James M. Hill High School"
    if label == "PERSON" or label is None and len(core) > 1:
        return True
    if label not in {"ORG", None} or not 2 <= len(core) <= 3:
        return label is None
    return all(capitalised(t) and re.fullmatch(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", t.text)
               and t.lower_ not in ORGANISATION_WORDS for t in core)


def appositive_facts(head: Token) -> dict:
    """Descriptors set off beside a name: "Dmitry, 27, of Minsk", "X, commander of the Y"."""
    facts: dict = {}
    for child in head.children:
        if child.dep_ == "appos":
            if _is_age(child):
                facts["age"] = int(child.text)
            elif child.pos_ == "NOUN":
                facts["role"] = _span_text(child, stop_deps={"relcl", "punct", "appos"})
        if child.dep_ == "prep" and child.lower_ == "of":
            place = [g for g in child.children if g.dep_ == "pobj" and g.ent_type_ in {"GPE", "LOC"}]
            if place:
                facts["place"] = place[0].text
        if child.dep_ in {"appos", "npadvmod"} and child.pos_ == "NUM" and child.text.isdigit():
            facts.setdefault("age", int(child.text))
        for grand in child.children if child.dep_ == "appos" else ():
            if grand.dep_ == "prep" and grand.lower_ == "of":
                place = [g for g in grand.children if g.dep_ == "pobj" and g.ent_type_ in {"GPE", "LOC"}]
                if place:
                    facts["place"] = place[0].text
    return facts


def _span_text(token: Token, stop_deps: set[str]) -> str:
    indices = [token.i]
    stack = [c for c in token.children if c.dep_ not in stop_deps]
    while stack:
        t = stack.pop()
        indices.append(t.i)
        stack.extend(c for c in t.children if c.dep_ not in stop_deps)
    return token.doc[min(indices): max(indices) + 1].text


class SpeakerRegistry:
    """Names seen in one article, for resolving short forms and pronouns to the fullest name."""

    def __init__(self) -> None:
        self.full_names: list[tuple[int, str, str]] = []  # (position, name, kind)
        self.name_runs: list[tuple[int, str]] = []  # (position, name): capitalised runs shaped like a full name
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
        self.outlets: dict[str, str] = {}

    def learn_names(self, doc, offset: int, quoted: list[tuple[int, int]] = ()) -> None:
        """Collect the article's full personal names, the targets for resolving short forms: the recogniser's
        people, and runs of capitalised words shaped like a name, for the names it misses or mislabels."""
        for ent in doc.ents:
            if ent.label_ in {"PERSON", "ORG"}:
                self._learn_entity(doc, ent, offset)
        for run in _name_runs(doc):
            self.name_runs.append((offset + run[0].idx, clean_name(doc[run[0].i: run[-1].i + 1].text)))
            self.person_marks.append((offset + run[0].idx, self.name_runs[-1][1], None, not _object(run[-1])))
        for token in doc:  # pronouns in quoted speech are the speaker's, about someone else
            if token.lower_ in PERSON_PRONOUNS and not any(start <= token.idx < end for start, end in quoted):
                self.pronoun_marks.append((offset + token.idx, PERSON_PRONOUNS[token.lower_]))
        for match in LONG_NAME.finditer(doc.text):
            name = re.split(r"[.?!] ", match.group())[0]  # a sentence ends there
            while name.split(" ", 1)[0].lower() in STOP_WORDS and " " in name:
                name = name.split(" ", 1)[1]  # "On Monday, PolitiFact", "Some Democrats"
            self.long_names.append((offset + match.start() + match.group().index(name), name))
        for match in ACRONYM.finditer(doc.text):
            full = re.sub(r"^(?:The|the)\s+", "", match.group(1).strip(" ,"))
            if _initials(full).startswith(match.group(2)[0]):
                self.acronyms.setdefault(match.group(2), full)

    def _learn_entity(self, doc, ent: Span, offset: int) -> None:
        """A recognised name: a full name to resolve short forms to, and for a person the title written
        before it ("Education Minister") and a gender an honorific or kin word gives ("Mrs", "her father")."""
        _, core = name_core(with_company_suffix(name_tokens(ent)))
        name = written_name(core)
        if name and len(core) >= 2 and looks_like_person(core, ent.label_) \
                and all(capitalised(t) for t in core if t.is_alpha):
            self.full_names.append((offset + ent.start_char, name, "person"))
        if ent.label_ != "PERSON":
            return
        if role := _written_title(doc, ent.start):
            self.facts.setdefault(clean_name(ent.text), {}).setdefault("role", role)
        before = doc[ent.start - 1].lower_.rstrip(".") if ent.start else ""
        self.person_marks.append((offset + ent.start_char, clean_name(ent.text), GENDERED_WORDS.get(before),
                                  not _object(ent.root)))

    def resolve(self, mention: Mention, position: int, not_these: tuple[str, ...] = ()) -> Mention:
        """The fullest name of the mention; a pronoun never resolves to a name in `not_these`."""
        if mention.pronoun:
            excluded = {self._fullest(name, position, "person") for name in not_these}
            return self._resolve_pronoun(mention, position, excluded)
        if mention.name is None:
            return mention
        full = self.acronyms.get(mention.name) or self._spelled_out(mention.name) \
            or self._fullest(mention.name, position, mention.kind)
        if full != mention.name:
            self.aliases.setdefault(full, set()).add(mention.text)
            if mention.kind != "description":
                mention.kind = "person"  # the short form of a person's full name
        mention.name = full
        if mention.kind == "person" or self.kinds.get(full) == "person":
            self.kinds[full] = mention.kind = "person"
        self.kinds.setdefault(full, mention.kind or "person")
        if mention.facts:
            self.facts.setdefault(full, {}).update(mention.facts)
        return mention

    def names_person(self, label: str) -> bool:
        """Whether a label ("PENCE", "MIKE PENCE") is the name of a person the article names in full."""
        key = name_key(label)
        return bool(key) and any(_contains(name_key(full), key) for _, full, kind in self.full_names if kind == "person")

    def note_subject(self, mention: Mention, position: int, someone: bool = False, group: bool = False) -> None:
        """Remember a subject; `someone` marks an unnamed person ("a security guard") "he" or "she" may refer to,
        `group` unnamed people ("addiction experts") "they" may refer to."""
        kind = "someone" if someone else "group" if group else mention.kind or "person"
        bisect.insort(self.salient, (position, mention.name, kind))
        if kind == "person":
            self.subject_mentions.append(mention)
            # a pronoun just after a person in subject position tells their gender, named by the recogniser or not
            self.person_marks.append((position, mention.name, None, True))
            self._genders = None

    def person_since(self, position: int) -> Mention | None:
        """The latest person named as a subject at or after this article offset."""
        latest = self.subject_mentions[-1] if self.subject_mentions else None
        return latest if latest is not None and latest.base + latest.start >= position else None

    def _spelled_out(self, name: str) -> str | None:
        """"IRCC" when the article also writes "Immigration, Refugees and Citizenship Canada"."""
        if not re.fullmatch(r"[A-Z]{2,6}", name):
            return None
        return next((full for _, full in self.long_names
                     if _initials(full) == name and not any(w.isupper() for w in re.findall(r"[\w.]+", full))), None)

    def _fullest(self, name: str, position: int, kind: str | None) -> str:
        """The fullest name containing this one: the nearest full mention before it, else the first after it.
        Runs of capitalised words are a fallback for people only (so "Canada" never becomes "Statistics Canada")."""
        key = name_key(name)
        if not key:
            return name
        full = _nearest(key, position, [(pos, full) for pos, full, _ in self.full_names])
        if full is None and kind == "organisation" and len(key) == 1:  # "the Rockets" -> "the Kelowna Rockets"
            full = _nearest(key, position, [(pos, n) for pos, n in self.long_names
                                            if name_key(n)[-1:] == key and re.fullmatch(r"[A-Z][\w'’-]+ [A-Z][\w'’-]+", n)])
        if full is None and kind in {"person", None}:
            full = _nearest(key, position, [(pos, run) for pos, run in self.name_runs if name_key(run)[-1:] == key[-1:]])
        return full or name

    def _resolve_pronoun(self, mention: Mention, position: int, excluded: set[str] = frozenset()) -> Mention:
        """The person a pronoun or a definite role ("the minister") refers back to: the latest person in subject
        position whose gender, as far as the article tells it, fits; for a role, one the article gave it."""
        if mention.kind == "group":
            return self._resolve_group(mention, position)
        if mention.kind != "person":
            return mention
        if mention.role is not None:
            return self._resolve_role(mention, position)
        wanted = PERSON_PRONOUNS.get(mention.text.lower())
        genders = self.genders()
        for pos, name, kind in reversed(self.salient):
            if pos >= position or kind not in {"person", "someone"} or genders.get(name, wanted) != wanted \
                    or name in excluded:
                continue
            if kind == "person" and " " not in name and name not in genders and not self.facts.get(name):
                continue  # one capitalised word nothing calls he or she or describes: maybe a place ("Surrey has …")
            mention.name = name  # the latest person the pronoun's gender does not rule out
            if kind == "someone":
                mention.kind = "description"  # "a private security professional … he said"
            return mention
        return mention

    def _resolve_group(self, mention: Mention, position: int) -> Mention:
        """"The Conservatives believe …; they say …": "they" is the latest organisation or group in subject position."""
        for pos, name, kind in reversed(self.salient):
            if pos < position and kind in {"organisation", "group"}:
                mention.name, mention.kind = name, "organisation" if kind == "organisation" else "description"
                return mention
        return mention

    def _resolve_role(self, mention: Mention, position: int) -> Mention:
        for pos, name, kind in reversed(self.salient):
            role = self.facts.get(name, {}).get("role", "")
            if pos < position and kind == "person" and mention.role in role.lower().split():
                mention.name = name
                return mention
        mention.pronoun, mention.kind, mention.name = False, "description", re.sub(r"^the\s+", "", mention.text, flags=re.I)
        return mention  # an unnamed source after all: it keeps the article's description

    def genders(self) -> dict[str, str]:
        """Each person's gender as the article tells it: an honorific, or the pronouns that follow their name
        before anyone else is named."""
        if self._genders is None:
            votes: dict[str, Counter] = defaultdict(Counter)
            events = sorted([(pos, 0, name, hint, subject) for pos, name, hint, subject in self.person_marks]
                            + [(pos, 1, gender, None, True) for pos, gender in self.pronoun_marks], key=lambda e: e[:2])
            last = None
            for pos, is_pronoun, value, hint, subject in events:
                if not is_pronoun:
                    if hint:
                        votes[self._fullest(value, pos, "person")][hint] += 3
                    if subject:  # "Bardos went to meet Cerato. He texted …": "he" is not about Cerato
                        last = (pos, self._fullest(value, pos, "person"))
                elif last is not None and pos - last[0] < GENDER_WINDOW:
                    votes[last[1]][value] += 1
                    last = None  # only the first pronoun after a name speaks for it
            self._genders = {}
            for name, count in votes.items():
                (top, n), *rest = count.most_common(2)
                if not rest or n > rest[0][1]:
                    self._genders[name] = top
        return self._genders


def _object(token: Token) -> bool:
    """The name is the object of a verb or preposition (parsed paragraphs only)."""
    return token.dep_ in {"dobj", "pobj", "dative", "iobj"}


def _written_title(doc, start: int) -> str | None:
    """"Education Minister" in "Education Minister Rob Fleming", read from the words alone (no parse needed)."""
    i = start
    while i > 0 and is_title_word(doc[i - 1]):
        i -= 1
    if i == start:
        return None
    if i > 0 and capitalised(doc[i - 1]) and doc[i - 1].lower_ not in STOP_WORDS and doc[i - 1].is_alpha:
        i -= 1  # the portfolio or party: "Education", "NDP"
    return doc[i:start].text


def _initials(name: str) -> str:
    return "".join(w[0] for w in re.findall(r"[A-Z][\w'’.-]*", name))


def _nearest(key: tuple[str, ...], position: int, names: list[tuple[int, str]]) -> str | None:
    best = None
    for pos, full in names:
        fkey = name_key(full)
        if len(fkey) <= len(key) or not _contains(fkey, key):
            continue
        score = (pos <= position, pos if pos <= position else -pos, fkey[-1] == key[-1])
        if best is None or score > best[0]:
            best = (score, full)
    return best[1] if best else None


def _name_runs(doc) -> list[list[Token]]:
    """Two or three capitalised words in a row that could be a first name and a surname ("Megan Bortis")."""
    runs, run = [], []
    for token in [*doc, None]:
        if token is not None and NAME_WORD.fullmatch(token.text) and not token.is_upper \
                and token.lower_ not in STOP_WORDS and not is_title_word(token):
            run.append(token)
            continue
        if run and _sentence_opener(run[0]):
            run = run[1:]  # "Knowing Bardos": a sentence opener, not a first name
        if 2 <= len(run) <= 3 and not (token is not None and token.text[:1].isupper()):
            runs.append(run)
        run = []
    return runs


def _sentence_opener(token: Token) -> bool:
    """"Knowing Bardos was a fan": a capitalised verb or adverb opening a sentence, not a first name."""
    opens = token.i == 0 or token.doc[token.i - 1].text in {".", "!", "?", ":", "”", '"'}
    return opens and token.lower_.endswith(("ing", "ed", "ly"))


def _contains(full: tuple[str, ...], part: tuple[str, ...]) -> bool:
    n = len(part)
    return any(full[i:i + n] == part for i in range(len(full) - n + 1))
