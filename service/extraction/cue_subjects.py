"""Who speaks at a cue verb: its subject token, found past the small parser's usual misreadings (an inverted
subject, a name read as an auxiliary or an adverb, a subject stranded in a coordination, a passive's agent, a
name opening the sentence whose description the parser made a clause)."""

from spacy.tokens import Token

from .issuers import agent_of
from .mentions import age_description, misread_name
from .naming import given_name_gender

SUBJECT_DEPS = {"nsubj", "nsubjpass"}
INHERITS_SUBJECT = {"conj", "xcomp", "advcl", "pcomp", "prep"}
ADDRESSING_VERBS = {
    "tell",
    "ask",
    "warn",
    "inform",
    "advise",
    "assure",
    "remind",
    "notify",
}  # say it *to* someone


def speaker_token(verb: Token, inside_marks) -> Token | None:
    """The token naming who speaks at this verb, or None."""
    # "was warned by X": the grammatical subject is the one spoken to
    subject_token = agent_of(verb) if is_passive(verb) else find_subject(verb)
    if subject_token is not None and inside_marks(subject_token.idx):
        # the parser made words of the quotation a subject too: "“The hard part …,” he said"
        subject_token = next(
            (
                c
                for c in verb.children
                if c.dep_ in SUBJECT_DEPS and not inside_marks(c.idx) and not c.is_punct
            ),
            None,
        )
    if (
        subject_token is None
        and (opening := _opening_name(verb)) is not None
        and not inside_marks(opening.idx)
    ):
        subject_token = opening
    if subject_token is None and verb.i > 0 and verb.doc[verb.i - 1].is_punct:
        subject_token = _inverted_subject(verb)  # "“…,” said Leslie Wimes, a …"
    if subject_token is None and verb.i > 0 and age_description(verb.doc[verb.i - 1]) is not None:
        subject_token = verb.doc[verb.i - 1]  # "The 55-year-old said", its words hung on the verb
    if subject_token is None:
        subject_token = _name_before(verb)
    return subject_token


def _opening_name(verb: Token) -> Token | None:
    """ "Dana Reyes, editor of a news site focused on farming, said …": the name that opens the sentence, set off
    by a comma from the description that runs up to the verb, is its subject, however the parser hung the
    description's own verbs. Not when a finite verb stands between: "John Smith, 34, was charged, said …" is a
    clause about him, reported by someone else."""
    doc, start = verb.doc, verb.sent.start
    if verb.i < start + 4 or doc[verb.i - 1].text != ",":
        return None
    end = start
    while end < verb.i and doc[end].pos_ == "PROPN" and doc[end].ent_type_ in {"PERSON", "ORG"}:
        end += 1
    if not (start < end < verb.i - 2 and doc[end].text == ","):
        return None
    finite = any(t.tag_ in {"VBD", "VBZ", "VBP", "MD"} for t in doc[end : verb.i])
    return None if finite else doc[end - 1]


def _inverted_subject(verb: Token) -> Token | None:
    for token in verb.doc[verb.i + 1 : verb.i + 4]:
        if token.ent_type_ in {"DATE", "TIME"}:
            return None  # "…,” Flynn, a surrogate, said Thursday morning": when, not who
        if token.pos_ in {"PROPN", "NOUN"}:
            while token.dep_ in {"compound", "flat"} and token.head.i > token.i:
                token = token.head
            return _owned_person(token) or token
        if token.pos_ not in {"DET", "ADJ"}:
            return None
    return None


def _owned_person(owner: Token) -> Token | None:
    """ "said The We Company's recently named executive chair Marcelo Claure": the person the possessive
    introduces speaks, not the company, however the parser hung the words."""
    doc = owner.doc
    if owner.i + 1 >= len(doc) or doc[owner.i + 1].tag_ != "POS":
        return None
    for token in doc[owner.i + 2 : owner.i + 10]:
        if token.pos_ == "PROPN":  # the name, after the role words: a person's if a first name opens it
            end = token.i
            while end + 1 < len(doc) and doc[end + 1].pos_ == "PROPN":
                end += 1
            person = token.ent_type_ == "PERSON" or given_name_gender(token.text) is not None
            return doc[end] if person and end > token.i else None
        if token.is_punct or token.pos_ == "VERB" and token.tag_ != "VBN":
            return None
    return None


def _name_before(verb: Token) -> Token | None:
    """ "“…,” DeBoer said" with the name mis-parsed (as an auxiliary, say): a name right before the verb, or
    before an apposition that ends there ("“…,” Flynn, a top Trump surrogate, said"), right after the quotation,
    is its subject."""
    doc = verb.doc
    if verb.i > 2 and doc[verb.i - 1].text == ",":
        described = next(
            (t.head for t in reversed(doc[: verb.i]) if t.dep_ == "appos" and t.right_edge.i == verb.i - 2),
            None,
        )
        if (
            described is not None
            and described.pos_ == "PROPN"
            and described.i < verb.i - 2
            and doc[described.i + 1].text == ","
        ):
            verb = doc[described.i + 1]
    if verb.i < 2 or doc[verb.i - 1].pos_ != "PROPN":
        return None
    start = verb.i - 1
    while start > 0 and doc[start - 1].pos_ == "PROPN":
        start -= 1
    return doc[verb.i - 1] if start > 0 and doc[start - 1].text in {",", "”", '"', "’", "'"} else None


def _stranded_subject(verb: Token) -> Token | None:
    """ "X did Y and Tartu University said Z" parsed with the university inside Y: the noun right after the
    conjunction, before the verb, is the verb's own subject."""
    doc = verb.doc
    cc = next((t for t in reversed(doc[verb.head.i + 1 : verb.i]) if t.dep_ == "cc"), None)
    if cc is None:
        return None
    nouns = [  # not "… and on Monday said": a time, or a preposition's object, is no subject
        t
        for t in doc[cc.i + 1 : verb.i]
        if t.pos_ in {"PROPN", "NOUN"} and t.ent_type_ not in {"DATE", "TIME"} and t.dep_ != "pobj"
    ]
    if not nouns:
        return None
    head = nouns[0]
    while head.dep_ in {"compound", "flat"} and head.head.i < verb.i:
        head = head.head
    return head


def is_passive(verb: Token) -> bool:
    return any(c.dep_ in {"nsubjpass", "auxpass"} for c in verb.children)


def _parenthetical_subject(verb: Token, subjects: list[Token]) -> Token | None:
    """ "The initiative, said Nagel, “…”", "Prices, said analysts at Goldman Sachs, will rise": set off by commas,
    the subject after the verb is the speaker; the one before the first comma is the sentence's own."""
    doc = verb.doc
    if verb.i < 1 or doc[verb.i - 1].text != ",":
        return None
    return next(
        (
            c
            for c in subjects
            if c.left_edge.i == verb.i + 1
            and c.right_edge.i + 1 < len(doc)
            and doc[c.right_edge.i + 1].text == ","
        ),
        None,
    )


def find_subject(verb: Token) -> Token | None:
    """The verb's own subject; failing that, the subject of the verb it is coordinated with or depends on."""
    seen = 0
    if (misread := name_read_as_adverb(verb)) is not None:
        return misread
    while verb is not None and seen < 4:
        subjects = [c for c in verb.children if c.dep_ in SUBJECT_DEPS and not c.is_punct]
        if subjects:
            # of two subjects before the verb the parser gave it, the nearer is the subject: the other is fronted
            # material it misread ("BUFFALO, N.Y. — Hours before …, coach Bruce Boudreau expressed …")
            before = [c for c in subjects if c.i < verb.i]
            child = before[-1] if before else subjects[0]
            if before and (inverted := _parenthetical_subject(verb, subjects)) is not None:
                child = inverted
            if child.lower_ in {"who", "that", "which"} and verb.dep_ == "relcl":
                # "Dana Reyes, a resident who tweeted …": the one the apposition describes
                described = verb.head
                named = described.dep_ == "appos" and described.head.pos_ == "PROPN"
                return described.head if named else described
            return child
        if verb.dep_ not in INHERITS_SUBJECT or verb.head.i == verb.i:
            return None
        if (
            verb.dep_ == "conj"
            and is_passive(verb.head)
            and verb.lemma_.lower() in ADDRESSING_VERBS
            and not any(c.dep_ in {"dobj", "dative", "iobj"} for c in verb.children)
        ):
            return None  # "had been diagnosed and told he had months to live": the one told, not the teller
        if verb.dep_ == "conj":
            stranded = _stranded_subject(verb)
            if stranded is not None:
                return stranded
        verb = verb.head
        seen += 1
    return None


def name_read_as_adverb(verb: Token) -> Token | None:
    """ "…, Early says there is a possibility": a capitalised word inside a sentence, just before a verb with no
    subject, that the tagger read as an adverb is the speaker's name."""
    if verb.i == 0 or any(c.dep_ in SUBJECT_DEPS for c in verb.children):
        return None
    before = verb.doc[verb.i - 1]
    return before if before.pos_ == "ADV" and misread_name(before) and before.head.i == verb.i else None
