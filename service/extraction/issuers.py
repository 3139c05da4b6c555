"""Who issued a document: a statement, a report or a lawsuit "says" only what whoever issued it says, and the
article tells who in the clause the document stands in or in the words around the noun itself."""

from spacy.tokens import Token

from .lexicon import ISSUING_PARTICIPLES, ISSUING_VERBS, ORG_LABELS, PERSON_PRONOUNS, SPEECH_VERBS

ISSUERS = {"he", "she", "they", "it"}  # pronouns that may issue a document, resolved where they stand


def document_issuer(document: Token) -> Token | None:
    """Who issued a document: who the clause it stands in says issued it, else its possessor, a name compounded
    with it, "from/by/of X", or the agent of a clause about it ("a study which is being released Monday by Civic
    Action"). "X stated in the company's blog post": X wrote it."""
    if (subject := issuing_subject(document)) is not None:
        return subject
    for child in document.children:
        if child.dep_ == "poss" and (child.pos_ in {"PROPN", "NOUN"} or child.lower_ in PERSON_PRONOUNS):
            return child  # "the union's release", "her statement"
    # "the TexAuto Facts report from InfoNation": who it is from, before a name it carries as its title
    if (sender := _named_after(document, {"from", "by"})) is not None:
        return sender
    compounds = [
        c for c in document.children if c.dep_ == "compound" and c.pos_ == "PROPN" and c.i < document.i
    ]
    if compounds:
        return compounds[-1]
    if (owner := _named_after(document, {"of"})) is not None:
        return owner
    for clause in document.children:
        issued = clause.dep_ in {"relcl", "acl"} and clause.lower_ in ISSUING_PARTICIPLES
        source = agent_of(clause) if issued else None
        if source is not None and (source.pos_ == "PROPN" or source.ent_type_ in ORG_LABELS):
            return source
    return None


def _named_after(document: Token, prepositions: set[str]) -> Token | None:
    for child in document.children:
        if child.dep_ == "prep" and child.lower_ in prepositions:
            source = next((g for g in child.children if g.dep_ == "pobj"), None)
            if source is not None and (source.pos_ == "PROPN" or source.ent_type_ in ORG_LABELS):
                return source
    return None


def issuing_subject(document: Token) -> Token | None:
    """Who issued a document, from the clause it stands in: the subject of a verb that issues it ("the company
    published a blog post", "they put out a statement") or speaks in it ("the US military said in a statement"),
    or the agent of one ("a lawsuit was filed by X"); not of any verb ("The Globe obtained a memo")."""
    if document.dep_ == "pobj" and document.head.lower_ == "in":
        verb = document.head.head
        issues = verb.lemma_.lower() in SPEECH_VERBS
    elif document.dep_ in {"dobj", "nsubjpass"}:
        verb = document.head
        issues = verb.lemma_.lower() in ISSUING_VERBS or verb.lower_ in ISSUING_PARTICIPLES
    else:
        return None
    if not issues or verb.pos_ not in {"VERB", "AUX"}:
        return None
    for child in verb.children:
        if child.dep_ == "agent":
            child = next((g for g in child.children if g.dep_ == "pobj"), child)
        if child.dep_ in {"nsubj", "pobj"} and (child.pos_ in {"PROPN", "NOUN"} or child.lower_ in ISSUERS):
            return child
    return None


def agent_of(verb: Token) -> Token | None:
    """Who a passive verb says did it: "by X"."""
    for child in verb.children:
        if child.dep_ == "agent":
            return next((g for g in child.children if g.dep_ == "pobj"), None)
    return None
