"""quotedb's loader: idempotent, one transaction per article, failures reported while the rest load."""

import json
import shutil

from sqlalchemy import func, select

from service.extensions import db
from service.store.loader import load_paths
from service.store.models import Article, Outlet, Quote, Speaker
from tests.helpers import SEEDS


def table_counts():
    return tuple(
        db.session.scalar(select(func.count()).select_from(m)) for m in (Article, Quote, Speaker, Outlet)
    )


def write(folder, name, content):
    path = folder / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


def test_loading_twice_adds_nothing(empty_app):
    with empty_app.app_context():
        first = load_paths([SEEDS])
        after_first = table_counts()
        second = load_paths([SEEDS])
        assert (first.new, first.unchanged, second.new, second.unchanged) == (2, 0, 0, 2)
        assert table_counts() == after_first
        assert first.quotes == after_first[1] > 0


def test_a_failing_article_in_the_middle_of_a_batch(empty_app, tmp_path):
    write(tmp_path, "a.txt", "Bridge reopens\n\nEngineer Tom Reed said the bridge was safe again.")
    write(tmp_path, "b.txt", b"Caf\xe9 closes\n\nOwner Ann Lee said she was sad.")  # Latin-1, not UTF-8
    write(tmp_path, "c.txt", "Mill sold\n\nFarmer Liam Kerr said the price was fair.")
    with empty_app.app_context():
        summary = load_paths([tmp_path])
        assert (summary.new, len(summary.failed)) == (2, 1)
        path, reason = summary.failed[0]
        assert path.endswith("b.txt") and "not UTF-8" in reason
        titles = set(db.session.scalars(select(Article.title)))
        assert titles == {"Bridge reopens", "Mill sold"}
        assert "Ann Lee" not in set(db.session.scalars(select(Speaker.name)))


def test_bad_files_each_get_a_clear_reason(empty_app, tmp_path):
    write(tmp_path, "empty.txt", "")
    write(tmp_path, "blank.txt", "  \n\n ")
    write(tmp_path, "binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    write(tmp_path, "page.txt", "<!DOCTYPE html>\n<html><body><p>Hello</p></body></html>")
    write(tmp_path, "meta.txt", "Title\n\nJo Bell said the plan was fine.")
    write(tmp_path, "meta.meta.json", json.dumps({"published_at": "soon"}))
    with empty_app.app_context():
        summary = load_paths([tmp_path])
        reasons = {path.rsplit("/", 1)[-1]: reason for path, reason in summary.failed}
        assert summary.new == 0
        assert "empty" in reasons["empty.txt"] and "empty" in reasons["blank.txt"]
        assert "binary" in reasons["binary.txt"]
        assert "HTML" in reasons["page.txt"]
        assert "ISO 8601" in reasons["meta.meta.json"]  # the sidecar is where the mistake is
        assert table_counts() == (0, 0, 0, 0)


def test_metadata_beside_the_article_is_stored(empty_app, tmp_path):
    write(tmp_path, "strike.txt", "Port strike\n\nDockers' leader Maya Torres said the strike would go on.")
    write(
        tmp_path,
        "strike.meta.json",
        json.dumps(
            {
                "url": "https://example.org/strike",
                "publisher": "The Gazette",
                "published_at": "2024-03-05T09:30:00+00:00",
            }
        ),
    )
    with empty_app.app_context():
        assert load_paths([tmp_path]).new == 1
        article = db.session.scalar(select(Article))
        assert (article.url, article.publisher.name, article.published_at.year) == (
            "https://example.org/strike",
            "The Gazette",
            2024,
        )


def test_one_person_is_one_speaker_across_articles(empty_app, tmp_path):
    write(tmp_path, "1.txt", "Volunteers arrive\n\nJan Derbeiko said he had joined the territorial forces.")
    write(
        tmp_path,
        "2.txt",
        "Kyiv braces\n\nJan Derbeiko, a volunteer, said the city was ready.\n\n"
        "Mr Derbeiko added that supplies were short.",
    )
    write(tmp_path, "3.txt", "Night shift\n\nMr Derbeiko said the night had been quiet.")
    with empty_app.app_context():
        assert load_paths([tmp_path]).new == 3
        speakers = db.session.scalars(select(Speaker).where(Speaker.name.like("%Derbeiko%"))).all()
        assert [s.name for s in speakers] == ["Jan Derbeiko"]
        assert db.session.scalar(select(func.count()).where(Quote.speaker_id == speakers[0].id)) == 4


def test_people_who_share_a_surname_are_not_merged(empty_app, tmp_path):
    write(tmp_path, "1.txt", "Vote due\n\nJohn Smith said the council would vote on Monday.")
    write(tmp_path, "2.txt", "Budget set\n\nJane Smith said the budget was balanced.")
    write(tmp_path, "3.txt", "Rain\n\nMr Smith said the rain would stop.")
    with empty_app.app_context():
        load_paths([tmp_path])
        by_name = {s.name: s for s in db.session.scalars(select(Speaker))}
        assert {"John Smith", "Jane Smith"} <= set(by_name)
        for name in ("John Smith", "Jane Smith"):
            assert db.session.scalar(select(func.count()).where(Quote.speaker_id == by_name[name].id)) == 1


def test_loading_a_copy_under_another_name_is_unchanged(empty_app, tmp_path):
    shutil.copy(SEEDS / "000_3ba00e87c15121e0.txt", tmp_path / "copy.txt")
    with empty_app.app_context():
        load_paths([SEEDS])
        summary = load_paths([tmp_path])
        assert (summary.new, summary.unchanged) == (0, 1)


def test_a_50_megabyte_file_is_refused_without_reading_it(empty_app, tmp_path):
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as handle:
        handle.write(b"Huge\n\n")
        handle.truncate(50 * 1024 * 1024)
    write(tmp_path, "small.txt", "Small\n\nAnn Cole said the union would fight.")
    with empty_app.app_context():
        summary = load_paths([tmp_path])
        assert summary.new == 1
        [(path, reason)] = summary.failed
        assert path.endswith("huge.txt") and "over the" in reason and "limit" in reason


def test_a_load_of_several_batches_stores_every_article_once(empty_app, tmp_path):
    """Storing runs one batch behind extraction in its own thread: every batch must land, in full, by the
    time load_paths returns, with duplicates and failures counted across batches."""
    people = ["Tom Reed", "Ann Lee", "Liam Kerr", "Jo Bell", "Maya Torres"]
    for i in range(75):
        speaker = people[i % len(people)]
        write(
            tmp_path,
            f"a{i:03d}.txt",
            f"Council meeting {i}\n\n{speaker} told Reuters: “Item {i} was approved.”",
        )
    write(tmp_path, "a040-copy.txt", (tmp_path / "a040.txt").read_text(encoding="utf-8"))
    write(tmp_path, "a050-bad.txt", b"\xff\xfe broken")
    with empty_app.app_context():
        summary = load_paths([tmp_path])
        assert (summary.new, summary.unchanged, len(summary.failed)) == (75, 1, 1)
        assert summary.quotes == 75 and len(summary.speakers) == 5
        assert table_counts() == (75, 75, 5, 1)
        reeds = db.session.scalar(
            select(func.count()).select_from(Quote).join(Speaker).where(Speaker.name == "Tom Reed")
        )
        assert reeds == 15


def test_speaker_and_outlet_statistics_kept_by_the_loader_match_a_recount(empty_app, tmp_path):
    from service.store.articles import recount_speakers

    write(tmp_path, "early.txt", "Vote delayed\n\nMayor Tom Reed said the vote would wait.")
    write(tmp_path, "early.meta.json", json.dumps({"published_at": "2023-01-05T10:00:00Z"}))
    write(
        tmp_path,
        "late.txt",
        "Vote held\n\nTom Reed told Reuters: “We won it.”\n\nReed said the count was fair.",
    )
    write(tmp_path, "late.meta.json", json.dumps({"published_at": "2024-06-01T10:00:00Z"}))
    with empty_app.app_context():
        load_paths([SEEDS, tmp_path])

        def stats():
            return {
                s.name: (s.quote_count, s.first_seen, s.last_seen)
                for s in db.session.scalars(select(Speaker))
            }

        def spoken_to():
            return {o.name: o.quotes_spoken_to for o in db.session.scalars(select(Outlet))}

        kept, kept_outlets = stats(), spoken_to()
        assert kept["Tom Reed"][0] == 3
        assert (kept["Tom Reed"][1].year, kept["Tom Reed"][2].year) == (2023, 2024)
        counted = dict(
            db.session.execute(
                select(Outlet.name, func.count(Quote.id))
                .outerjoin(Quote, Quote.spoke_to_id == Outlet.id)
                .group_by(Outlet.name)
            ).all()
        )
        assert kept_outlets == counted and kept_outlets["Reuters"] >= 1
        recount_speakers(db.session)
        db.session.commit()
        db.session.expire_all()
        assert stats() == kept and spoken_to() == kept_outlets


def test_facts_from_articles_stored_in_one_batch_add_up(empty_app, tmp_path):
    first, batch = tmp_path / "first", tmp_path / "batch"
    first.mkdir(), batch.mkdir()
    write(first, "0.txt", "Fair opens\n\nTom Reed said the fair would open on time this year.")
    write(batch, "a.txt", "Bridge reopens\n\nTom Reed, 45, said the bridge was safe again.")
    write(batch, "b.txt", "Mill sold\n\nTom Reed, the mayor of Leeds, said the price of the mill was fair.")
    with empty_app.app_context():
        assert load_paths([first]).new == 1
        assert load_paths([batch]).new == 2  # one transaction: the second article must see the first's facts
        db.session.expire_all()
        speaker = db.session.scalar(select(Speaker).where(Speaker.name == "Tom Reed"))
        assert speaker.descriptors.get("age") in (45, "45") and "role" in speaker.descriptors, (
            speaker.descriptors
        )
        assert speaker.quote_count == 3


def test_a_surname_that_is_also_a_rank_loads_into_one_row(empty_app, tmp_path):
    write(
        tmp_path,
        "a.txt",
        "Crash inquiry\n\nRobert Major was driving that night.\n\nMajor said he never saw the sign.",
    )
    write(
        tmp_path,
        "b.txt",
        "Inquiry resumes\n\nRobert Major returned to court.\n\nMajor said the road was dark.",
    )
    with empty_app.app_context():
        summary = load_paths([tmp_path])
        assert (summary.new, summary.failed) == (2, [])
        assert db.session.scalars(select(Speaker.key)).all() == ["robert major"]


def test_a_name_of_no_words_never_reaches_the_speaker_table(empty_app):
    from service.extraction import Extraction
    from service.extraction import Quote as Found
    from service.store.articles import NewArticle, store_article

    text = "Title\n\n— said the words are his."
    found = Found(
        text="the words are his",
        start=13,
        end=30,
        kind="indirect",
        speaker="—",
        speaker_kind="person",
        speaker_mention=None,
        cue=None,
        spoke_to=None,
        rule="indirect:speech:named",
        confidence=0.5,
    )
    with empty_app.app_context():
        store_article(
            db.session,
            NewArticle(title="Title", text=text),
            Extraction([found], {"—": {"kind": "person"}}, None),
        )
        db.session.commit()
        assert db.session.scalar(select(func.count()).select_from(Speaker)) == 0
        assert db.session.scalars(select(Quote.speaker_label)).all() == ["—"]


def test_titled_and_plain_mentions_across_articles_are_one_speaker(empty_app, tmp_path):
    write(
        tmp_path,
        "a.txt",
        "Trade policy\n\nConservative Leader Andrew Scheer said he would not pursue a deal with China.",
    )
    write(tmp_path, "b.txt", "Campaign trail\n\nAndrew Scheer said the party would cut the carbon tax.")
    with empty_app.app_context():
        assert load_paths([tmp_path]).failed == []
        [speaker] = db.session.scalars(select(Speaker)).unique().all()
        assert (speaker.name, speaker.kind, speaker.quote_count) == ("Andrew Scheer", "person", 2)
        assert "Conservative Leader Andrew Scheer" in {a.alias for a in speaker.aliases}
        assert "Leader" in speaker.descriptors["role"]


def test_an_acronym_joins_the_organisation_another_article_spelled_out(empty_app, tmp_path):
    write(
        tmp_path,
        "a.txt",
        "Visas\n\nImmigration, Refugees and Citizenship Canada said the rules would change.",
    )
    write(tmp_path, "b.txt", "Visas again\n\nIRCC said the new rules would apply to students from next year.")
    with empty_app.app_context():
        assert load_paths([tmp_path / "a.txt"]).failed == []
        assert load_paths([tmp_path / "b.txt"]).failed == []
        [speaker] = db.session.scalars(select(Speaker)).unique().all()
        assert (speaker.name, speaker.kind, speaker.quote_count) == (
            "Immigration, Refugees and Citizenship Canada",
            "organisation",
            2,
        )
        assert "IRCC" in {a.alias for a in speaker.aliases}
