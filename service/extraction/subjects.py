"""Who each sentence is about: the subjects a later pronoun or stand-alone quotation may refer back to."""

import bisect

from .coreference import SpeakerRegistry
from .cue_subjects import name_read_as_adverb
from .lexicon import PERSON_PRONOUNS, PERSON_WORDS, is_person_noun
from .mentions import Mention, describe_subject
from .naming import looks_like_person, name_core, name_tokens, written_name
from .outlets import misparsed_object


def note_subjects(doc, inside, registry: SpeakerRegistry, base: int) -> None:
    """Remember who is the subject of each sentence, for resolving later pronouns."""
    for token in doc:
        if (
            (
                token.dep_ in {"nsubj", "nsubjpass"}
                and token.pos_ in {"PROPN", "NOUN"}
                or _adverb_subject(token)
            )
            and not inside(token.idx)
            and not misparsed_object(token)
        ):
            mention = describe_subject(token)
            if mention.name:
                mention.base = base
                mention = registry.resolve(mention, base + token.idx)
                unnamed = mention.kind == "description"
                someone = unnamed and token.tag_ == "NN" and token.lower_ in PERSON_WORDS
                registry.note_subject(
                    mention, base + token.idx, someone, group=unnamed and token.tag_ == "NNS"
                )
                if _embedded(token):
                    registry.embedded_subjects[base + token.idx] = base + token.sent.start_char
        if (
            token.dep_ in {"nsubj", "nsubjpass"}
            and token.conjuncts
            and not inside(token.idx)
            and (token.pos_ in {"PROPN", "NOUN"} or token.lower_ in PERSON_PRONOUNS)
        ):
            _note_coordination(token, registry, base)
    for (
        ent
    ) in doc.ents:  # the small parser sometimes misses a named subject ("Having lost so much, McNeely was")
        if (
            ent.label_ == "PERSON"
            and not inside(ent.root.idx)
            and (
                _misparsed_subject(ent.root) or _owns_the_subject(ent.root) or _named_before_pronoun(ent.root)
            )
        ):
            _note_person(ent, registry, base)
        elif ent.label_ == "PERSON" and not inside(ent.root.idx) and _has_relative_subject(ent.root):
            _note_person(ent, registry, base)
            registry.embedded_subjects[base + ent.start_char] = base + ent.sent.start_char


def _note_coordination(subject, registry: SpeakerRegistry, base: int) -> None:
    """ "Gov. Ann Whitby and leaders of the state senate have avoided …; they said", "he and his wife explained":
    a later "they" is the people the coordination names, and a quotation has one speaker: the first person it
    names. Not when the parts are one person's roles ("Retired nurse and self-made millionaire Grant Udall",
    whose parts all name him, or one of which is an unnamed someone)."""
    people = []
    for part in [subject, *subject.conjuncts]:
        mention = describe_subject(part)
        if mention.name or mention.pronoun:
            mention.base = base
            mention = registry.resolve(mention, base + part.idx)
        if mention.kind == "person" and mention.name:
            people.append(mention.name)
        elif part.tag_ not in {"NNS", "NNPS"}:
            return
    if len(set(people)) == 1 < len(people):
        return
    if people:
        end = max(c.idx for c in subject.conjuncts)  # the coordination is a subject up to its last part
        registry.note_subject(Mention(0, 0, people[0], name=people[0], kind="people"), base + end)


def _has_relative_subject(token) -> bool:
    """ "I asked barber Robert McMillen, who works with …": a person a relative "who" stands for is the subject of
    that clause, inside the sentence."""
    return any(
        clause.dep_ == "relcl" and any(c.lower_ == "who" and c.dep_ == "nsubj" for c in clause.children)
        for clause in token.children
    )


def _adverb_subject(token) -> bool:
    misread = name_read_as_adverb(token.head) if token.pos_ == "ADV" else None
    return misread is not None and misread.i == token.i  # "…, Early says"


def _owns_the_subject(token) -> bool:
    """ "Mr. Trump's theatrical embrace is not limited to China. He has …": a person whose thing is the subject is
    what the sentence is about (not when the thing is a person: "Trump's lawyer" is someone else)."""
    owned = token.head
    return (
        token.dep_ == "poss"
        and owned.dep_ in {"nsubj", "nsubjpass"}
        and owned.pos_ == "NOUN"
        and owned.lower_ not in PERSON_WORDS
        and not is_person_noun(owned.lower_)
    )


def _named_before_pronoun(token) -> bool:
    """ "While the campaign did not appeal to Julie Graham, she said …": a person named in a clause of its own
    before the main clause, whose subject is "he" or "she" (not "After meeting Graham, she said": a clause with
    no subject of its own is the main subject's doing, so its object is someone else; nor when a person is that
    clause's subject)."""
    verb = next((a for a in token.ancestors if a.pos_ in {"VERB", "AUX"}), None)
    main = token.sent.root
    if verb is None or verb.i >= main.i:
        return False
    # its own subject, and not a person: "When coach Anna Berg benched Maria Lopez, she said" is Anna Berg's
    subjects = [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"} and c.i != token.i]
    people = [
        c for c in subjects if c.pos_ in {"PRON", "PROPN"} or any(t.ent_type_ == "PERSON" for t in c.subtree)
    ]
    return (
        bool(subjects)
        and not people
        and any(c.dep_ == "nsubj" and c.lower_ in {"he", "she"} and c.i > token.i for c in main.children)
    )


def _embedded(subject) -> bool:
    """A subject of a clause inside another ("… whether Thomas slept on the night Epstein died"): the sentence is
    about its main subject, whom a pronoun in the next one refers back to."""
    verb = subject.head
    while verb.dep_ == "conj":
        verb = verb.head
    return verb.dep_ != "ROOT"


def _misparsed_subject(token) -> bool:
    """A name standing before its verb, with no subject of its own, that the parser attached as a modifier; or
    before a verb it read as a plural noun ("Ruth Combs remembers once spotting …": a noun, to it, that the
    name modifies, yet with a verb's clause or object hung on it)."""
    verb = token.head
    if token.dep_ == "compound" and verb.dep_ == "ROOT" and verb.tag_ == "NNS" and token.i < verb.i:
        return any(child.dep_ in {"advcl", "ccomp", "xcomp", "dobj"} for child in verb.children)
    return (
        token.dep_ in {"advmod", "npadvmod", "dep"}
        and verb.pos_ in {"VERB", "AUX"}
        and token.i < verb.i
        and not any(child.dep_ in {"nsubj", "nsubjpass"} for child in verb.children)
    )


SENTENCE_OPENERS = {
    ".",
    "?",
    "!",
    "…",
    "”",
    '"',
}  # what a name opening a sentence follows (a quotation's end)
PREPOSITIONS = {"by", "with", "to", "for", "of", "from", "against", "about", "at", "on", "in"}


def note_people(doc, registry: SpeakerRegistry, base: int) -> None:
    """In a paragraph read for names only, the people named are the candidates for a later pronoun, but for
    those the words show to be a preposition's object ("a company owned by talent manager Scooter Braun", "the
    likes of Kanye West and Kim Kardashian"): with no parse, the word before the name, role words skipped. A
    preposition opening the sentence makes its person the topic ("For Megda Belkacemi, Friday is …")."""
    governed = False
    for ent in doc.ents:
        if ent.label_ != "PERSON":
            continue
        i = ent.start - 1
        while (
            i >= 0
            and doc[i].is_lower
            and doc[i].is_alpha
            and doc[i].lower_ not in PREPOSITIONS | {"and", "or"}
        ):
            i -= 1  # "talent manager"
        before = doc[i].lower_ if i >= 0 else ""
        fronted = i <= 0 or doc[i - 1].is_punct  # "For Megda Belkacemi, Friday is a day she …": the topic
        governed = before in PREPOSITIONS and not fronted or before in {"and", "or"} and governed
        if not governed:
            _note_person(ent, registry, base)
    _note_known_surnames(doc, registry, base)


def _note_known_surnames(doc, registry: SpeakerRegistry, base: int) -> None:
    """A surname of someone the article named in full before, which the recogniser did not tag here, opening a
    sentence ("Okafor shrugs."): a name keeps its sense through an article. Not a surname the article also writes
    in lower case, a word as well ("Price rises …" in an article about prices)."""
    surnames = {
        name.split()[-1] for pos, name, kind in registry.full_names if kind == "person" and pos < base
    }
    for token in doc:
        if (
            token.text in surnames
            and not token.ent_type_
            and (token.i == 0 or doc[token.i - 1].text in SENTENCE_OPENERS)
            and not registry.writes_in_lower_case(token.text)
        ):
            mention = Mention(
                token.idx, token.idx + len(token), token.text, name=token.text, kind="person", base=base
            )
            registry.note_subject(registry.resolve(mention, base + token.idx), base + token.idx)


def _note_person(ent, registry: SpeakerRegistry, base: int) -> None:
    core = name_core(name_tokens(ent))[1]
    name = written_name(core)
    if name and looks_like_person(core, ent.label_):
        mention = registry.resolve(
            Mention(ent.start_char, ent.end_char, ent.text, name=name, kind="person", base=base),
            base + ent.start_char,
        )
        registry.note_subject(mention, base + ent.start_char)


def note_speaker(mention: Mention, registry: SpeakerRegistry, position: int) -> None:
    """A person named as the speaker of a cue is a subject for the pronouns after it, however the parser hung the
    name ("Speaking from a stage in Redmond, Washington, Chief Executive Satya Nadella said …": a preposition's
    object to the parser). `position` is where the mention starts; a subject already noted in it is not noted
    again."""
    if mention.pronoun or mention.kind != "person" or not mention.name:
        return
    end, salient = position + mention.end - mention.start, registry.salient
    k = bisect.bisect_left(salient, (position,))
    while k < len(salient) and salient[k][0] <= end:
        if salient[k][1] == mention.name:
            return
        k += 1
    registry.note_subject(mention, position)
    registry.subject_mentions.sort(key=lambda m: m.base + m.start)  # in text order: the latest is the last
