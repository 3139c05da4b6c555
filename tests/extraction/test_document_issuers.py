"""A document speaks through whoever the article says issued it, and an organisation through "it" or "they"
(issue 24). Every text here is written for the test."""

import pytest

from service.extraction.engine import extract


def speakers(text: str, nlp) -> list[tuple[str | None, str | None]]:
    return [(q.speaker, q.speaker_kind) for q in extract(text, nlp).quotes]


def test_a_statement_speaks_for_the_described_body_that_issued_it(nlp):
    text = (
        "Headline\n\nTwo soldiers were hurt in a training accident, the Canadian army said in a statement on "
        "Monday.\n\n“The cause of the accident is under review,” the statement said.\n"
    )
    assert speakers(text, nlp) == [("Canadian army", "description")] * 2


def test_a_document_speaks_for_the_subject_of_the_verb_that_issued_it(nlp):
    text = (
        "Headline\n\nAcme Corporation said on Monday that it would cut its prices.\n\n"
        "The company published a blog post that said shoppers would pay less from May.\n"
    )
    assert speakers(text, nlp) == [("Acme Corporation", "organisation")] * 2


@pytest.mark.parametrize("verb", ["obtained", "criticised"])
def test_a_document_someone_only_handled_is_not_theirs(nlp, verb):
    text = (
        f"Headline\n\nThe Ledger {verb} a memo that managers said was sent in May.\n\n"
        "The memo said part-time staff would lose their bonus.\n"
    )
    assert speakers(text, nlp)[-1] == ("memo", "description")


@pytest.mark.parametrize(
    "text, speaker",
    [
        (
            "The Northern Alliance claimed the attack on the base, which it said was a warning to the "
            "government.",
            ("Northern Alliance", "organisation"),
        ),
        (
            "The Tarrant Health Authority said on Monday that the clinic would close.\n\n"
            "It said the staff would move to the hospital.",
            ("Tarrant Health Authority", "organisation"),
        ),
        (
            "Two soldiers were hurt, the Canadian army said in a statement on Monday.\n\n"
            "“The cause is under review,” the statement said. It said the names would be released later.",
            ("Canadian army", "description"),
        ),
    ],
)
def test_it_that_speaks_is_the_organisation_or_document_just_in_subject_position(nlp, text, speaker):
    assert speakers(f"Headline\n\n{text}\n", nlp)[-1] == speaker


@pytest.mark.parametrize(
    "text",
    [
        "Acme Corporation bought the mill in May.\n\nJane Doe joined its board on Monday. It said the deal "
        "would close in June.",  # a person is the latest subject: "it" is not her, nor the body before her
        "Acme Corporation paid for a new ad.\n\nThe ad ran on Monday. It says the senator voted against the "
        "bill.",
    ],
)
def test_it_after_a_person_or_a_thing_names_no_one(nlp, text):
    assert speakers(f"Headline\n\n{text}\n", nlp)[-1] == (None, None)


def test_a_name_with_a_plural_verb_is_a_body_that_they_refers_to(nlp):
    text = (
        "Headline\n\nHarlow Lane says the singer may perform her old songs.\n\n"
        "Harlow Lane have twice denied blocking her.\n\n"
        "“At no point did we stop her,” they said in a statement.\n"
    )
    assert speakers(text, nlp) == [("Harlow Lane", "organisation")] * 2


def test_they_is_the_unnamed_body_just_in_subject_position_not_a_body_before_it(nlp):
    text = (
        "Headline\n\nThe Sunrise League says the match will go ahead.\n\n"
        "Coach Mary Jones said her players were ready.\n\n"
        "The company that owns the arena denied the report on Monday.\n\n"
        "“We were never asked,” they said.\n"
    )
    assert speakers(text, nlp)[-1] == ("company", "description")


def test_a_paragraph_that_only_issues_a_document_is_read_for_its_issuer(nlp):
    text = (
        "Headline\n\nAcme Corporation issued a statement on Monday.\n\n"
        "“We regret the delay,” the statement said.\n"
    )
    assert speakers(text, nlp) == [("Acme Corporation", "organisation")]


def test_a_pronoun_that_issued_a_document_is_resolved_where_it_stands(nlp):
    text = (
        "Headline\n\nAcme Corporation denied the report on Monday.\n\n"
        "They said in a statement that the plant was safe and that no worker had been hurt.\n\n"
        "The Sunrise League says the match will go ahead as planned.\n\n"
        "“No rule was broken,” the statement said.\n"
    )
    assert speakers(text, nlp)[-1] == ("Acme Corporation", "organisation")


def test_a_name_a_body_noun_holds_is_a_body_and_a_new_statement_just_after_is_its(nlp):
    text = (
        "Headline\n\nThe charity group Hopewell said its regional director was among those hurt in the "
        'attack. A statement said the group was "deeply shocked" by the news from the camp.\n\n'
        "Hopewell said it would keep its clinics open.\n"
    )
    assert speakers(text, nlp) == [("Hopewell", "organisation")] * 3


def test_a_new_statement_after_someone_else_spoke_has_no_issuer(nlp):
    text = (
        "Headline\n\nThe charity group Hopewell said its regional director was among those hurt in the "
        "attack.\n\nCoach Mary Jones said her players were ready for the match.\n\n"
        'A statement said the group was "deeply shocked" by the news from the camp.\n'
    )
    assert speakers(text, nlp)[-1] == ("statement", "description")


def test_a_report_named_by_its_title_is_from_whoever_it_says_it_is_from(nlp):
    text = (
        "Headline\n\nLocal dealers sold 30,154 new cars in October, down 10 percent from a year ago,"
        " according to the MotorWatch Facts report from DataLine, a Houston-based provider of car data.\n"
    )
    assert [q.speaker for q in extract(text, nlp).quotes] == ["DataLine"]


def test_a_report_whose_issuer_the_next_sentence_names_speaks_for_it(nlp):
    text = (
        "Headline\n\nRents in the city rose faster than wages for a decade, says a study tracking thirty"
        " years of leases.\n\nThe study by the Tenants Research Institute argues landlords gained most from"
        " the shortage.\n"
    )
    assert [name for name, _ in speakers(text, nlp)] == ["Tenants Research Institute"] * 2
