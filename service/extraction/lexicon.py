"""Word lists the attribution rules rely on."""

# Lemmas of verbs that report speech (or writing) and can introduce a quotation.
SPEECH_VERBS = frozenset(
    """
say tell add explain state claim argue announce declare insist note warn suggest write report
acknowledge admit assert affirm allege answer ask reply respond comment confirm deny emphasise emphasize
estimate predict promise recall remark reveal stress testify tweet post vow whisper shout yell scream
conclude contend maintain mention joke complain concede boast brag caution charge counter observe
propose recount reiterate repeat speculate hint indicate lament pledge demand assure accuse admonish
urge blast slam criticize criticise praise question wonder muse quip retort exclaim sigh grumble
mutter murmur continue describe disclose divulge forecast guarantee inform proclaim protest reason
recommend reckon advise concur counsel vouch opine posit theorize clarify elaborate acknowledge
blurt chant read call echo label
""".split()
)

# Verbs of belief that PolNeAR-style annotation treats as attributions too.
BELIEF_VERBS = frozenset("think believe feel fear hope expect know worry doubt".split())

# Cues that only count with a clause or quotation directly attached (they also have non-speech senses).
WEAK_VERBS = frozenset(
    "add continue note question describe charge post report answer counter read call echo label".split()
)
# Verbs that say what the speaker called something: "called it “a sham”", "labeled the plan “a giveaway”" (not
# "dubbed", which coins a name).
NAMING_VERBS = frozenset("call label".split())

# "speak" and "talk" report who spoke to whom but do not take a clausal complement.
CONTACT_VERBS = frozenset("speak talk".split())

HONORIFICS = frozenset(
    """
mr mrs ms miss mx dr prof professor sir dame lord lady rev reverend fr father sister brother commander
president vice prime minister secretary gen general col colonel capt captain sgt sergeant lt lieutenant
maj major chief mayor premier senator sen rep representative gov governor judge justice st saint
king queen prince princess sheikh ambassador chancellor speaker detective inspector officer
councillor councilor councilman councilwoman congressman congresswoman alderman assemblyman assemblywoman
sheriff superintendent coach pastor bishop archbishop cardinal rabbi imam dean
""".split()
)

PERSON_PRONOUNS = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f", "hers": "f"}
GROUP_PRONOUNS = frozenset("they them we".split())

# Nouns naming a person by role; a subject headed by one is a person, even when the name inside is mis-tagged.
PERSON_NOUNS = frozenset(
    """
volunteer soldier fighter commander man woman boy girl resident official spokesman spokeswoman spokesperson
source aide adviser advisor analyst expert professor doctor lawyer attorney candidate nominee senator
representative governor mayor president minister secretary director officer worker father mother son
daughter wife husband brother sister friend neighbour neighbor member leader chief executive founder
host anchor reporter journalist correspondent author writer strategist pollster economist scientist
activist protester student teacher voter supporter critic campaigner manager chairman chairwoman chair
grandmother grandfather mum dad pensioner fan shopper commuter driver owner landlord tenant patient victim
survivor witness resident nurse farmer fisherman builder worker engineer officer businessman businesswoman
""".split()
)

# Endings English forms nouns for people with ("defenceman", "economist", "physician"): a noun with one names a
# person whatever the list above knows.
PERSON_SUFFIXES = ("man", "woman", "person", "ist", "ian")


def is_person_noun(word: str) -> bool:
    word = word.lower()
    return word in PERSON_NOUNS or len(word) > 5 and word.endswith(PERSON_SUFFIXES)


# Generic words after an outlet's name that are not part of it ("Britain's i newspaper").
OUTLET_GENERIC = frozenset(
    "newspaper paper magazine website site tabloid broadsheet daily weekly outlet".split()
)
OUTLET_HINTS = frozenset(
    """
news times post journal telegraph guardian herald tribune daily mail online bbc cnn msnbc fox abc cbs
nbc npr pbs radio tv television channel network press magazine newspaper paper reuters ap afp bloomberg
politico axios sky gazette chronicle standard express mirror sun independent observer review weekly
""".split()
)

# Words of a title or role that news writes before a name ("Education Minister Rob Fleming", "NDP MP Nathan
# Cullen", "Organizer Dwayne Croteau"); with HONORIFICS and PERSON_NOUNS they are peeled off into descriptors.
TITLE_WORDS = frozenset(
    """
leader commissioner attorney prosecutor organizer organiser pm mp mla mpp mep mna actor actress coach ceo cfo coo cto
chair chairperson director spokesperson manager executive founder co-founder owner economist principal trustee
councillor counsellor counselor constable cpl corporal const supt deputy assistant associate acting interim
minister critic whip officer commander administrator registrar ombudsman auditor controller treasurer clerk
head president vice-president vp secretary-general premier-designate designate elect emeritus
""".split()
)

# Entity labels of bodies and places, which speak as organisations.
ORG_LABELS = frozenset({"ORG", "GPE", "NORP", "FAC"})

# Nouns for writings that "say" things: they speak only through whoever issued them.
DOCUMENT_NOUNS = frozenset(
    """
statement release report study memo letter lawsuit suit claim document documents filing filings post tweet survey
poll paper notice email e-mail complaint ruling decision judgment judgement order bulletin website blog message
affidavit petition record records data figures numbers estimate estimates analysis review forecast policy
guidance advisory guideline guidelines indictment warrant application submission motion brief transcript
""".split()
)
# A document's agent is its author only when the verb issues it ("a study released by X", "a letter signed by
# X"), not "a report criticized by X", "a memo obtained by The Globe"; as participles, since the agent's clause
# is passive and lemmas are not always there ("e-mailed" is read as "e", "-", "mailed").
ISSUING_PARTICIPLES = frozenset(
    """
released issued published signed filed written sent emailed mailed prepared authored commissioned conducted
produced posted tweeted submitted drafted compiled put brought launched lodged
""".split()
)
# The same as lemmas, for a verb whose subject issues the document it takes as object ("X issued a report"); the
# participles above stand for their past tense too ("X published", whose lemma the tagger may leave as it is).
ISSUING_VERBS = frozenset(
    """
release issue publish sign file write send email mail prepare author commission conduct produce post tweet
submit draft compile put launch lodge bring
""".split()
)

# Person nouns for family and company, not roles: "the father said" stays a description.
KIN_NOUNS = frozenset(
    """
man woman boy girl father mother son daughter wife husband brother sister friend neighbour neighbor grandmother
grandfather mum dad fan shopper commuter driver patient victim survivor witness resident voter supporter
""".split()
)

# Every noun that names a person (a role, a title, a relation): "a private security professional" is someone.
PERSON_WORDS = PERSON_NOUNS | TITLE_WORDS | KIN_NOUNS | {"professional", "boyfriend", "girlfriend", "partner"}

# What follows a company's name ("Samsung Electronics Co."): part of how it is written, not of who it is.
UPPER_LABEL = r"[A-Z][A-Z.'’ -]{1,30}[A-Z]"  # "PENCE", "MR. KING": a transcript's speaker label

# Nouns for a business of any kind, which "the company" may call any company the article just named; not "the
# police", "the court" or "the government", which name one body of their own kind.
COMPANY_NOUNS = frozenset("company firm corporation business group label chain startup conglomerate".split())
COMPANY_SUFFIXES = {"co.", "co", "inc.", "inc", "ltd.", "ltd", "corp.", "corp", "llc", "plc", "ag", "s.a."}


# Titles news abbreviates, with a period, before a name ("Gov. Eric Holcomb" is later "the governor").
ABBREVIATED_TITLES = {
    "gov": "governor",
    "sen": "senator",
    "rep": "representative",
    "gen": "general",
    "lt": "lieutenant",
    "col": "colonel",
    "capt": "captain",
    "sgt": "sergeant",
    "supt": "superintendent",
    "const": "constable",
    "cpl": "corporal",
    "det": "detective",
    "insp": "inspector",
    "atty": "attorney",
    "amb": "ambassador",
    "pres": "president",
    "prof": "professor",
    "adm": "admiral",
    "cmdr": "commander",
    "maj": "major",
    "dr": "doctor",
    "rev": "reverend",
}
# Titles and the shorthand news writes them in, periods or not.
ABBREVIATED = {
    **ABBREVIATED_TITLES,
    "supt.": "superintendent",
    "pm": "minister",  # the Prime Minister
    "ceo": "executive",  # the chief executive
    "justice": "judge",  # a judge's title: "Justice Ann Moss" is "the judge"
}
