"""How much of the model each paragraph gets (reading.py), with the real model."""

from service.extraction.article import split_paragraphs
from service.extraction.marks import find_marked_spans
from service.extraction.prefilter import needs_parse
from service.extraction.reading import ParagraphJob, _batches, _name_window, read_paragraphs


def read(nlp, text):
    [paragraph] = split_paragraphs(text)
    spans = find_marked_spans(paragraph.text)
    job = ParagraphJob(0, paragraph, spans, needs_parse(paragraph.text, spans))
    read_paragraphs(nlp, [job], batch_size=8)
    return job


def entities(doc):
    return {(ent.text, ent.label_) for ent in doc.ents}


def test_names_around_a_quotation_are_found_on_the_paragraphs_own_tokens(nlp):
    job = read(nlp, "“Paris will never host it again,” Angela Merkel told Reuters on Monday in Berlin.")
    assert job.parse and job.doc.has_annotation("DEP")
    found = entities(job.doc)
    assert ("Angela Merkel", "PERSON") in found and ("Berlin", "GPE") in found
    assert all(ent.start_char > 30 for ent in job.doc.ents)  # nothing read inside the quotation


def test_a_paragraph_without_a_cue_is_tokenised_and_read_for_names_only(nlp):
    job = read(
        nlp,
        "Jan Derbeiko, 45, a former teacher from Kharkiv, joined the unit in 2014 after his "
        "village was shelled for the third time in a single week of heavy fighting.",
    )
    assert not job.parse and not job.doc.has_annotation("DEP")
    assert ("Jan Derbeiko", "PERSON") in entities(job.doc)


def test_entities_match_a_full_pass_outside_quotations(nlp):
    text = (
        "Senator Elizabeth Warren of Massachusetts said on Tuesday that the bill, which the House "
        "passed last week, would cost far more than the White House had promised voters in Ohio."
    )
    job = read(nlp, text)
    full = nlp(text)
    wanted = {(e.text, e.label_) for e in full.ents if e.label_ in {"PERSON", "ORG", "GPE", "NORP"}}
    assert wanted and wanted <= entities(job.doc)


def test_a_sentence_opener_alone_gives_the_recogniser_nothing_to_read(nlp):
    job = read(
        nlp,
        "It rained for a week, and the river rose until it covered the old stone bridge. "
        "But the farmers, led by Jan Derbeiko, kept the water from the houses.",
    )
    words, positions = _name_window(job.doc, job.spans)
    assert "rained" not in words.text and "river" not in words.text  # "It" called for no window
    assert "farmers" in words.text  # within four tokens of "Jan"
    assert ("Jan Derbeiko", "PERSON") in entities(job.doc)


def test_paragraphs_read_together_get_the_entities_each_gets_alone(nlp):
    texts = [
        "Angela Merkel told Reuters on Monday in Berlin that the talks would go on.",
        "“We are not there yet,” said Emmanuel Macron, speaking in Paris after the summit.",
        "The European Commission, which Ursula von der Leyen leads, published its figures.",
    ]
    alone = [entities(read(nlp, text).doc) for text in texts]
    jobs = []
    for n, text in enumerate(texts):
        [paragraph] = split_paragraphs(text)
        spans = find_marked_spans(paragraph.text)
        jobs.append(ParagraphJob(n, paragraph, spans, needs_parse(paragraph.text, spans)))
    read_paragraphs(nlp, jobs, batch_size=2)
    assert [entities(job.doc) for job in jobs] == alone
    assert ("Angela Merkel", "PERSON") in alone[0] and ("Emmanuel Macron", "PERSON") in alone[1]


def test_batches_hold_at_most_so_many_items_and_so_much_size():
    assert _batches([3, 3, 3, 3, 3], 2, 100, lambda n: n) == [[3, 3], [3, 3], [3]]
    assert _batches([4, 4, 9, 1], 10, 8, lambda n: n) == [[4, 4], [9], [1]]  # a larger item alone


def test_long_names_and_acronyms_are_found_from_each_run_of_name_characters_once():
    """coreference.run_start_matches finds what finditer finds (LONG_NAME, ACRONYM), trying one capital of
    each run of name characters where finditer tried them all, which was quadratic on a run of capitals
    (bench/adversarial.py, picture_credit)."""
    import random

    from service.extraction.coreference import ACRONYM, LONG_NAME, run_start_matches

    pieces = ["A", "a", " ", ",", ".", "-", "&", "'", "(", ")", " of ", " and ", "Bb", "eBay", " (IBM)", "’"]
    rng = random.Random(25)
    texts = [
        "The International Business Machines (IBM) board met Ann Lee and Tom Reed of Acme & Sons, eBay Inc.",
        "(" + "A" * 3000 + "!",
        "Aa" * 2000 + " Bob Lee",
        *("".join(rng.choice(pieces) for _ in range(rng.randint(1, 60))) for _ in range(500)),
    ]
    for text in texts:
        for pattern in (LONG_NAME, ACRONYM):
            expected = [(m.span(), m.groups()) for m in pattern.finditer(text)]
            assert [(m.span(), m.groups()) for m in run_start_matches(pattern, text)] == expected, text[:80]
