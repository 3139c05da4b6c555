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
