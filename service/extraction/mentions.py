"""Mentions: what a subject phrase says about who is speaking (a name, a pronoun, a role, a document)."""

import re
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from .bodies import body_name, body_written, listed_name
from .descriptors import appositive_facts, described_as_person, role_before
from .issuers import document_issuer
from .lexicon import (
    DOCUMENT_NOUNS,
    GROUP_PRONOUNS,
    HONORIFICS,
    KIN_NOUNS,
    ORG_LABELS,
    PERSON_NOUNS,
    PERSON_PRONOUNS,
    TITLE_WORDS,
    is_person_noun,
)
from .naming import (
    ORGANISATION_WORDS,
    TITLES,
    given_name_gender,
    given_name_start,
    looks_like_person,
    name_core,
    name_tokens,
    title_facts,
    with_company_suffix,
    written_name,
)

NOT_DESCRIPTIONS = {
    "who",
    "which",
    "that",
    "this",
    "these",
    "those",
    "it",
    "one",
    "some",
    "many",
    "others",
    "both",
    "all",
    "each",
    "any",
    "none",
    "what",
    "anyone",
    "everyone",
    "nobody",
    "somebody",
}
AGE_DESCRIPTION = re.compile(r"the \d{1,3}-year-old")


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
    base: int = (
        0  # offset of the paragraph start/end are relative to (a mention may credit a later paragraph)
    )
    role: str | None = None  # "said the minister": refers back to the person the article gave this role
    head: str | None = None  # a description's head noun ("company"), for what the article named by it
    definite: bool = False  # "the company", "its agency", "China's ministry": one the reader already knows


def _proper_run(token: Token) -> list[Token]:
    """The run of proper-noun tokens that ends at `token` (its name), honorifics included."""
    doc, i = token.doc, token.i
    start = i
    while start > 0:
        if doc[start - 1].pos_ == "PROPN" and doc[start - 1].head.i in range(start - 1, i + 1):
            start -= 1
        elif (
            start > 1
            and doc[start - 1].text == "-"
            and not doc[start - 2].whitespace_
            and doc[start - 2].pos_ == "PROPN"
        ):
            start -= 2  # "Wilson-Raybould", which the tokenizer splits
        elif (
            start > 3
            and doc[start - 1].text in '”"'
            and doc[start - 3].text in '“"'
            and doc[start - 4].pos_ == "PROPN"
        ):
            start -= 4  # a nickname inside the name: Riefian “Ifan” Fajarsyah
        else:
            break
    end = i + 1
    while (
        end < len(doc)
        and doc[end].pos_ == "PROPN"
        and doc[end].dep_ in {"flat", "compound"}
        and doc[end].head.i == i
    ):
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
        if naming or tok.dep_ == "appos" and (tok.head.i == head.i or _closes_subject(tok, head)):
            return tok
        if _roles_of_one(tok, head):
            return tok
    return None


def _roles_of_one(name: Token, head: Token) -> bool:
    """ "former Acme engineer and Zipmail founder Paul Brandt", "club captain and now coach Dana Reyes": roles
    joined by "and" before a person's name, with no article or owner, are that one person's."""
    ent = _entity(name)
    joined = name.head if name.dep_ == "appos" else name
    return (
        ent is not None
        and ent.label_ == "PERSON"
        and joined.dep_ == "conj"
        and joined.head.i == head.i
        and head.tag_ == "NN"  # "Residents and Mayor Jane Doe" are more than one
        and not any(c.dep_ in {"det", "poss"} for c in head.children)
    )


def _closes_subject(name: Token, head: Token) -> bool:
    """ "The company that runs the awards, Dick Clark Productions, denies": a name set off by commas just before the
    subject's verb is the subject's apposition, wherever the parser hung it inside the relative clause."""
    doc, left, right = name.doc, name.left_edge.i, name.right_edge.i
    return (
        left > head.i + 1
        and right + 2 < len(doc)
        and doc[left - 1].text == ","
        and doc[right + 1].text == ","
        and doc[right + 2].i == head.head.i
    )


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
    phrase = doc[subject.left_edge.i : subject.right_edge.i + 1]
    age = age_description(subject)
    if age is not None or AGE_DESCRIPTION.fullmatch(phrase.text.lower()):
        # "said the 71-year-old": news refers back to the person just named, as with a pronoun
        age = age or phrase
        return Mention(age.start_char, age.end_char, age.text, pronoun=True, kind="person")
    if _definite_role(subject, phrase):
        # "said the minister", "the rookie defenceman said": a role the article gave a named person
        role = doc[phrase.start : subject.i + 1]  # an apposition after it describes, it does not pick someone
        return Mention(
            role.start_char, role.end_char, role.text, pronoun=True, kind="person", role=subject.lower_
        )
    if subject.lower_ in DOCUMENT_NOUNS and subject.pos_ == "NOUN":
        issuer = document_issuer(
            subject
        )  # "the union's release said", "an RCMP statement said", "a report from the EU"
        if issuer is not None:
            return describe_subject(issuer)
    if _is_name(subject):
        return _named_mention(_proper_run(subject), subject)
    embedded = _embedded_person(subject)
    if embedded is not None:
        mention = _named_mention(_proper_run(embedded), embedded)
        named = _entity(embedded)
        body = (
            named is not None and named.label_ == "ORG" or subject.lower_ in ORGANISATION_WORDS
        ) and not is_person_noun(subject.lower_)
        mention.kind = "organisation" if body else "person"  # "The company, Atlantic Power Co., said"
        for ancestor in _ancestors_until(embedded, subject):  # "the name Dmitry, 27, of Minsk"
            for key, value in appositive_facts(ancestor).items():
                mention.facts.setdefault(key, value)
        if subject.lemma_ in PERSON_NOUNS:
            mention.facts.setdefault("role", subject.lemma_)
        return mention
    phrase = _noun_phrase(subject)
    mention = Mention(
        doc[phrase[0]].idx, doc[phrase[-1]].idx + len(doc[phrase[-1]]), doc[phrase[0] : phrase[-1] + 1].text
    )
    if low not in NOT_DESCRIPTIONS:
        # an unnamed source keeps the article's description ("Police officials", "the Clinton campaign")
        mention.name = _clean_phrase(doc, phrase)
        mention.kind = "description"
        mention.head = subject.lemma_.lower() if subject.pos_ == "NOUN" or subject.is_lower else None
        mention.definite = any(
            c.dep_ == "poss" and c.pos_ == "PROPN" or c.lower_ in {"the", "this", "that"}
            for c in subject.children
        ) and not (
            low in ORGANISATION_WORDS and _restricted(subject)
        )  # "his father" is someone else's: not definite here
    return mention


def _restricted(noun: Token) -> bool:
    """ "The company that owns the arena": a relative clause not set off by a comma says which body is meant, one
    the reader meets here, not the one just named ("the company, which …" is that one). Not for a person: "the
    person who spoke on condition of anonymity" is the one the article described before."""
    return any(
        c.dep_ == "relcl" and c.left_edge.i and noun.doc[c.left_edge.i - 1].text != "," for c in noun.rights
    )


def age_description(token: Token) -> Span | None:
    """ "The 24-year-old, who joined in May, said": the words "the N-year-old" ending at this token, whatever
    the parser hung on them."""
    words = token.doc[max(token.i - 5, 0) : token.i + 1]
    return words if AGE_DESCRIPTION.fullmatch(words.text.lower()) else None


def _definite_role(head: Token, phrase: Span) -> bool:
    """ "the minister", "the rookie defenceman", "China's ambassador": a role said of someone the reader knows;
    "the rookie defenceman, brother of …" too, but not "the minister of finance" (that names which one)."""
    definite = phrase[0].lower_ == "the" or any(c.dep_ == "poss" and c.pos_ == "PROPN" for c in head.children)
    return (
        head.pos_ == "NOUN"
        and (head.lower_ in TITLE_WORDS or is_person_noun(head.lower_))
        and head.lower_ not in KIN_NOUNS
        and head.i - phrase.start < 6
        and definite
        and all(c.dep_ == "punct" or c.dep_ == "appos" and c.pos_ == "NOUN" for c in head.rights)
    )


def misread_name(token: Token) -> bool:
    """ "…, Early says", "Canadian actor Oh said": a surname the tagger read as an adverb or an interjection, a
    capitalised word inside a sentence; not a stop word or a word after a colon, a dash or a full stop ("the
    advice was blunt: Simply say no", "moved to the U.S. Later said")."""
    if token.pos_ not in {"ADV", "INTJ"} or not token.is_title or token.i <= token.sent.start:
        return False
    previous = token.doc[token.i - 1]
    after_break = previous.text in {":", "—", "–", "-"} or previous.text.endswith(".")
    return not (token.is_stop or after_break)


def _is_name(token: Token) -> bool:
    if misread_name(token):
        return True
    if token.pos_ == "PROPN":
        return (
            not token.is_lower
        )  # "Russia's foreign ministry": a common noun the small tagger took for a name
    if token.is_upper and len(token) > 1 and token.ent_type_ in {"ORG", "PERSON", "GPE", "NORP"}:
        return True  # "IRCC said": an acronym the tagger took for a common noun, the recogniser for a name
    # the small model tags some surnames ending in -s as plural nouns ("Sanders", "Matthews")
    return token.is_title and (
        token.ent_type_ in {"PERSON", "ORG"} and token.tag_ == "NNS" or token.ent_type_ == "PERSON"
    )


def _noun_phrase(head: Token) -> list[int]:
    """Token indices of the subject's phrase without relative clauses, appositions and trailing punctuation."""
    keep = [head.i]
    for child in head.children:
        if child.dep_ in {"det", "compound", "amod", "poss", "nummod", "case", "nmod"} and child.i < head.i:
            keep.extend(t.i for t in child.subtree)
        elif (
            child.dep_ == "prep"
            and child.lower_ in {"for", "of", "at", "from", "in", "with"}
            and child.i > head.i
        ):
            keep.extend(t.i for t in child.subtree)  # "a spokesman for the Home Office", "an official with X"
        elif child.dep_ in {"amod", "acl"} and child.i > head.i and len(list(child.subtree)) <= 6:
            keep.extend(
                t.i for t in child.subtree
            )  # "a person familiar with the talks", "people arrested last week"
    keep.sort()
    return list(range(keep[0], keep[-1] + 1))


def _clean_phrase(doc, indices: list[int]) -> str:
    tokens = [doc[i] for i in indices]
    while tokens and tokens[0].lower_ in {"the", "a", "an"}:
        tokens = tokens[1:]
    return doc[tokens[0].i : tokens[-1].i + 1].text if tokens else ""


def _named_mention(run: list[Token], head: Token) -> Mention:
    doc = head.doc
    ent = _entity(head)
    if (
        ent is not None
        and ent.label_ in ORG_LABELS | {"PERSON"}
        and ent.start <= run[0].i
        and run[-1].i < ent.end
        and (run[0].i > ent.start or run[-1].i < ent.end - 1)
    ):
        run = (
            name_tokens(ent) or run
        )  # "the British Ministry of Defence", not "British Ministry"; "Park Geun-hye"
    prefix = []
    if (
        ent is not None
        and ent.label_ == "PERSON"
        and run[0].i < ent.start <= head.i
        and len(ent) >= 2
        and given_name_gender(doc[ent.start - 1].text) is None
    ):
        # "CBS Sports NFL Insider Jason La Canfora": the recogniser's person is the name, the rest describes them
        prefix, run = run[: ent.start - run[0].i], name_tokens(ent) or run
        start = given_name_start([t.text for t in run])
        if start and len(run) - start >= 2:  # "Insider Jason Marlowe": the description reaches the first name
            prefix, run = [*prefix, *run[:start]], run[start:]
    run = with_company_suffix(run)
    title, core = name_core(run)
    title = [*prefix, *title]
    honorific = len(core) < len(prefix) + len(run) and (
        (prefix or run)[0].lower_.rstrip(".") in HONORIFICS or bool(title)
    )
    person = (
        honorific
        or looks_like_person(core, ent.label_ if ent is not None else None)
        or described_as_person(head)
    )
    name = written_name(core)
    # "the United Nations High Commissioner for Human Rights": an office, whoever holds it ("the Secretary of
    # State" alone is a role, which refers back to the person who holds it)
    office = run[-1].lower_ in TITLES and any(t.lower_ not in TITLES for t in run)
    body_like = office or not person and head.ent_type_ in {"", *ORG_LABELS}  # not "Jingyi Pan of IG"
    if body_like and name and (body := body_name(run)) is not None:
        run, name, person = body, body_written(body), False
    elif body_like and name and (listed := listed_name(run)):
        name, person = listed, False  # the recogniser's whole "Department of Water, Land and Forests"
    first = (prefix or run)[0]  # the mention is all the words that name them, titles included
    mention = Mention(
        first.idx,
        run[-1].idx + len(run[-1]),
        doc[first.i : run[-1].i + 1].text,
        name=name,
        kind="person" if person else "organisation",
    )
    if title:
        mention.facts.update(title_facts(title))
    elif role := role_before(run):
        mention.facts["role"] = role
    mention.facts.update(appositive_facts(head))
    return mention
