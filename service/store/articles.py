"""Storing an article and its extracted quotations in one transaction, matching speakers and outlets to the
rows already known (names.py); `extract_and_store` is the one path a single article takes (the API, the
queue's jobs), the batch loader (loader.py) calls `store_articles` with a batch."""

import hashlib
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Callable

from flask import current_app
from sqlalchemy import bindparam, case, func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from ..sources.sanitize import in_utc
from .models import Article, Outlet, OutletAlias, Quote, Speaker, SpeakerAlias
from .names import match_outlets, match_speakers, outlet_key, slugify, speaker_key
from .notices import articles_stored
from .quotation_figures import add_reports
from .quotations import assign_quotations, serialise_matching

if TYPE_CHECKING:
    from ..extraction import Extraction
    from ..extraction import Quote as ExtractedQuote


PRONOUN_RULES = (":pronoun", ":continued", ":floating", ":introduced")
SLUGS_PER_QUERY = 200


@dataclass
class NewArticle:
    title: str
    text: str
    url: str | None = None
    published_at: datetime | None = None
    publisher: str | None = None
    source_name: str | None = None
    external_id: str | None = None
    added_by: str | None = None  # the name of the token that posted it


def text_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def find_article(session: Session, text: str) -> Article | None:
    return session.scalar(select(Article).where(Article.sha256 == text_digest(text)))


def find_articles(session: Session, texts: list[str], external_ids: list[str] = ()) -> set[str]:
    """The digests of those texts, and those external ids, already stored: one query for a whole batch."""
    digests = [text_digest(text) for text in texts]
    if not digests and not external_ids:
        return set()
    rows = session.execute(
        select(Article.sha256, Article.external_id).where(
            or_(Article.sha256.in_(digests), Article.external_id.in_([i for i in external_ids if i]))
        )
    )
    return {value for row in rows for value in row if value}


@dataclass
class StoredArticle:
    article: Article
    quotes: int
    speaker_ids: set[int]
    outlet_ids: set[int]


def store_articles(session: Session, items: list[tuple[NewArticle, "Extraction"]]) -> list[StoredArticle]:
    """Add the articles (a loader's batch, or one), their speakers, outlets and quotes (the caller commits).
    Known speakers and outlets are matched in one query each per article; the quotes of all the articles are
    matched to the quotations they report together (quotations.py: a handful of statements for the batch,
    two of its quotes reporting the same words joining each other), then go in as one multi-row insert,
    without ORM objects, and their quotations' figures are added in one pass (quotation_figures.py)."""
    serialise_matching(session)
    placed = [_place_article(session, new, extraction) for new, extraction in items]
    rows = [row for _, article_rows in placed for row in article_rows]
    quotations = assign_quotations(session, rows)
    if rows:
        session.execute(insert(Quote.__table__), rows)  # Core: one multi-row statement, no ORM objects
    if quotations:
        add_reports(session, [article for article, _ in placed])
    return [
        StoredArticle(
            article,
            len(article_rows),
            {r["speaker_id"] for r in article_rows if r["speaker_id"]},
            {r["spoke_to_id"] for r in article_rows if r["spoke_to_id"]} | ({article.publisher_id} - {None}),
        )
        for article, article_rows in placed
    ]


def store_article(session: Session, new: NewArticle, extraction: "Extraction") -> StoredArticle:
    """One article stored as store_articles stores a batch."""
    return store_articles(session, [(new, extraction)])[0]


def _place_article(session: Session, new: NewArticle, extraction: "Extraction") -> tuple[Article, list[dict]]:
    """The article's row, its speakers and outlets (flushed, so the next article of a batch matches them) and
    their counts; returns it with its quote rows, not inserted yet (they wait for their quotations)."""
    with session.no_autoflush:
        names = {q.spoke_to for q in extraction.quotes if q.spoke_to} | (
            {new.publisher} if new.publisher else set()
        )
        outlets = resolve_outlets(session, names)
        article = Article(
            title=new.title[:500],
            text=new.text,
            url=new.url,
            published_at=in_utc(new.published_at),  # SQLite would drop the offset
            sha256=text_digest(new.text),
            source_name=new.source_name,
            external_id=new.external_id,
            added_by=new.added_by,
            publisher=outlets.get(new.publisher),
        )
        session.add(article)
        speakers, descriptors = resolve_speakers(
            session,
            {
                name: facts
                for name, facts in extraction.speakers.items()
                if facts.get("kind") in {"person", "organisation"} and speaker_key(name)
            },
        )  # a name of no words is no row
        for quote in extraction.quotes:
            speaker = speakers.get(quote.speaker)
            if speaker is not None and quote.speaker_mention and not quote.rule.endswith(PRONOUN_RULES):
                add_speaker_alias(speaker, quote.speaker_mention["text"])
    session.flush()  # ids for the article and every new speaker and outlet
    rows = [
        _quote_row(article.id, quote, speakers.get(quote.speaker), outlets.get(quote.spoke_to))
        for quote in extraction.quotes
    ]
    seen = article.published_at or article.created_at
    update_speakers(session, descriptors, Counter(r["speaker_id"] for r in rows if r["speaker_id"]), seen)
    update_outlets(session, Counter(r["spoke_to_id"] for r in rows if r["spoke_to_id"]))
    return article, rows


def update_speakers(
    session: Session, descriptors: dict[Speaker, dict], added: Counter, seen: datetime
) -> None:
    """Write each speaker's merged descriptors and add the article's quotes to their statistics: one UPDATE
    per speaker, counting in the database so that concurrent loaders never lose a count."""
    speakers = Speaker.__table__
    at = bindparam("seen", type_=speakers.c.first_seen.type)
    counted = bindparam("added") > 0
    statement = (
        update(speakers)
        .where(speakers.c.id == bindparam("speaker"))
        .values(
            descriptors=bindparam("descriptors", type_=speakers.c.descriptors.type),
            quote_count=speakers.c.quote_count + bindparam("added"),
            first_seen=case(
                (counted & or_(speakers.c.first_seen.is_(None), speakers.c.first_seen > at), at),
                else_=speakers.c.first_seen,
            ),
            last_seen=case(
                (counted & or_(speakers.c.last_seen.is_(None), speakers.c.last_seen < at), at),
                else_=speakers.c.last_seen,
            ),
        )
    )
    if descriptors:
        session.execute(
            statement,
            [
                {"speaker": speaker.id, "descriptors": facts, "added": added[speaker.id], "seen": seen}
                for speaker, facts in descriptors.items()
            ],
        )
        for speaker, facts in descriptors.items():  # the next article of a batch merges onto what was written
            set_committed_value(speaker, "descriptors", facts)


def update_outlets(session: Session, spoken_to: Counter) -> None:
    """Add the article's quotations to the counts of the outlets they were spoken to (counted in the database,
    like the speakers' counts, so that concurrent loaders never lose one)."""
    outlets = Outlet.__table__
    if spoken_to:
        session.execute(
            update(outlets)
            .where(outlets.c.id == bindparam("outlet"))
            .values(quotes_spoken_to=outlets.c.quotes_spoken_to + bindparam("added")),
            [{"outlet": outlet, "added": added} for outlet, added in spoken_to.items()],
        )


def recount_speakers(session: Session) -> None:
    """Recompute every speaker's statistics and every outlet's count from the quotes (after a bulk import that
    bypassed store_article)."""
    seen = func.coalesce(Article.published_at, Article.created_at)
    of_speaker = (Quote.speaker_id == Speaker.id) & Quote.hidden.is_(False)
    session.execute(
        update(Speaker).values(
            quote_count=select(func.count(Quote.id)).where(of_speaker).scalar_subquery(),
            first_seen=select(func.min(seen)).join(Quote.article).where(of_speaker).scalar_subquery(),
            last_seen=select(func.max(seen)).join(Quote.article).where(of_speaker).scalar_subquery(),
        )
    )
    session.execute(
        update(Outlet).values(
            quotes_spoken_to=select(func.count(Quote.id))
            .where(Quote.spoke_to_id == Outlet.id, Quote.hidden.is_(False))
            .scalar_subquery()
        )
    )


def _quote_row(
    article_id: int, quote: "ExtractedQuote", speaker: Speaker | None, outlet: Outlet | None
) -> dict:
    mention, cue = quote.speaker_mention or {}, quote.cue or {}
    return {
        "article_id": article_id,
        "text": quote.text,
        "kind": quote.kind,
        "start_offset": quote.start,
        "end_offset": quote.end,
        "parts": quote.parts,
        "speaker_id": speaker.id if speaker else None,
        "speaker_label": quote.speaker,
        "speaker_mention": mention.get("text"),
        "mention_start": mention.get("start"),
        "mention_end": mention.get("end"),
        "cue": cue.get("text"),
        "cue_start": cue.get("start"),
        "cue_end": cue.get("end"),
        "spoke_to_id": outlet.id if outlet else None,
        "confidence": quote.confidence,
        "rule": quote.rule,
    }


def resolve_speakers(
    session: Session, facts_by_name: dict[str, dict]
) -> tuple[dict[str, Speaker], dict[Speaker, dict]]:
    """The Speaker row for each name the extraction resolved, matched to the known ones or new, and each
    row's descriptors merged with what this article says (written by update_speakers)."""
    known = match_speakers(session, list(facts_by_name))
    unknown = {}  # key -> the first name with it
    for name in facts_by_name:
        if name not in known:
            unknown.setdefault(speaker_key(name), name)
    slugs = _free_slugs(session, Speaker, [slugify(name) for name in unknown.values()])
    created = {
        key: Speaker(name=name, key=key, kind=facts_by_name[name]["kind"], descriptors={}, slug=slug)
        for (key, name), slug in zip(unknown.items(), slugs)
    }
    session.add_all(created.values())
    speakers, descriptors = {}, {}
    for name, facts in facts_by_name.items():
        speaker = known.get(name) or created[speaker_key(name)]
        if facts["kind"] == "person" and speaker.kind == "organisation":
            speaker.kind = (
                "person"  # a person's evidence (a title, a pronoun, a first name) outweighs a tagger's guess
            )
        add_speaker_alias(speaker, name)
        for alias in facts.get("aliases", []):
            add_speaker_alias(speaker, alias)
        descriptors[speaker] = {
            **descriptors.get(speaker, speaker.descriptors or {}),
            **facts.get("facts", {}),
        }
        speakers[name] = speaker
    return speakers, descriptors


def add_speaker_alias(speaker: Speaker, alias: str) -> None:
    alias = alias.strip()
    if alias and alias != speaker.name and all(a.alias != alias for a in speaker.aliases):
        speaker.aliases.append(SpeakerAlias(alias=alias[:300], key=speaker_key(alias)))


def resolve_outlets(session: Session, names: set[str]) -> dict[str, Outlet]:
    """The Outlet row for each name: known by its key or an alias's (one query), else new."""
    keys = {name: outlet_key(name) for name in sorted(names)}
    by_key = match_outlets(session, set(keys.values()))
    unknown = {}  # key -> the first name with it
    for name, key in keys.items():
        if key not in by_key:
            unknown.setdefault(key, name)
    slugs = _free_slugs(session, Outlet, [slugify(name) for name in unknown.values()])
    for (key, name), slug in zip(unknown.items(), slugs):
        by_key[key] = Outlet(name=name, key=key, slug=slug)
        session.add(by_key[key])
    outlets = {}
    for name, key in keys.items():
        outlet = outlets[name] = by_key[key]
        if name != outlet.name and all(a.alias != name for a in outlet.aliases):
            outlet.aliases.append(OutletAlias(alias=name, key=key))
    return outlets


def _free_slugs(session: Session, model, bases: list[str]) -> list[str]:
    """A slug for each base that no stored row has and no other base in the list takes (one query)."""
    if not bases:
        return []
    distinct, taken = sorted(set(bases)), set()
    for at in range(0, len(distinct), SLUGS_PER_QUERY):  # SQLite parses a long OR as a tree 1000 deep at most
        chunk = distinct[at : at + SLUGS_PER_QUERY]
        taken.update(
            session.scalars(
                select(model.slug).where(
                    or_(*(or_(model.slug == base, model.slug.like(f"{base}-%")) for base in chunk))
                )
            )
        )
    slugs = []
    for base in bases:
        slugs.append(_first_free(base, taken))
        taken.add(slugs[-1])
    return slugs


def _first_free(base: str, taken: set[str]) -> str:
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def extract_and_store(
    session: Session, new: NewArticle, along: Callable[[Article], None] = lambda article: None
) -> tuple[Article, int, bool]:
    """Extract an article and store it in one transaction: (article, quotes, whether it is new). The same text
    stored meanwhile by someone else (a unique-key clash) is that article, not an error. `along` is called
    with the article before the commit, so what it changes (a job's state) is written in the same transaction.
    A new article is announced (notices.articles_stored) once it is committed."""
    from ..extraction import extract  # spaCy loads on the first article, not at start-up

    existing = find_article(session, new.text)
    if existing is not None:
        return _commit_along(session, existing, along), len(existing.quotes), False
    try:
        stored = store_article(session, new, extract(new.text))
        _commit_along(session, stored.article, along)
    except IntegrityError:
        session.rollback()
        article = find_article(session, new.text)
        if article is None:
            raise
        return _commit_along(session, article, along), len(article.quotes), False
    articles_stored.send(current_app._get_current_object())
    return stored.article, stored.quotes, True


def _commit_along(session: Session, article: Article, along: Callable[[Article], None]) -> Article:
    along(article)
    session.commit()
    return article
