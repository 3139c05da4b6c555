"""Texts generated from the words the attribution rules look at, in any order: extraction never raises, and
every quote it returns points at the article's own characters."""

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from service.extraction.engine import extract

WORDS = (
    "said says told called echoes asked according to not be named denied the a The A he she they it and"
    " , . : “ ” \" ' Bob Smith Robert Major Brenden Apple’s Reuters 55-year-old Gov. PM CEO Justice judge"
    " prospect Ruiz"
).split()
PARAGRAPH = st.lists(st.sampled_from(WORDS), min_size=1, max_size=40).map(" ".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(paragraphs=st.lists(PARAGRAPH, min_size=1, max_size=4), repeat=st.booleans())
@example(paragraphs=[". the said she"], repeat=False)  # a speaker named "the" has no words left to its name
def test_generated_attribution_words_never_break_extraction(nlp, paragraphs, repeat):
    body = "\n\n".join(paragraphs + (paragraphs[:1] if repeat else []))
    text = "Headline\n\n" + body
    for quote in extract(text, nlp).quotes:
        assert 0 <= quote.start < quote.end <= len(text)
