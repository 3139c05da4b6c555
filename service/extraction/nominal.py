"""Nominal anaphora: "the company", "the foreign ministry", "the statement" resolved to what the article named.

News names an organisation once and then calls it by a common noun; a document "says" only what whoever issued
it says. Three kinds of antecedent are collected from every parsed paragraph, in article order:
- qualified noun phrases, a common noun with a proper or national modifier ("Russia's foreign ministry"), for a
  later mention with the same head ("the ministry");
- the organisations the recogniser names, for a definite non-person noun with no such phrase ("the company");
- documents with their issuer ("X said in a statement", "X filed a lawsuit"), for "the statement said";
- common nouns an organisation's name is set beside ("The group, WeWorkers Coalition,", "Harlow Foods, a grocery
  chain,"), for a later "the group", "the chain";
- names the words show to be bodies whatever the recogniser calls them ("Big Machine have denied", "the aid group
  Gatsby said"), so that every mention of them is an organisation's.
"""

import bisect
from dataclasses import dataclass, field

from spacy.tokens import Token

from .issuers import document_issuer
from .lexicon import DOCUMENT_NOUNS, OUTLET_HINTS
from .mentions import describe_subject
from .naming import ORGANISATION_WORDS, name_core, name_tokens, with_company_suffix, written_name

PROPER_MODIFIERS = {"compound", "amod", "poss", "nmod"}


@dataclass
class Antecedents:
    qualified: list[tuple[int, str, str]] = field(default_factory=list)  # (position, head lemma, phrase)
    organisations: list[tuple[int, str]] = field(default_factory=list)  # (position, name)
    issuers: list[tuple[int, str, Token, int, bool]] = field(
        default_factory=list
    )  # (position, document lemma, issuer token, its position, whether "the" document)
    named_nouns: list[tuple[int, str, str]] = field(
        default_factory=list
    )  # (position, noun lemma, organisation)
    bodies: set[str] = field(
        default_factory=set
    )  # names shown to be bodies ("Acme have said", "the group Acme")

    def learn(self, doc, offset: int) -> None:
        for ent in doc.ents:
            if ent.label_ == "ORG":
                name = written_name(name_core(with_company_suffix(name_tokens(ent)))[1])
                if (
                    name and not set(name.lower().split()) & OUTLET_HINTS
                ):  # an outlet publishes, it rarely acts
                    self.organisations.append((offset + ent.start_char, name))
                if name and (noun := _noun_beside(ent)):
                    self.named_nouns.append((offset + ent.start_char, noun, name))
        if not doc.has_annotation("DEP"):
            return
        named = (
            describe_subject(token).name
            for token in doc
            if token.dep_ == "nsubj" and (_collective(token) or _body_named(token))
        )
        self.bodies.update(name for name in named if name)
        for token in doc:
            if token.pos_ != "NOUN" and not (
                token.pos_ == "PROPN" and token.is_lower
            ):  # "ministry", tagged PROPN
                continue
            if phrase := _qualified_phrase(token):
                self.qualified.append((offset + token.idx, token.lemma_.lower(), phrase))
            if token.lemma_.lower() in DOCUMENT_NOUNS:
                if (issuer := document_issuer(token)) is not None:
                    definite = any(c.lower_ == "the" for c in token.children)
                    self.issuers.append(
                        (offset + token.idx, token.lemma_.lower(), issuer, offset + issuer.idx, definite)
                    )

    def same_head(self, head: str, position: int) -> str | None:
        """The latest qualified phrase before `position` with this head: "the ministry" -> "Russia's foreign ministry"."""
        return next(
            (phrase for pos, lemma, phrase in reversed(self.qualified) if pos < position and lemma == head),
            None,
        )

    def named_as(self, noun: str, position: int) -> str | None:
        """The organisation the article last set beside this noun before `position` ("The group, X,")."""
        return next(
            (name for pos, lemma, name in reversed(self.named_nouns) if pos < position and lemma == noun),
            None,
        )

    def organisation(self, position: int) -> str | None:
        """The latest organisation the article named before `position`."""
        k = bisect.bisect_left(self.organisations, (position,))
        return self.organisations[k - 1][1] if k else None

    def organisation_headed(self, words: list[str], position: int) -> str | None:
        """The latest organisation named before `position` whose name holds every word of a description and ends in
        its head: "the utilities commission" -> "California Public Utilities Commission" (a bare "the commission" may
        be any commission the article named)."""
        for pos, name in reversed(self.organisations):
            own = name.lower().split()
            if len(words) > 1 and pos < position and own[-1] == words[-1] and set(words) <= set(own):
                return name
        return None

    def organisation_called(
        self, plural: str, position: int, long_names: list[tuple[int, str]]
    ) -> str | None:
        """A bare plural that an organisation's own name holds: "doctors said" -> "Doctors for Camp Closure"."""
        named = sorted([*self.organisations, *((pos, name.split(", ")[0]) for pos, name in long_names)])
        return next(
            (name for pos, name in reversed(named) if pos < position and plural in name.lower().split()), None
        )

    def issuer(self, document: str, position: int) -> tuple[Token, int] | None:
        """Who issued the latest such document before `position` ("the statement" after "X said in a statement"),
        and where the article names them."""
        return next(
            (
                (token, at)
                for pos, lemma, token, at, _ in reversed(self.issuers)
                if pos < position and lemma == document
            ),
            None,
        )

    def issuer_named_next(self, document: str, position: int, reach: int) -> tuple[Token, int] | None:
        """Who issued "a study" the article names just after it: "…, says a study. The study by the tenants'
        institute argues …" (the document's delayed identification, as a lede does for a person)."""
        return next(
            (
                (token, at)
                for pos, lemma, token, at, definite in self.issuers
                if position < pos <= position + reach and lemma == document and definite
            ),
            None,
        )


def _body_named(subject: Token) -> bool:
    """ "The British aid group Gatsby said": a subject that is a body's common noun with a name in it."""
    return (
        subject.dep_ == "nsubj"
        and subject.pos_ == "NOUN"
        and subject.lower_ in ORGANISATION_WORDS
        and any(
            c.pos_ == "PROPN" and c.dep_ in {"compound", "appos"} and c.i > subject.i
            for c in subject.children
        )
    )


def _collective(subject: Token) -> bool:
    """ "Big Machine have twice denied it": a singular name with a plural "have" or "are" just after it is a body
    spoken of as its members, as British news does; no person's name takes one. Not another plural form, which
    may be a bare infinitive or a subjunctive ("heard Tim Kaine speak", "if Trump were")."""
    doc, verb = subject.doc, subject.head
    after = doc[subject.i + 1] if subject.i + 1 < len(doc) else subject
    return (
        subject.dep_ == "nsubj"
        and subject.tag_ == "NNP"
        and not subject.conjuncts
        and after.lower_ in {"have", "are"}
        and (after.i == verb.i or after.dep_ in {"aux", "auxpass"} and after.head.i == verb.i)
    )


def _qualified_phrase(noun: Token) -> str | None:
    """ "Russia's foreign ministry", "French foreign ministry": a common noun a proper name or nationality qualifies."""
    if not noun.n_lefts:
        return None  # most nouns: nothing before them to qualify them
    modifiers = [c for c in noun.lefts if c.dep_ in PROPER_MODIFIERS]
    if not any(c.pos_ == "PROPN" or c.ent_type_ in {"NORP", "GPE", "ORG"} for c in modifiers):
        return None
    start = min(t.i for c in modifiers for t in c.subtree)
    return noun.doc[start : noun.i + 1].text


def _noun_beside(ent) -> str | None:
    """The common noun set off beside an organisation's name, on either side: "The group, WeWorkers Coalition,"
    and "Maple Freight, a trucking firm,". Read from the commas and the article, which every paragraph has, parsed
    or not."""
    doc = ent.doc
    after = ent.end < len(doc) and doc[ent.end].text == ","
    before = doc[max(ent.start - 5, 0) : ent.start]
    if after and len(before) >= 3 and before[-1].text == "," and before[-2].is_lower and before[-2].is_alpha:
        the = before[-3]  # "The group, X," opening its clause, not "Unlike the company, X,"
        if the.lower_ == "the" and (the.i == 0 or doc[the.i - 1].is_punct):
            return before[-2].lower_
    following = doc[ent.end + 1 : ent.end + 7] if after else []
    if len(following) >= 3 and following[0].lower_ in {"a", "an", "the"}:
        comma = next((t.i for t in following if t.is_punct), None)
        if (
            comma is not None
            and doc[comma].text == ","
            and doc[comma - 1].is_lower
            and doc[comma - 1].is_alpha
        ):
            return doc[comma - 1].lower_  # "X, a trucking firm,"
    return None
