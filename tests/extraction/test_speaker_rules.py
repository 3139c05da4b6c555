"""Who speaks: canonical names, resolution, not-speakers and kinds, on short texts written for the purpose."""

import pytest

from service.extraction import extract
from service.extraction.name_index import NameIndex
from service.extraction.naming import clean_name, name_key
from service.store.names import speaker_key


def quotes_of(text, nlp):
    return extract(text, nlp).quotes


def test_split_quotation_is_one_quote_of_the_spoken_words(nlp):
    text = "Headline\n\n“The dam will hold,” Vera Holm said on Monday. “We checked it twice this week.”"
    [quote] = quotes_of(text, nlp)
    assert [text[p["start"] : p["end"]] for p in quote.parts] == [
        "“The dam will hold,”",
        "“We checked it twice this week.”",
    ]
    assert quote.text == "“The dam will hold,” “We checked it twice this week.”"
    assert "said" not in quote.text and quote.speaker == "Vera Holm"


def test_reported_speech_around_a_parenthetical_cue_has_two_parts(nlp):
    text = (
        "Headline\n\nOlaf Brandt runs the shelter.\n\nToo often, he says, the beds run out before midnight."
    )
    [quote] = quotes_of(text, nlp)
    assert [text[p["start"] : p["end"]] for p in quote.parts] == [
        "Too often",
        "the beds run out before midnight",
    ]
    assert quote.speaker == "Olaf Brandt"


def test_two_coordinated_that_clauses_are_two_parts_of_what_was_said(nlp):
    text = (
        "Headline\n\nMr Okafor said he felt the contest had gone well, but that he had misjudged how much"
        " heat the players could take.\n"
    )
    [quote] = quotes_of(text, nlp)
    assert [text[p["start"] : p["end"]] for p in quote.parts] == [
        "he felt the contest had gone well",
        "he had misjudged how much heat the players could take",
    ]
    # a "that" inside one clause is no second clause
    text = "Headline\n\nMr Okafor said the board has full confidence that the coach is the right man.\n"
    [quote] = quotes_of(text, nlp)
    assert len(quote.parts) == 1


def test_leading_titles_and_affiliations_become_descriptors(nlp):
    text = (
        "Headline\n\nHealth Minister Dana Kirk said the clinic would open in March.\n\n"
        "Green MP Tom Vale said the budget was too small."
    )
    extraction = extract(text, nlp)
    assert [q.speaker for q in extraction.quotes] == ["Dana Kirk", "Tom Vale"]
    assert extraction.speakers["Dana Kirk"]["facts"]["role"] == "Health Minister"
    # the affiliation is kept, as a fact of its own or in the role it came with; never lost
    assert extraction.speakers["Tom Vale"]["facts"] in (
        {"role": "MP", "affiliation": "Green"},
        {"role": "Green MP"},
    )
    assert all(q.speaker_kind == "person" for q in extraction.quotes)


def test_possessives_ages_and_asides_are_cut_from_names():
    assert clean_name("Khaled Belkacemi,60") == "Khaled Belkacemi"
    assert clean_name("Donald Trump‘s") == "Donald Trump"
    assert clean_name("Tijana Martin /") == "Tijana Martin"
    assert clean_name("Nora Quist (pictured)") == "Nora Quist"
    assert clean_name("Halifax-based Ocean Foods") == "Ocean Foods"  # a hyphenated modifier describes
    assert clean_name("Jean-Luc Picard") == "Jean-Luc Picard"


def test_camel_case_surname_resolves_to_the_full_name(nlp):
    text = (
        "Headline\n\nFor the second time, Dolores LaPlante was back in court.\n\n"
        "LaPlante told the court she had cared for every animal."
    )
    [quote] = quotes_of(text, nlp)
    assert quote.speaker == "Dolores LaPlante"


def test_shared_surname_goes_to_the_nearest_preceding_full_mention(nlp):
    text = (
        "Headline\n\nMaja Lund scored twice on Friday.\n\nHer coach, Erik Lund, watched from the bench.\n\n"
        "Lund said the team had finally found its rhythm."
    )
    [quote] = quotes_of(text, nlp)
    assert quote.speaker == "Erik Lund"


def test_a_name_the_recogniser_mostly_reads_as_a_building_is_no_fuller_name_for_a_surname():
    index = NameIndex()
    index.add(0, "Donald Pell")
    index.add(300, "Pell Tower")  # the one time the recogniser read the building as a person
    for label in ("PERSON", "FAC", "FAC"):  # "the Pell Tower triplex" twice more
        index.vote("the Pell Tower" if label == "FAC" else "Pell Tower", label)
    assert index.nearest(("pell",), 500) == "Donald Pell"
    index.vote("Pell Tower", "PERSON")
    index.vote("Pell Tower", "PERSON")  # read as a person more often than not: a person's name
    assert index.nearest(("pell",), 500) == "Pell Tower"


def test_an_epigraph_is_signed_by_the_dash_line_after_it(nlp):
    text = (
        "Headline\n\nAn investigation into the port contracts.\n\n"
        '"We built it fast, we built it cheap, and we never looked back."\n\n'
        "— Dora Vance, Harbour Club, May 3, 2019\n\nThe contracts were signed in 2015.\n"
    )
    [quote] = extract(text, nlp).quotes
    assert quote.speaker == "Dora Vance"
    assert text[quote.speaker_mention["start"] : quote.speaker_mention["end"]] == "Dora Vance"
    # a line opening with a dash that is no person's name alone is no signature
    for line in (
        "The Associated Press contributed to this report.",
        "Jane Doe contributed reporting from Houston.",
        "Dora Vance, " + "who ran the port for a decade, " * 5 + "left in 2019.",
    ):
        signed = text.replace("Dora Vance, Harbour Club, May 3, 2019", line)
        assert [q.speaker for q in extract(signed, nlp).quotes] == [None]


def test_a_surname_that_is_also_a_rank_is_a_name():
    assert speaker_key("Major") == "major" and speaker_key("Mr. Jan Derbeiko's") == "jan derbeiko"
    assert name_key("Robert Major") == ("robert", "major")


def test_surname_that_is_a_rank_resolves_to_the_full_name(nlp):
    text = (
        "Headline\n\nRobert Major was driving the truck that night.\n\nMajor said he never saw the stop sign."
    )
    [quote] = quotes_of(text, nlp)
    assert quote.speaker == "Robert Major"


def test_section_labels_are_not_speakers(nlp):
    text = (
        "Markets close higher\n\nKEEPING SCORE: Germany's DAX rose 0.4 per cent and the CAC 40 in Paris "
        "gained.\n\n"
        "ENERGY: Benchmark crude oil fell 42 cents to $51.69 per barrel.\n\n"
        "FED TALK: Rate-setters said they would be patient about further increases."
    )
    speakers = {q.speaker for q in quotes_of(text, nlp)}
    assert not speakers & {"Keeping Score", "Energy", "Fed Talk"}


def test_transcript_turns_still_credit_a_named_person(nlp):
    text = (
        "Interview\n\nNina Park, the host, spoke with Senator Mike Bell on Sunday.\n\n"
        "PARK: What will you do about the bridge?\n\n"
        "BELL: We will fund the repairs before the winter comes, and we will do it this year."
    )
    quotes = quotes_of(text, nlp)
    assert ("Mike Bell", "direct:transcript") in {(q.speaker, q.rule) for q in quotes}


def test_a_turn_labelled_with_a_name_in_title_case_is_that_persons(nlp):
    text = (
        "Interview\n\nNina Park, the host, spoke with Senator Mike Bell and Senator Ann McBell on Sunday.\n\n"
        "Park: What will you do about the bridge?\n\n"
        "Bell: We will fund the repairs before the winter comes, and we will do it this year.\n\n"
        "Park: And the schools?\n\nMcBell: They come next, in the spring.\n\n"
        "Correction Appended: An earlier version misspelled the senator's name."
    )
    quotes = quotes_of(text, nlp)
    assert [(q.speaker, q.rule) for q in quotes][-2:] == [
        ("Mike Bell", "direct:transcript"),
        ("Ann McBell", "direct:transcript"),
    ]


def test_a_document_speaks_through_its_issuer(nlp):
    text = "Headline\n\nAn RCMP statement said the review would be handled like any other major operation."
    [quote] = quotes_of(text, nlp)
    assert quote.speaker == "RCMP" and quote.speaker_kind == "organisation"


def test_a_document_without_issuer_is_a_description_not_a_speaker(nlp):
    text = "Headline\n\nA report said the river had risen by a metre overnight."
    [quote] = quotes_of(text, nlp)
    assert quote.speaker_kind == "description"


def test_awards_named_after_people_are_not_the_people(nlp):
    text = (
        "Headline\n\nCarol Burnett said she was thrilled while receiving the inaugural Carol Burnett Award "
        "at the gala."
    )
    [quote] = quotes_of(text, nlp)
    assert quote.speaker == "Carol Burnett"


def test_products_and_photo_credits_are_not_speakers(nlp):
    text = (
        "Headline\n\nLars Eik / The Canadian Press Anna Berg and Lars Eik in their home.\n\n"
        "Anna Berg said the new treatment had given her years.\n\n"
        "Nordic + Pine Cedar Beard Oil costs $30 at most stores."
    )
    assert {q.speaker for q in quotes_of(text, nlp)} == {"Anna Berg"}


def test_hyphenated_names_are_people(nlp):
    text = "Headline\n\nJody Wilson-Raybould said she stood by every decision she made."
    [quote] = quotes_of(text, nlp)
    assert (quote.speaker, quote.speaker_kind) == ("Jody Wilson-Raybould", "person")


def test_pronouns_respect_the_gender_the_article_gives(nlp):
    text = (
        "Headline\n\nWendy Gold lost her son Kody in 2016. He was 22.\n\n"
        "After Kody died, she urged police to investigate the sale of the pills."
    )
    [quote] = quotes_of(text, nlp)
    assert quote.speaker == "Wendy Gold"


def test_a_definite_role_refers_back_to_the_person_given_it(nlp):
    text = (
        "Headline\n\nEducation Minister Rob Fleming visited the school on Monday.\n\n"
        "The minister said the school did not meet the funding priorities."
    )
    [quote] = quotes_of(text, nlp)
    assert quote.speaker == "Rob Fleming"


def test_they_refers_to_the_group_just_named(nlp):
    text = (
        "Headline\n\nThe Conservatives believe the plan will fail.\n\n"
        "They say their research shows voters care most about prices."
    )
    quotes = quotes_of(text, nlp)
    assert quotes[-1].speaker == "Conservatives"


def test_a_stand_alone_quotation_belongs_to_the_person_just_written_about(nlp):
    text = (
        "Headline\n\nMarie Howell says she wants the province to see the school through the students' "
        "eyes.\n\n"
        "“When my kids come home and say they don't want to use the toilets, that tells you everything.”"
    )
    quotes = quotes_of(text, nlp)
    assert (quotes[-1].speaker, quotes[-1].rule) == ("Marie Howell", "direct:context")


def test_acronyms_are_spelled_out_when_the_article_spells_them(nlp):
    text = (
        "Headline\n\nThe family wrote to the Parliamentary Budget Officer in May.\n\n"
        "The PBO said the valuation assumes the pipeline is built on time."
    )
    quotes = quotes_of(text, nlp)
    assert quotes[-1].speaker == "Parliamentary Budget Officer"


def test_mention_and_cue_of_a_continued_quotation_point_where_they_stand(nlp):
    text = (
        "Headline\n\nHe arrived in May. Ivan Petrov explained:\n\n"
        "“I came because my brother asked me to.\n\n“Then I stayed because of the people.”"
    )
    quotes = quotes_of(text, nlp)
    assert len(quotes) == 2
    for quote in quotes:
        mention, cue = quote.speaker_mention, quote.cue
        assert text[mention["start"] : mention["end"]] == mention["text"] == "Ivan Petrov"
        assert text[cue["start"] : cue["end"]] == cue["text"] == "explained"


def test_people_named_inside_reported_speech_are_not_pronoun_antecedents(nlp):
    text = (
        "Headline\n\nTom Hale said Ben Cole had left the club early on Friday.\n\n"
        "The team would recover by the spring, he said."
    )
    quotes = quotes_of(text, nlp)
    assert quotes[-1].speaker == "Tom Hale"


def test_a_caption_ending_in_a_photo_credit_is_not_text(nlp):
    text = (
        "Headline\n\nCities should plant more trees on every street, Lea Moss writes. ( Dreamstime )\n\n"
        "The council met on Monday."
    )
    assert quotes_of(text, nlp) == []


def test_the_one_told_in_a_passive_is_not_the_speaker(nlp):
    text = "Headline\n\nRandy Cole had been diagnosed with cancer and told he had three months to live."
    assert [q.speaker for q in quotes_of(text, nlp)] != ["Randy Cole"]


def test_an_organisations_name_has_no_leading_article(nlp):
    text = "Headline\n\nThe British Ministry of Defence said several soldiers had gone absent without leave."
    [quote] = quotes_of(text, nlp)
    assert quote.speaker == "British Ministry of Defence"


@pytest.mark.parametrize(
    "body",
    [
        "Hydrology, Forestry and Soil Agency",  # recognised whole, parsed as "Hydrology" and its conjuncts
        "Meteorology, Hydrology and Geophysics Bureau",  # recognised from "Hydrology"
        "Seismology, Climatology and Geophysics Institute",  # recognised from "Geophysics"
    ],
)
def test_a_body_named_by_a_list_of_fields_keeps_the_whole_list(nlp, body):
    text = f"Headline\n\nThe dam will hold, according to the {body}.\n"
    assert [q.speaker for q in quotes_of(text, nlp)] == [body]


@pytest.mark.parametrize(
    "sentence, body",
    [
        (
            "The river will flood by Monday, the Department of Water, Land and Forests said.",
            "Department of Water, Land and Forests",
        ),
        (
            "Prices will rise, the Ministry of Agriculture, Food and Rural Affairs said.",
            "Ministry of Agriculture, Food and Rural Affairs",
        ),
        # a list of bodies, or of a body and people, is no list of fields
        ("Bank of America, Citigroup and JPMorgan Chase said they would cut fees.", "Bank of America"),
        (
            "The plant will close, the Ministry of Health, John Smith and the union said.",
            "Ministry of Health",
        ),
    ],
)
def test_an_of_phrase_goes_on_with_a_list_of_fields_that_and_closes(nlp, sentence, body):
    assert [q.speaker for q in quotes_of(f"Headline\n\n{sentence}", nlp)] == [body]


def test_a_company_whose_name_starts_with_a_rank_keeps_it(nlp):
    text = (
        "Plant to close\n\nWorkers were told on Monday. "
        "General Motors announced it was closing the plant in March."
    )
    [quote] = quotes_of(text, nlp)
    assert quote.speaker == "General Motors"


def test_the_first_half_of_a_hyphenated_role_is_no_name(nlp):
    text = "Eruption\n\nVice-president says the death toll will rise as more villages are reached."
    for quote in quotes_of(text, nlp):
        assert quote.speaker != "Vice"


def test_a_company_suffix_does_not_make_a_second_speaker():
    from service.store.names import speaker_key

    assert (
        speaker_key("Samsung Electronics Co.") == speaker_key("Samsung Electronics") == "samsung electronics"
    )
    assert speaker_key("Acme Inc") == "acme" and speaker_key("Co") == "co"


def test_a_shopping_credit_is_no_one_a_pronoun_can_mean(nlp):
    text = (
        "Beards\n\nThe barber Robert McMillen has cut beards for years.\n\n"
        "Aesop Double-Edge Razor, $180, aesop.com Graydon Green Cream, $38, graydon.ca\n\n"
        "“The big beard is over,” he explains."
    )
    [quote] = quotes_of(text, nlp)
    assert quote.speaker == "Robert McMillen"


def test_a_pronoun_after_an_object_says_nothing_of_its_gender(nlp):
    from service.extraction.coreference import SpeakerRegistry

    registry = SpeakerRegistry()
    registry.learn_names(
        nlp("Patrick Bardos was on his way to meet Anne Marie Cerato. He texted Cerato to say he was close."),
        0,
    )
    assert registry.genders() == {"Patrick Bardos": "m"}  # "He" follows Cerato, but is about Bardos


def test_a_one_word_name_described_as_a_person_is_a_pronoun_antecedent(nlp):
    text = (
        "Headline\n\nMarta Lind, the mayor, said the roads would reopen by Friday.\n\n"
        "Roman, a resident of the area who runs boat tours, said the weather had been fine when the waves "
        "struck.\n\n"
        "He said many others had taken refuge in the hills above the village."
    )
    quotes = quotes_of(text, nlp)
    assert quotes[1].speaker == "Roman" and quotes[1].speaker_kind == "person"
    assert quotes[-1].speaker == "Roman"


def test_a_person_who_is_the_subject_without_speaking_is_a_pronoun_antecedent(nlp):
    text = (
        "Headline\n\nAnne Cerato said the hospital had been kind to her family.\n\n"
        "Having lost so much, Morgan Hale was afraid to let her guard down. But he told her, “I see you "
        "beyond cancer.”\n\n"
        "“I feel lucky every day,” she said."
    )
    quotes = quotes_of(text, nlp)
    assert quotes[-1].speaker == "Morgan Hale"


def test_a_colon_after_a_sentence_about_a_person_credits_the_quotation(nlp):
    text = (
        "Headline\n\nDr. Robert Strang said the drugs are meant to be taken only short term.\n\n"
        "Dave Martell, the addictions doctor on the South Shore, is more blunt: “I think they are going to "
        "uncover "
        "things that are kind of horrifying.”\n\n"
        "He says a police drug bust will often be followed by a flood of people to emergency rooms."
    )
    quotes = quotes_of(text, nlp)
    direct = next(q for q in quotes if q.kind == "direct")
    assert (direct.speaker, direct.rule) == ("Dave Martell", "direct:colon")
    assert text[direct.speaker_mention["start"] : direct.speaker_mention["end"]] == "Dave Martell"
    assert quotes[-1].speaker == "Dave Martell"


def test_a_pronoun_speaker_is_not_the_person_named_in_what_they_say(nlp):
    text = (
        "Headline\n\nKen Njoroge said he was unable to locate several employees.\n\n"
        "Hiram Macharia said he grabbed a fire extinguisher after the first blast.\n\n"
        "He said Macharia had hidden under a desk for an hour."
    )
    quotes = quotes_of(text, nlp)
    assert quotes[-1].text == "Macharia had hidden under a desk for an hour"
    assert quotes[-1].speaker == "Ken Njoroge"


def test_a_pronoun_speaker_is_not_the_person_spoken_to(nlp):
    text = (
        "Headline\n\nKody Marsh worked at the fish plant in Grand-Barachois.\n\n"
        "Witnesses heard him tell Kody that he now owed him $7."
    )
    quotes = quotes_of(text, nlp)
    assert all(q.speaker != "Kody Marsh" for q in quotes)


def test_a_deed_described_by_a_participle_is_not_a_quotation(nlp):
    text = (
        "Headline\n\nAs Liberal leader in 2008, Mr. Dion ran for election promising aggressive measures to "
        "cut "
        "Canada's emissions."
    )
    assert quotes_of(text, nlp) == []
