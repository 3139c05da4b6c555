"""Which words of a written name are the name: honorifics, titles, roles and possessives peeled off."""

import re
from functools import lru_cache

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Token

from .lexicon import COMPANY_SUFFIXES, DOCUMENT_NOUNS, HONORIFICS, PERSON_NOUNS, TITLE_WORDS, is_person_noun

ORGANISATION_WORDS = frozenset(
    """
news times post journal daily mail party ministry department university college school house office
council committee commission court agency institute group company corporation inc corp ltd bank fund
foundation association union network centre center campaign army police service services board league
church club team trust authority administration government bureau parliament senate congress assembly
award awards prize trophy cup medal festival hospital clinic museum library hotel airport station hall
""".split()
)
TITLES = HONORIFICS | TITLE_WORDS | PERSON_NOUNS
NAME_WORD = re.compile(r"[A-Z][\w'’.-]*")
AFFILIATION_LABELS = {"ORG", "NORP", "GPE"}
PRODUCT_SYMBOLS = {"+", "/", "|", "@", "#", "=", "*", "®", "™"}


def name_key(name: str) -> tuple[str, ...]:
    """The words of a name without honorifics; a name that is only an honorific keeps it ("Major" can be a surname)."""
    words = re.findall(r"[\w'’-]+", name.lower().replace("’", "'"))
    start = 0
    while start < len(words) - 1 and words[start] in HONORIFICS:
        start += 1
    return tuple(words[start:])


def clean_name(text: str) -> str:
    """A name without what the text hangs on it: a possessive, an age, an aside, a nickname ("Khaled Belkacemi,60",
    "Trump‘s", "Riefian “Ifan” Fajarsyah", "Sacramento-based McClatchy")."""
    text = re.sub(r"\s*[“\"][^”\"]{1,30}[”\"]\s*", " ", text)
    text = re.split(r",|\s*\(|\d", text, maxsplit=1)[0].strip()
    text = re.sub(r"\s*[’'‘`]s?$", "", text)
    text = without_compound_modifier(text)
    return re.sub(r"[^\w.)]+$", "", text).lstrip(' -–—:;"“”')


def without_compound_modifier(name: str) -> str:
    """A name without the hyphenated modifier news puts before it: "Sacramento-based McClatchy", "Ottawa-born Jane
    Doe" (the second half in lower case: "Jean-Luc Picard" keeps it)."""
    return re.sub(r"^[A-Z][\w.'’]*-[a-z]+\s+(?=[A-Z])", "", name)


def capitalised(token: Token) -> bool:
    return token.text[:1].isupper()


def is_title_word(token: Token) -> bool:
    return token.lower_.rstrip(".") in TITLES


def split_title(tokens: list[Token]) -> tuple[list[Token], list[Token]]:
    """ "Education Minister Rob Fleming" -> (Education Minister, Rob Fleming): a title or role written before a
    name is not part of it. The name is what follows the last title word, when that still looks like a name."""
    last = max((k for k, t in enumerate(tokens[:-1]) if is_title_word(t)), default=None)
    if last == len(tokens) - 2 and given_name_gender(tokens[last].text) is not None:
        last = max(
            (k for k, t in enumerate(tokens[:last]) if is_title_word(t)), default=None
        )  # "Dean Evason"
    if last is None:
        return [], tokens
    name = tokens[last + 1 :]
    if not all(capitalised(t) and t.tag_ != "POS" for t in name):
        return [], tokens
    return tokens[: last + 1], name


def name_core(tokens: list[Token]) -> tuple[list[Token], list[Token]]:
    """A written name split into the title before it and the name itself: honorifics, a capitalised sentence
    opener ("Knowing Bardos") and titles ("NDP MP") are not part of the name."""
    owned = [
        k
        for k, t in enumerate(tokens[:-1])
        if (t.tag_ == "POS" or t.text in {"'s", "’s"})
        and not (k and tokens[k - 1].lower_ in TITLES)
        and not (k and _plural_owner_in_name(tokens[k - 1], tokens[k + 1]))
    ]  # but "the Governor's Office": an office named after a role
    if owned:
        tokens = tokens[owned[-1] + 1 :]  # "Elizabeth May’s Greens": the party, not the leader
    if tokens and (
        tokens[0].ent_type_ == "ORG" and tokens[-1].ent_type_ == "ORG" or tokens[-1].tag_ == "NNPS"
    ):
        core = tokens  # "General Motors", "General Electric": no honorific in a company's name
        while len(core) > 1 and core[0].lower_ in {"the", "a", "an"}:
            core = core[1:]
        if core[-1].tag_ == "NNPS":
            return (
                [],
                core,
            )  # nor a rank: "General Motors" ("Campaigner Rosa Diaz" is tagged ORG too, wrongly)
    else:
        core = strip_honorifics(tokens) or tokens
    if len(core) > 1 and _sentence_opener(core[0]):
        core = core[1:]
    return split_title(core)


def _hyphenated_on(token: Token) -> bool:
    doc, after = token.doc, token.i + 1
    return (
        after + 1 < len(doc)
        and not token.whitespace_
        and doc[after].text in {"-", "‑"}
        and not doc[after].whitespace_
        and doc[after + 1].is_lower
    )


def _plural_owner_in_name(owner: Token, owned: Token) -> bool:
    """ "the Ontario Teachers' Federation", "Veterans' Affairs": a plural noun's possessive inside one
    organisation's recognised name is part of that name, not its owner."""
    return owner.tag_ == "NNPS" and owned.ent_type_ == "ORG" and owned.ent_iob_ == "I"


def written_name(tokens: list[Token]) -> str | None:
    """The name these tokens write, or None when they name a document, an award or a product rather than
    someone who can speak ("the Food Price Report", "Malin + Goetz Vitamin E Shaving Cream")."""
    if not tokens or tokens[-1].lower_ in DOCUMENT_NOUNS or any(t.text in PRODUCT_SYMBOLS for t in tokens):
        return None
    if _hyphenated_on(tokens[-1]):
        return None  # "Vice-president", "Pro-government": the first half of a compound word, not a name
    return clean_name(tokens[0].doc[tokens[0].i : tokens[-1].i + 1].text) or None


def with_company_suffix(tokens: list[Token]) -> list[Token]:
    """ "Samsung Electronics" + "Co.": the recogniser leaves a company's suffix out of its name."""
    if not tokens:
        return tokens
    doc, after = tokens[-1].doc, tokens[-1].i + 1
    return [*tokens, doc[after]] if after < len(doc) and doc[after].lower_ in COMPANY_SUFFIXES else tokens


def title_facts(title: list[Token]) -> dict:
    """ "NDP MP" -> affiliation NDP, role MP; "Education Minister" -> role Education Minister."""
    first_title = next((k for k, t in enumerate(title) if is_title_word(t)), 0)
    affiliation = title[:first_title]
    if affiliation and not all(
        t.ent_type_ in AFFILIATION_LABELS or t.is_upper or t.tag_ == "POS" for t in affiliation
    ):
        first_title, affiliation = 0, []
    facts = {}
    role = title[first_title:]
    if role and not (
        len(role) == 1 and role[0].lower_.rstrip(".") in HONORIFICS - TITLE_WORDS - PERSON_NOUNS
    ):
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
    """ "Mr", "Gov.", "the", and a leading role noun ("Campaigner Rosa Diaz") are not part of a name."""
    while tokens and (
        tokens[0].lower_.rstrip(".") in HONORIFICS
        or tokens[0].lower_ in {"the", "a", "an"}
        or len(tokens) > 2
        and tokens[0].lower_ in PERSON_NOUNS
    ):
        if (
            len(tokens) == 2
            and tokens[0].text.isalpha()
            and given_name_gender(tokens[0].text) is not None
            and capitalised(tokens[1])
        ):
            break  # "Dean Evason", "Prince Harry": a first name (or a royal's title) and a surname, not a bare surname
        tokens = tokens[1:]
    while tokens and (tokens[-1].tag_ == "POS" or tokens[-1].text in {"'s", "’s", "‘s", "'", "’", "‘"}):
        tokens = tokens[:-1]
    return tokens


def looks_like_person(core: list[Token], label: str | None) -> bool:
    """A person's name, trusting the tagger except where the small model calls a plain two- or three-word
    name ("Ivo Novak") an organisation."""
    if core and core[-1].lower_ in ORGANISATION_WORDS | DOCUMENT_NOUNS:
        return False  # "Carol Burnett Award", "James M. Hill High School"
    if label == "PERSON" or label is None and len(core) > 1:
        return True
    if label not in {"ORG", None} or not 2 <= len(core) <= 3:
        return label is None
    return (
        all(
            capitalised(t)
            and re.fullmatch(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", t.text)
            and t.lower_ not in ORGANISATION_WORDS
            for t in core
        )
        and person_or_company(core) != "Corporation"
    )


@lru_cache(maxsize=65536)
def _name_type(name: str) -> str | None:
    import probablepeople  # a model trained on people's and companies' names: "Acme Foods" is a company

    try:
        return probablepeople.tag(name)[1]
    except probablepeople.RepeatedLabelError:
        return None


def person_or_company(core: list[Token]) -> str | None:
    """ "Person", "Corporation" or None, as probablepeople reads the written name."""
    return _name_type(" ".join(t.text for t in core))


def _sentence_opener(token: Token) -> bool:
    """ "Knowing Bardos was a fan": a capitalised verb or adverb opening a sentence, not a first name."""
    opens = token.i == 0 or token.doc[token.i - 1].text in {".", "!", "?", ":", "”", '"'}
    return opens and token.lower_.endswith(("ing", "ed", "ly"))


def initials(name: str) -> str:
    return "".join(w[0] for w in re.findall(r"[A-Z][\w'’.-]*", name))


def contains_words(full: tuple[str, ...], part: tuple[str, ...]) -> bool:
    n = len(part)
    return any(full[i : i + n] == part for i in range(len(full) - n + 1))


@lru_cache(maxsize=1)
def _given_names():
    import gender_guesser.detector  # 40,000 first names from many countries, with their usual gender

    return gender_guesser.detector.Detector(case_sensitive=False)


@lru_cache(maxsize=65536)
def given_name_gender(word: str) -> str | None:
    """ "m", "f" or "" for a known first name ("" when it is given to both), None for a word no one is named."""
    if not word[:1].isupper() or not word.isalpha():
        return None
    found = _given_names().get_gender(word)
    return (
        None
        if found == "unknown"
        else {"male": "m", "mostly_male": "m", "female": "f", "mostly_female": "f"}.get(found, "")
    )


def given_name_start(words: list[str]) -> int:
    """Where a person's name begins in a run of capitalised words: at its first known first name ("Browns DL
    Sheldon Richardson", "Ukraine Kurt Volker"), when at least a surname follows it; 0 when no first name is known."""
    for k, word in enumerate(words[:-1]):
        if given_name_gender(word) is not None:
            return k
    return 0


def is_object(token: Token) -> bool:
    """The name is the object of a verb or preposition (parsed paragraphs only)."""
    return token.dep_ in {"dobj", "pobj", "dative", "iobj"}


def written_title(doc, start: int) -> str | None:
    """ "Education Minister" in "Education Minister Rob Fleming", read from the words alone (no parse needed)."""
    i = start
    while i > 0 and is_title_word(doc[i - 1]):
        i -= 1
    if i == start:
        return None
    if i > 0 and capitalised(doc[i - 1]) and doc[i - 1].lower_ not in STOP_WORDS and doc[i - 1].is_alpha:
        i -= 1  # the portfolio or party: "Education", "NDP"
    return doc[i:start].text


def name_runs(doc) -> list[list[Token]]:
    """Two or three capitalised words in a row that could be a first name and a surname ("Megan Bortis")."""
    runs, run = [], []
    for token in [*doc, None]:
        if (
            token is not None
            and token.text[:1].isupper()  # the regular expression's first test, without calling it
            and NAME_WORD.fullmatch(token.text)
            and not token.is_upper
            and token.lower_ not in STOP_WORDS
            and not is_title_word(token)
        ):
            run.append(token)
            continue
        if run and _sentence_opener(run[0]):
            run = run[1:]  # "Knowing Bardos": a sentence opener, not a first name
        if 2 <= len(run) <= 3 and not (token is not None and token.text[:1].isupper()):
            runs.append(run)
        run = []
    return runs


def agent_noun(word: str) -> bool:
    """ "Barber Robert Hale", "Developer Mia Stone": a noun for what someone does, opening the sentence before a
    first name; no surname stands before a first name with those endings, and no first name has them."""
    low = word.lower()
    return is_person_noun(low) or low.endswith(("er", "or")) and given_name_gender(word) is None
