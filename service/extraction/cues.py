"""Find the attribution cues of a parsed paragraph: the verb, who it names as speaker, what it reports and to whom."""

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from .cue_subjects import SUBJECT_DEPS, find_subject, is_passive, speaker_token
from .issuers import agent_of
from .lexicon import (
    BELIEF_VERBS,
    CONTACT_VERBS,
    DOCUMENT_NOUNS,
    NAMING_VERBS,
    OUTLET_HINTS,
    PERSON_WORDS,
    SPEECH_VERBS,
    WEAK_VERBS,
    is_person_noun,
)
from .mentions import Mention, describe_subject
from .outlets import find_outlet
from .quotatives import hands_over_quotation

OBJECT_VERBS = {
    "describe",
    "deny",
    "confirm",
    "announce",
    "reveal",
    "criticize",
    "criticise",
    "praise",
    "blast",
    "slam",
    "accuse",
    "predict",
    "promise",
    "demand",
    "mention",
    "acknowledge",
    "concede",
    "recall",
    "question",
}  # speech verbs whose object is what was said
DIRECTIVE_VERBS = {"urge", "ask", "tell", "call", "demand", "encourage", "implore", "invite", "warn"}
OPENING_MARKS = "“\"‘'"
CLOSING_MARKS = "”\"’'"
HYPOTHETICAL = {"will", "'ll", "could", "might", "may", "should", "must", "shall"}
NEGATING_HEADS = {"decline", "refuse", "fail", "want", "plan", "expect"}


@dataclass
class Cue:
    start: int  # character offsets in the paragraph
    end: int
    text: str
    lemma: str
    subject: Mention | None
    content: tuple[int, int] | None  # the reported clause, if the cue has one
    outlet: str | None
    family: str  # speech | belief | contact | according
    base: int = 0  # offset of the paragraph start/end are relative to
    not_speakers: tuple[
        str, ...
    ] = ()  # names the words are addressed to or are about: never a pronoun speaker's


def find_cues(doc: Doc, inside_marks) -> list[Cue]:
    cues = []
    for token in doc:
        if inside_marks(token.idx):
            continue
        if token.lower_ == "according" and token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "to":
            cue = _according_to(token)
        elif token.pos_ in {"VERB", "AUX"} and _is_cue_lemma(token):
            cue = _verb_cue(token, inside_marks)
        elif token.pos_ == "VERB" and hands_over_quotation(token):
            cue = _verb_cue(token, inside_marks)
            if cue is not None:
                cue.content = (
                    None  # "“…,” she smiled, and left the room": the frame credits the quotation alone
                )
        else:
            cue = None
        if cue is not None:
            cues.append(cue)
    return cues


def _reduced_relative(subject: Token) -> bool:
    """ "…, a prospect Vindman denied": "a prospect (that) Vindman denied" misread as the subject "a prospect
    Vindman"; the verb reports nothing of the clause before it (a person noun is a role: "A Taliban spokesman
    Zabihullah Mujahid said")."""
    children = list(subject.children)
    return (
        subject.pos_ == "PROPN"
        and any(c.dep_ == "det" and c.lower_ in {"a", "an"} for c in children)
        and any(c.dep_ == "compound" and c.pos_ == "NOUN" and not is_person_noun(c.lower_) for c in children)
        and not any(c.lower_ in PERSON_WORDS for c in children)
    )


def _is_cue_lemma(token: Token) -> bool:
    lemma = token.lemma_.lower()
    return lemma in SPEECH_VERBS or lemma in BELIEF_VERBS or lemma in CONTACT_VERBS


def _verb_cue(verb: Token, inside_marks) -> Cue | None:
    lemma = verb.lemma_.lower()
    if verb.dep_ == "xcomp" and verb.head.lemma_ in NEGATING_HEADS:
        return None
    if any(c.dep_ == "aux" and c.lower_ in HYPOTHETICAL for c in verb.children):
        return None  # "the Greens will argue that …": what someone may say is not what they said
    if any(c.dep_ == "neg" and c.i < verb.i and not inside_marks(c.idx) for c in verb.children):
        return None  # "would not disclose the number", "never said": a denied speech act reports nothing
    if verb.dep_ in {"amod", "acl"} and verb.tag_ == "VBN":
        return None  # "the so-called", "a reported attack"
    if (
        verb.tag_ == "VBN"
        and not any(c.dep_ in {"aux", "auxpass", "nsubj", "nsubjpass"} for c in verb.children)
        and verb.dep_ in {"advcl", "ccomp", "xcomp"}
    ):
        return None  # "When asked what …, Mulder said": the question is put to the speaker, not asked by him
    if is_passive(verb) and agent_of(verb) is None:
        return None  # "was warned": the grammatical subject is the one spoken to, and nobody says who spoke
    subject_token = speaker_token(verb, inside_marks)
    if subject_token is not None and _reduced_relative(subject_token):
        return None
    content = _content(verb)
    if lemma in WEAK_VERBS and content is None and not _introduces_quote(verb):
        return None
    family = "contact" if lemma in CONTACT_VERBS else "belief" if lemma in BELIEF_VERBS else "speech"
    subject = describe_subject(subject_token) if subject_token is not None else None
    return Cue(
        verb.idx,
        verb.idx + len(verb),
        verb.text,
        lemma,
        subject,
        content,
        find_outlet(verb),
        family,
        not_speakers=_not_speakers(verb, content),
    )


def _not_speakers(verb: Token, content: tuple[int, int] | None) -> tuple[str, ...]:
    """Names a pronoun subject of this cue cannot stand for: those spoken to ("he told Kody", "said to Smith"), and
    those named in what was said ("Macharia hid under a desk, he said": a speaker is not named in his own clause)."""
    heard_by = [c for c in verb.children if c.dep_ in {"dobj", "dative", "iobj"}]
    heard_by += [
        g
        for c in verb.children
        if c.dep_ == "prep" and c.lower_ == "to"
        for g in c.children
        if g.dep_ == "pobj"
    ]
    named_in = [t for t in verb.doc if content and content[0] <= t.idx < content[1]]
    return tuple(t.text for t in heard_by + named_in if t.pos_ == "PROPN")


def _content(verb: Token) -> tuple[int, int] | None:
    """The reported clause: "said (that) X", "urged Y to X", or the sentence around "X, he said, Y"."""
    clauses = (
        [c for c in verb.children if c.dep_ == "ccomp" and c.i > verb.i]
        or [c for c in verb.children if c.dep_ == "ccomp"]
        or _told_clause(verb)
    )
    if clauses:
        tokens = [*clauses[0].subtree, *_continuations(verb, clauses[0])]
    elif verb.lemma_.lower() in NAMING_VERBS and (called := _called(verb)):
        tokens = called
    elif verb.lemma_.lower() in DIRECTIVE_VERBS:
        tokens = _directive(verb)
    elif gerunds := [c for c in verb.children if c.dep_ == "xcomp" and c.tag_ == "VBG" and c.i == verb.i + 1]:
        tokens = list(
            gerunds[0].subtree
        )  # "said having Karlsson back was a boost": the clause parsed as xcomp
    elif verb.dep_ == "parataxis" or _is_parenthetical(verb):
        own = {t.i for t in verb.subtree}
        tokens = [t for t in verb.sent if t.i not in own or t.i > verb.right_edge.i]
    elif verb.lemma_.lower() in OBJECT_VERBS and not (verb.tag_ == "VBG" and verb.dep_ == "advcl"):
        tokens = _reported_object(verb)  # not "ran for election promising X": a deed described, nobody quoted
    else:
        return None
    return _trimmed_span(sorted(tokens, key=lambda t: t.i))


def _told_clause(verb: Token) -> list[Token]:
    """ "told the court she had cared …" parsed as a relative clause on "court": it is what was told."""
    if verb.lemma_.lower() != "tell":
        return []
    for listener in (c for c in verb.children if c.dep_ in {"dobj", "dative"}):
        for clause in listener.children:
            first = clause.doc[clause.left_edge.i]
            if (
                clause.dep_ == "relcl"
                and first.lower_ not in {"who", "whom", "whose", "which", "that", "where"}
                and any(c.dep_ in SUBJECT_DEPS for c in clause.children)
            ):
                return [clause]
    return []


def _trimmed_span(tokens: list[Token]) -> tuple[int, int] | None:
    while tokens and (
        tokens[0].dep_ == "mark"
        and tokens[0].lower_ in {"that", "whether", "if"}
        or tokens[0].is_punct
        and tokens[0].text not in OPENING_MARKS
    ):
        tokens = tokens[1:]
    while tokens and tokens[-1].is_punct and tokens[-1].text not in CLOSING_MARKS:
        tokens = tokens[:-1]
    if len(tokens) < 2:
        return None
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1])


def _reported_object(verb: Token) -> list[Token]:
    """ "denied the allegations", "described the plan as reckless": what was said is the object (and its "as")."""
    objects = [c for c in verb.children if c.dep_ == "dobj" and c.i > verb.i]
    if not objects:
        return []
    end = objects[0].right_edge.i
    for child in verb.children:
        if child.dep_ in {"prep", "oprd", "advcl"} and child.lower_ == "as" and child.i > end:
            end = child.right_edge.i
    return list(verb.doc[objects[0].left_edge.i : end + 1])


def _called(verb: Token) -> list[Token]:
    """ "called it an “adverse development”", "labeled the plan “a giveaway”", "called on Obama to retaliate": what
    the speaker called something (in marks right after it, however parsed), or whom they called on to do what
    ("called for new tariffs" is left alone: GGT does not annotate it as speech, PolNeAR does)."""
    doc, children = verb.doc, list(verb.children)
    if is_passive(verb) or verb.tag_ == "VBN" and not any(c.dep_ == "aux" for c in children):
        return []  # "are often called hieleras", "a group, called the Legacy Fund,": a name, nobody's words
    named_as = [c for c in children if c.dep_ == "oprd" and c.i > verb.i]
    named = [c for c in children if c.dep_ in {"dobj", "dative", "oprd"} and c.i > verb.i]
    # not "involved with what lawmakers called …", "the bill, which critics called …": a relative names a thing
    if named_as and not any(c.tag_ in {"WDT", "WP"} for c in children):
        return list(doc[min(c.left_edge.i for c in named) : named_as[-1].right_edge.i + 1])
    if named and (closing := _quotation_after(named[0])) is not None:
        return list(doc[named[0].left_edge.i : closing + 1])  # the name in quotation marks, however parsed
    on = next((c for c in children if c.dep_ == "prep" and c.lower_ == "on" and c.i == verb.i + 1), None)
    whom = [g for g in on.children if g.dep_ == "pobj"] if on is not None else []
    actions = [c.right_edge.i for c in children if c.dep_ == "xcomp" and whom and c.i > whom[0].i]
    return list(doc[whom[0].left_edge.i : actions[-1] + 1]) if actions else []


def _quotation_after(named: Token) -> int | None:
    """Where the quotation ends that says what a speaker called something, just after it or after the phrases
    and asides that go with it ("called the closure by its owners, Acme Mills, “an act of vandalism.”"); not a
    quotation further on in the sentence ("called the police from the “safe room”")."""
    doc, own = named.doc, range(named.left_edge.i, named.right_edge.i + 1)
    opening = None
    for token in doc[named.i + 1 : named.sent.end]:
        if opening is None and token.text in {"“", '"'}:
            opening = token.i
        elif opening is None and token.i not in own and _ends_the_naming(token):
            return None
        elif opening is not None and token.text in {"”", '"'}:
            return token.i
    return None


def _ends_the_naming(token: Token) -> bool:
    """A verb, or a preposition that starts a phrase of its own ("from the …"), before any quotation."""
    return token.pos_ in {"VERB", "AUX"} or token.pos_ == "ADP" and token.lower_ not in {"of", "by"}


def _directive(verb: Token) -> list[Token]:
    """ "urged supporters to monitor polling places": the addressee and what they are urged to do."""
    objects = [c for c in verb.children if c.dep_ in {"dobj", "dative"}]
    actions = [c for c in verb.children if c.dep_ in {"xcomp", "ccomp"} and c.i > verb.i]
    if not actions or not objects and actions[0].dep_ == "xcomp":
        return []  # "who asked not to be named": what the speaker wants for themself, nothing reported
    first = objects[0].left_edge.i if objects else actions[0].left_edge.i
    return list(verb.doc[first : actions[0].right_edge.i + 1])


def _is_parenthetical(verb: Token) -> bool:
    """ "X, he said, Y": the cue sits between commas inside the sentence."""
    doc, left, right = verb.doc, verb.left_edge.i, verb.right_edge.i
    return (
        left > verb.sent.start
        and doc[left - 1].text == ","
        and right + 1 < verb.sent.end
        and doc[right + 1].text == ","
        and verb.dep_ not in {"ROOT", "ccomp", "xcomp", "conj", "relcl", "advcl"}
        and right - left <= 6
    )


def _continuations(verb: Token, clause: Token) -> list[Token]:
    """Coordinated predicates sharing the speaker's subject: "said he wanted X and urged the West to Y"."""
    extra = []
    for child in verb.children:
        if child.dep_ != "conj" or child.i < clause.i:
            continue
        if any(g.dep_ in SUBJECT_DEPS for g in child.children):
            continue
        if child.lemma_.lower() in SPEECH_VERBS and any(g.dep_ == "ccomp" for g in child.children):
            continue
        extra.extend(t for t in verb.doc[clause.right_edge.i + 1 : child.right_edge.i + 1])
    return extra


def _introduces_quote(verb: Token) -> bool:
    """True when the verb stands right before a colon or right after a closing quotation mark."""
    doc = verb.doc
    nxt = doc[verb.i + 1] if verb.i + 1 < len(doc) else None
    prev_text = doc[max(0, verb.i - 12) : verb.i].text_with_ws[
        -12:
    ]  # doc.text would join the whole paragraph
    return bool(nxt is not None and nxt.text == ":" or any(m in prev_text for m in "”\"’'"))


def _according_to(token: Token) -> Cue | None:
    doc = token.doc
    to = doc[token.i + 1]
    sources = [c for c in to.children if c.dep_ == "pobj"]
    if not sources:
        return None
    phrase = sorted([*token.subtree, *to.subtree], key=lambda t: t.i)
    p_start, p_end = phrase[0].i, phrase[-1].i + 1
    sent = token.sent
    before = [t for t in sent if t.i < p_start and not t.is_punct]
    after = [t for t in sent if t.i >= p_end and not t.is_punct]
    if len(after) > len(before):
        span = (after[0].idx, after[-1].idx + len(after[-1]))
    elif before:
        span = (before[0].idx, before[-1].idx + len(before[-1]))
    else:
        return None
    mention = describe_subject(sources[0])
    verb = token.head
    recorder = mention.head in DOCUMENT_NOUNS or _publication(phrase)
    speaker = find_subject(verb) if recorder and _is_cue_lemma(verb) and not is_passive(verb) else None
    if speaker is not None:
        # "he told settler leaders, according to a statement", "she said, according to the Enquirer, the
        # Riverton Daily News": the document or the paper only records the words (not so a person's account)
        if _content(verb) is not None:
            return None  # the verb's own cue reports them
        mention = describe_subject(speaker)
    return Cue(
        token.idx,
        to.idx + len(to),
        doc[token.i : to.i + 1].text,
        "according to",
        mention,
        span,
        None,
        "according",
    )


def _publication(phrase: list[Token]) -> bool:
    """ "according to" a paper, a broadcaster or an agency, by its name or an apposition ("Reuters", "the
    Enquirer, the Riverton Daily News"); a name read as a person's is not one with "the" before it."""
    person = any(
        t.ent_type_ == "PERSON" and t.dep_ != "compound" and not any(c.lower_ == "the" for c in t.children)
        for t in phrase
    )
    return not person and any(t.lower_ in OUTLET_HINTS for t in phrase)
