"""Each rule family of the extraction engine, on short texts written for the purpose."""

import pytest

from service.extraction import extract
from service.extraction.marks import find_marked_spans


def quotes_of(text, nlp):
    return extract(text, nlp).quotes


def only(quotes, kind=None):
    return [q for q in quotes if kind is None or q.kind == kind]


def test_offsets_index_the_original_text(nlp):
    text = "Title line\n\n\n  Anna Berg said: “We will build it.”\n"
    [quote] = quotes_of(text, nlp)
    assert text[quote.start : quote.end] == quote.text == "“We will build it.”"  # marks included, as printed
    assert text[quote.cue["start"] : quote.cue["end"]] == "said"
    assert text[quote.speaker_mention["start"] : quote.speaker_mention["end"]] == "Anna Berg"


def test_multi_paragraph_quotation_opens_each_paragraph_and_closes_once(nlp):
    text = (
        "Headline\n\nMaria Lopez told the BBC: “We lost everything in one night.\n\n"
        "“The water came through the door before anyone could move.\n\n"
        "“Now we start again.”\n\nThe council met on Monday."
    )
    quotes = quotes_of(text, nlp)
    assert [q.text for q in quotes] == [
        "“We lost everything in one night.",
        "“The water came through the door before anyone could move.",
        "“Now we start again.”",
    ]
    assert {q.speaker for q in quotes} == {"Maria Lopez"}
    assert {q.spoke_to for q in quotes} == {"BBC"}
    assert all(q.kind == "direct" for q in quotes)


def test_quotation_split_by_its_attribution_is_one_quote(nlp):
    text = "Headline\n\n“The bridge is safe,” said engineer Tom Reed, “but it needs new paint.”"
    [quote] = quotes_of(text, nlp)
    assert quote.speaker == "Tom Reed"
    assert quote.text == "“The bridge is safe,” “but it needs new paint.”"  # the spoken words only
    assert [text[p["start"] : p["end"]] for p in quote.parts] == [
        "“The bridge is safe,”",
        "“but it needs new paint.”",
    ]
    assert (quote.start, quote.end) == (quote.parts[0]["start"], quote.parts[-1]["end"])
    assert quote.cue["text"] == "said"


def test_pronoun_resolves_to_the_last_named_subject(nlp):
    text = (
        "Headline\n\nKarl Weber runs a bakery in Leipzig.\n\nHe said: “Bread prices have doubled this year.”"
    )
    [quote] = quotes_of(text, nlp)
    assert quote.speaker == "Karl Weber"
    assert quote.speaker_mention["text"] == "He"


def test_honorific_and_surname_resolve_to_full_name(nlp):
    text = (
        "Headline\n\nOlga Petrenko, 41, of Lviv, fled in March.\n\n"
        "Mrs Petrenko said she would return once the shelling stopped."
    )
    extraction = extract(text, nlp)
    [quote] = extraction.quotes
    assert quote.speaker == "Olga Petrenko"
    assert quote.kind == "indirect"
    assert quote.text == "she would return once the shelling stopped"


def test_title_and_forename_resolve_to_full_name(nlp):
    text = (
        "Headline\n\nGeneral Ahmed Karimi leads the brigade.\n\n"
        "General Ahmed also told Reuters: “We are ready for the winter.”"
    )
    [quote] = quotes_of(text, nlp)
    assert quote.speaker == "Ahmed Karimi"
    assert quote.spoke_to == "Reuters"


def test_floating_quote_continues_the_previous_speaker(nlp):
    text = (
        "Headline\n\n“We will appeal,” said Sara Lind, the club's lawyer.\n\n"
        "“The ruling ignores the evidence we put before the court.”"
    )
    quotes = quotes_of(text, nlp)
    assert [q.speaker for q in quotes] == ["Sara Lind", "Sara Lind"]


def test_mixed_quote_keeps_partial_quotation_inside_reported_speech(nlp):
    text = "Headline\n\nPaul Dunn said he wanted his “old friends” to win the vote and urged others to join."
    [quote] = quotes_of(text, nlp)
    assert quote.kind == "mixed"
    assert quote.text == "he wanted his “old friends” to win the vote and urged others to join"


def test_scare_quotes_outside_speech_are_not_quotations(nlp):
    text = "Headline\n\nCritics refer to the plan's “reforms” as cuts, and the vote is on Friday."
    assert not [q for q in quotes_of(text, nlp) if q.kind == "direct"]


def test_a_title_with_small_words_inside_is_not_a_quotation(nlp):
    text = (
        "Headline\n\n“We will keep the mine,” said Ann Kohl, the mayor. “It is our whole town.”\n\n"
        "“A Legend in the Coal Fields.”\n\nThe company was founded in 2007 from a spinoff.\n"
    )
    assert [q.text for q in quotes_of(text, nlp)] == ["“We will keep the mine,” “It is our whole town.”"]
    # a short sentence is no title: its last word is not capitalised
    said = "Headline\n\n“It is what it is,” Mayor Ann Kohl said after the vote.\n"
    assert [q.kind for q in quotes_of(said, nlp)] == ["direct"]


def test_asking_for_oneself_reports_nothing_asking_someone_does(nlp):
    text = (
        "Headline\n\nAn official, who asked not to be named, said the board had approved the plan.\n\n"
        "The mayor asked residents to stay home.\n"
    )
    assert [q.text for q in quotes_of(text, nlp)] == [
        "the board had approved the plan",
        "residents to stay home",
    ]


def test_according_to_a_paper_leaves_the_words_to_who_said_them(nlp):
    text = (
        "Headline\n\nAs yet, there is no evidence linking the third case to the first two, the Ministry"
        " of Health said, according to Reuters.\n\nAt 700 metres, according to Malcolm Gibb, Robert Halloran"
        " said he was able to see the sign.\n\nAccording to climate experts, these extremes have been"
        " predicted for years.\n"
    )
    # a paper only records the ministry's words; a person's account and an expert view are their own
    assert [q.speaker for q in quotes_of(text, nlp)] == [
        "Ministry of Health",
        "Malcolm Gibb",
        "climate experts",
    ]


def test_a_paper_the_recogniser_reads_as_a_person_still_only_records_the_words(nlp):
    text = (
        'Headline\n\nMayor Dana Whitcombe toured the river defences on Friday.\n\nVolunteers "say the water'
        ' rises a foot an hour when it rains like this," she said, according to the Enquirer, the Riverton'
        " Daily News.\n"
    )
    # "the Enquirer", read as a person: a name with "the" before it is no person's; its apposition says paper
    assert [q.speaker for q in quotes_of(text, nlp)] == ["Dana Whitcombe"]


def test_calling_something_a_name_is_a_speech_act_a_name_alone_is_not(nlp):
    def quoted(body):
        return [(q.text, q.speaker) for q in quotes_of("Headline\n\n" + body + "\n", nlp)]

    assert quoted("Senator Mark Hill called the outage “a disgrace to the state.”")[0][1] == "Mark Hill"
    assert quoted("Senator Mark Hill called on the governor to resign.") == [
        ("the governor to resign", "Mark Hill")
    ]
    assert quoted("The cells are often called hieleras by the people held in them.") == []
    assert quoted("She called police after the attack on the shop.") == []
    assert quoted("The bill, which critics called a giveaway to the banks, passed on Friday.") == []


def test_echoing_words_reports_them_an_echo_does_not(nlp):
    text = (
        "Headline\n\nRobert Hale, a barber, has cut hair for 30 years.\n\n“One of the most attractive things"
        " in a relationship is confidence,” echoes Hale.\n\nThe sound of the clippers echoed through the"
        " shop.\n"
    )
    assert [q.speaker for q in quotes_of(text, nlp)] == ["Robert Hale"]


def test_a_denied_speech_act_reports_nothing_a_not_inside_the_quotation_does_not_deny(nlp):
    def quoted(body):
        return [(q.text, q.speaker) for q in quotes_of("Headline\n\n" + body + "\n", nlp)]

    assert quoted("Harbour Mills cut 40 jobs last spring, and the firm would not disclose the cost.") == []
    assert quoted("The mayor did not say whether the bridge would reopen in March.") == []
    assert quoted("Dana Ruiz never said the plant was unsafe for its workers.") == []
    assert quoted("“It is hard not to worry,” Dana Ruiz admitted after the vote.") == [
        ("“It is hard not to worry,”", "Dana Ruiz")
    ]


def test_any_verb_in_the_quotative_frame_hands_over_the_quotation(nlp):
    text = (
        "Headline\n\nJudge Hana Ortiz heard the case of Tomas Bell on Monday.\n\n"
        "“But there is some risk here, isn't there?” Ortiz interjected. “Do you dispute that?”\n\n"
        "“Only a small one,” Bell rejoined.\n\n"
        "“Well,” Ortiz countered, “then the risk is his to carry, not the city's.”\n"
    )
    quotes = quotes_of(text, nlp)
    assert [(q.speaker, q.cue["text"]) for q in quotes] == [
        ("Hana Ortiz", "interjected"),
        ("Tomas Bell", "rejoined"),
        ("Hana Ortiz", "countered"),
    ]
    # the verb before its subject, the subject with an apposition after it
    text = (
        "Headline\n\nDana Pryce ran the island programme for ten years.\n\n“Those goats were so smart,”"
        " remembers Mara Quill, coordinator for the island restoration programme, with a laugh.\n"
    )
    assert [q.speaker for q in quotes_of(text, nlp)] == ["Mara Quill"]
    # a title inside an opening phrase is not handed over, and the frame credits the quotation alone
    assert quotes_of("Headline\n\nAfter the success of “The Long Road,” the studio expanded.\n", nlp) == []
    quotes = quotes_of(
        "Headline\n\nMaria Lopez won. “It was the best day of my life,” Lopez beamed, and left.\n", nlp
    )
    assert [(q.text, q.speaker) for q in quotes] == [("“It was the best day of my life,”", "Maria Lopez")]
    # outside the frame the verb keeps its own sense: no cue, no quotation of Bell's
    text = "Headline\n\nThe “smart city” project, as locals call it, faltered. Bell waited.\n"
    assert [q.speaker for q in quotes_of(text, nlp)] in ([], [None])


def test_a_name_after_a_parenthetical_said_is_the_speaker_not_the_sentences_subject(nlp):
    text = (
        "Headline\n\nMarta Lind founded the Northern Fraud Task Force in 2004.\n\n"
        'The initiative, said Lind, "was all about building new partnerships across the region."\n'
    )
    assert [q.speaker for q in quotes_of(text, nlp)][-1] == "Marta Lind"
    # whether the parser makes "said" the main verb or a side clause
    text = "Headline\n\nPrices, said analysts at Goldman Sachs, will keep rising this year.\n"
    assert [q.speaker for q in quotes_of(text, nlp)] == ["analysts at Goldman Sachs"]


def test_a_time_after_and_is_not_the_subject_of_the_verb_after_it(nlp):
    text = "Headline\n\nThe mayor left the meeting early and on Monday said the budget was short.\n"
    assert [q.speaker for q in quotes_of(text, nlp)] == ["mayor"]


def test_according_to_names_the_source(nlp):
    text = "Headline\n\nThe factory will close in May, according to union leader Jane Ortiz."
    [quote] = quotes_of(text, nlp)
    assert quote.speaker == "Jane Ortiz"
    assert quote.text == "The factory will close in May"


@pytest.mark.parametrize(
    "outlet_phrase, outlet",
    [
        ("told Britain’s i newspaper", "i"),
        ("told MailOnline", "MailOnline"),
        ("told CNN", "CNN"),
    ],
)
def test_outlet_spoken_to(nlp, outlet_phrase, outlet):
    text = f"Headline\n\nLena Fischer {outlet_phrase}: “The road has been closed for a week.”"
    [quote] = quotes_of(text, nlp)
    assert quote.spoke_to == outlet


def test_outlet_carries_over_to_the_speakers_later_quotes(nlp):
    text = (
        "Headline\n\nIvo Novak spoke to Sky News and has lived in Brno since 2010.\n\n"
        "He explained he left his job to volunteer.\n\n"
        "Mr Novak added that supplies were running low."
    )
    quotes = quotes_of(text, nlp)
    assert [(q.speaker, q.spoke_to) for q in quotes] == [("Ivo Novak", "Sky News"), ("Ivo Novak", "Sky News")]


def test_telling_a_person_is_not_an_outlet(nlp):
    text = "Headline\n\nRita Moss told Bill Evans: “I will not sign it.”"
    [quote] = quotes_of(text, nlp)
    assert quote.spoke_to is None


def test_boilerplate_yields_no_quotes_and_pronouns_skip_it(nlp):
    text = (
        "Headline\n\nTomas Vidal, mayor of the town, spoke to reporters on Monday.\n\n"
        "Storm hits coast as ‘record’ winds arrive [LATEST]\n"
        "Minister Jacob Smith says Government must act now [UPDATES]\n\n"
        "He said the sea wall had held.\n\n"
        "Flooded streets. Picture credit: Reuters\n\n"
        "Leave a Reply\n\nPlease enter your comment!"
    )
    quotes = quotes_of(text, nlp)
    assert [(q.speaker, q.text) for q in quotes] == [("Tomas Vidal", "the sea wall had held")]


def test_unbalanced_mark_does_not_swallow_the_article(nlp):
    text = (
        "Headline\n\nJon Hale said: “We are closing the plant.\n\n"
        "The company posted a loss. Shares fell 4 per cent on Tuesday.\n\n"
        "Ann Cole said the union would fight the closure."
    )
    quotes = quotes_of(text, nlp)
    assert quotes[0].text == "“We are closing the plant."
    assert all("Shares fell" not in q.text for q in quotes)
    assert quotes[-1].speaker == "Ann Cole"


def test_marks_pair_within_a_paragraph_only():
    spans = find_marked_spans("He said “first part and then “second part” ends")
    assert [(s.closed) for s in spans] == [False, True]


def test_nested_quotes_stay_inside_the_outer_quotation():
    text = "“She told me ‘never again’ and left,” he said."
    [span] = find_marked_spans(text)
    assert text[span.start : span.end] == "She told me ‘never again’ and left,"


def test_typewriter_doubled_single_quotes_are_quotation_marks():
    text = "''It is a misguided approach,'' Mr. Burman said."
    [span] = find_marked_spans(text)
    assert text[span.start : span.end] == "It is a misguided approach,"


def test_apostrophes_are_not_quotation_marks():
    assert find_marked_spans("The voters’ choice is Britain’s, and it's final.") == []


def test_descriptors_become_speaker_facts(nlp):
    text = (
        "Headline\n\nOne volunteer, who only gave the name Dmitry, 27, of Minsk, told Britain’s i newspaper: "
        "“We have to fight.”"
    )
    extraction = extract(text, nlp)
    assert extraction.quotes[0].speaker == "Dmitry"
    assert extraction.speakers["Dmitry"]["facts"] == {"age": 27, "role": "volunteer", "place": "Minsk"}


def test_passive_cue_does_not_make_the_addressee_a_speaker(nlp):
    text = "Headline\n\nSoldiers have been warned not to travel to the border region this month."
    assert quotes_of(text, nlp) == []


def test_confidence_is_a_probability_and_ranks_rules(nlp):
    text = (
        "Headline\n\n“We will win,” said Ada Byrne.\n\n"
        "“A good plan,” the note read, “is half the work done here.”"
    )
    quotes = quotes_of(text, nlp)
    assert all(0 <= q.confidence <= 1 for q in quotes)
    assert quotes[0].confidence >= 0.9


def test_the_n_year_old_refers_back_to_the_person_just_named(nlp):
    text = (
        "Headline\n\nGrandmother Joan Pike, 71, was rescued from the flood.\n\n"
        "'I was terrified,' said the 71-year-old."
    )
    [quote] = quotes_of(text, nlp)
    assert (quote.speaker, quote.speaker_mention["text"]) == ("Joan Pike", "the 71-year-old")


def test_a_role_noun_before_a_name_is_not_part_of_it(nlp):
    [quote] = quotes_of("Headline\n\nCampaigner Rosa Diaz said the council had misled residents.", nlp)
    assert quote.speaker == "Rosa Diaz"


def test_unnamed_source_keeps_its_description(nlp):
    [quote] = quotes_of("Headline\n\nA spokesman for the Home Office said: “We do not comment.”", nlp)
    assert (quote.speaker, quote.speaker_kind) == ("spokesman for the Home Office", "description")


def test_speaking_to_an_outlet_before_the_cue(nlp):
    [quote] = quotes_of("Headline\n\nSpeaking to The Telegraph, Tom Smith said: “The plan is dead.”", nlp)
    assert (quote.speaker, quote.spoke_to) == ("Tom Smith", "Telegraph")


def test_a_paragraph_printed_twice_is_reported_once(nlp):
    said = "Union leader Rita Moss said the workers had not been told about the closure."
    text = f"Headline\n\n{said}\n\nThe plant opened in 1968.\n\n{said}\n"
    assert [q.text for q in quotes_of(text, nlp)] == ["the workers had not been told about the closure"]


def test_headings_and_labels_are_not_reporting(nlp):
    title = "Flynn says Trump is right about the generals"
    text = (
        f"{title}\n\n{title}\n\n- Jones tells the Belichick story from the '90s\n\n"
        "Flynn says Trump is right about the generals.\n"
    )
    quotes = quotes_of(text, nlp)
    assert [(q.speaker, q.start) for q in quotes] == [("Flynn", text.rindex("Trump"))]  # the sentence only


def test_a_speech_verb_can_report_through_its_object(nlp):
    [quote] = quotes_of(
        "Headline\n\nSenator Ann Ruiz described the new tax plan as reckless and unfair.", nlp
    )
    assert (quote.speaker, quote.kind, quote.text) == (
        "Ann Ruiz",
        "indirect",
        "the new tax plan as reckless and unfair",
    )


def test_a_run_without_spaces_is_cut_for_the_tokenizer_offsets_unchanged(nlp):
    """spaCy's tokenizer is quadratic in a whitespace-free run (10,000 quotation marks took 15 s); the run is
    cut into 100-character pieces for it, in a copy of the same length, so offsets stay true."""
    from service.extraction.reading import CHUNK, tokenizable

    junk = "“" * 5000 + "x" * 300 + "”" * 5000
    original = f"He said “yes”. {junk} end"
    cut = tokenizable(original)
    assert len(cut) == len(original) and max(len(word) for word in cut.split()) <= CHUNK
    assert (
        tokenizable("A normal sentence, with https://example.org/a/short/link in it.")
        == "A normal sentence, with https://example.org/a/short/link in it."
    )
    text = f"Title\n\nMayor Ann Lee said “the road reopens Monday.”\n\n{junk}"
    [quote] = extract(text, nlp).quotes
    assert text[quote.start : quote.end] == "“the road reopens Monday.”" and quote.speaker == "Ann Lee"


def test_offsets_inside_many_ranges_are_told_by_a_merged_index():
    from service.extraction.marks import within

    inside = within([(10, 20), (15, 30), (40, 45), (30, 31)])
    assert [i for i in range(50) if inside(i)] == [*range(10, 31), *range(40, 45)]
    assert not within([])(0)


def test_a_noun_and_a_name_before_a_verb_is_a_reduced_relative_not_a_speaker(nlp):
    text = (
        "Headline\n\nTim Morrison testified on Tuesday.\n\nMorrison did reference his earlier testimony, in"
        " which he said others had raised concerns about Vindman potentially leaking information, a prospect"
        " Vindman denied earlier in the day.\n\nA Taliban spokesman Zabihullah Mujahid said the talks would"
        " go on.\n"
    )
    assert [q.speaker for q in quotes_of(text, nlp)] == ["Tim Morrison", "Zabihullah Mujahid"]


def test_an_abbreviated_title_inside_the_reported_words_does_not_cut_them(nlp):
    text = (
        "Headline\n\nAccording to the county, a report filed by Sgt. Dana Reyes noted the road had been"
        " closed twice in May.\n"
    )
    assert [q.text for q in quotes_of(text, nlp)] == [
        "a report filed by Sgt. Dana Reyes noted the road had been closed twice in May"
    ]


@pytest.mark.parametrize(
    "sentence, words",
    [
        # the quotation after the object, however the parser hangs it
        (
            "Lena Ortiz met the press on Friday and called the sale of the port by its owners, Harbor"
            ' Holdings, "a theft from the town."',
            'the sale of the port by its owners, Harbor Holdings, "a theft from the town."',
        ),
        (
            'Lena Ortiz labeled the harbour plan "a giveaway to developers" on Monday.',
            'the harbour plan "a giveaway to developers"',
        ),
    ],
)
def test_what_a_speaker_called_something_in_quotation_marks_is_a_mixed_quote(nlp, sentence, words):
    [quote] = quotes_of(f"Headline\n\n{sentence}\n", nlp)
    assert (quote.speaker, quote.kind, quote.text) == ("Lena Ortiz", "mixed", words)


def test_a_name_someone_dubbed_a_thing_is_no_quote(nlp):
    text = 'Headline\n\nThe "new Acme," as Dana Reyes dubbed the merged firm, will employ 9,000 people.\n'
    assert quotes_of(text, nlp) == []


@pytest.mark.parametrize(
    "text",
    [
        'The new ferry is known as "Sea Lantern." According to the council, it will carry 300 people.',
        'Marr, whose 2021 book "Roots and Rain," sold well, said the drought was over.',
        'The councillor, who hosts the radio show "Town Hall Tonight," said the plan was sound.',
    ],
)
def test_a_name_or_title_in_quotation_marks_is_no_quote(nlp, text):
    assert all(
        "Sea Lantern" not in q.text and "Roots and Rain" not in q.text and "Town Hall" not in q.text
        for q in quotes_of(f"Headline\n\n{text}\n", nlp)
    )


def test_short_answers_in_capitals_are_still_quotes(nlp):
    text = 'Headline\n\nThe referee asked the captain: "Ready?"\n\n"Yes. Always," Ana Silva said.\n'
    assert [q.text for q in quotes_of(text, nlp)] == ['"Ready?"', '"Yes. Always,"']


@pytest.mark.parametrize(
    "text",
    [
        "Ohio man admits in court that he threatened to kill Rep. Dana Reyes\n\nHe will be sentenced in"
        " May.\n",
        "Headline\n\nA man from Ohio admitted in court that he had threatened to kill Sen. Dana Reyes\n\nHe"
        " will be sentenced in May.\n",
    ],
)
def test_a_sentence_ending_in_a_title_and_a_name_is_no_signed_quote(nlp, text):
    assert quotes_of(text, nlp) == []
