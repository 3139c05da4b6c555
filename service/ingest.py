"""Store an article and its extracted quotations, matching speakers and outlets to the rows already known."""
import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from .models import Article, Outlet, OutletAlias, Quote, Speaker, SpeakerAlias
from .names import outlet_key, slugify, speaker_key

if TYPE_CHECKING:
    from .extraction import Extraction, Quote as ExtractedQuote


PRONOUN_RULES = (":pronoun", ":continued", ":floating", ":introduced")


@dataclass
class NewArticle:
    title: str
    text: str
    url: str | None = None
    published_at: datetime | None = None
    publisher: str | None = None
    source_name: str | None = None


def text_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def find_article(session: Session, text: str) -> Article | None:
    return session.scalar(select(Article).where(Article.sha256 == text_digest(text)))


def store_article(session: Session, new: NewArticle, extraction: "Extraction") -> Article:
    """Add the article, its speakers, outlets and quotes to the session (the caller commits)."""
    names = {q.spoke_to for q in extraction.quotes if q.spoke_to} | ({new.publisher} if new.publisher else set())
    outlets = {name: find_or_create_outlet(session, name) for name in sorted(names)}
    article = Article(title=new.title[:500], text=new.text, url=new.url, published_at=new.published_at,
                      sha256=text_digest(new.text), source_name=new.source_name,
                      publisher=outlets.get(new.publisher))
    session.add(article)
    speakers = {name: _speaker_for(session, name, facts) for name, facts in extraction.speakers.items()
                if facts.get("kind") in {"person", "organisation"}}
    for quote in extraction.quotes:
        speaker = speakers.get(quote.speaker)
        if speaker is not None and quote.speaker_mention and not quote.rule.endswith(PRONOUN_RULES):
            add_speaker_alias(speaker, quote.speaker_mention["text"])
        article.quotes.append(_quote_row(quote, speaker, outlets.get(quote.spoke_to)))
    session.flush()
    return article


def _quote_row(quote: "ExtractedQuote", speaker: Speaker | None, outlet: Outlet | None) -> Quote:
    mention, cue = quote.speaker_mention or {}, quote.cue or {}
    return Quote(
        text=quote.text, kind=quote.kind, start=quote.start, end=quote.end, speaker=speaker,
        speaker_label=quote.speaker, speaker_mention=mention.get("text"),
        mention_start=mention.get("start"), mention_end=mention.get("end"),
        cue=cue.get("text"), cue_start=cue.get("start"), cue_end=cue.get("end"),
        spoke_to=outlet,
        confidence=quote.confidence, rule=quote.rule,
    )


def _speaker_for(session: Session, name: str, facts: dict) -> Speaker:
    speaker = match_speaker(session, name)
    if speaker is None:
        speaker = Speaker(name=name, key=speaker_key(name), kind=facts["kind"],
                          slug=_free_slug(session, Speaker, slugify(name)), descriptors={})
        session.add(speaker)
    add_speaker_alias(speaker, name)
    for alias in facts.get("aliases", []):
        add_speaker_alias(speaker, alias)
    if facts.get("facts"):
        speaker.descriptors = {**(speaker.descriptors or {}), **facts["facts"]}
    return speaker


def match_speaker(session: Session, name: str) -> Speaker | None:
    """The one known speaker this name denotes: same name or alias; a lone surname or forename only when it
    fits exactly one known full name, so two people who share a surname are never merged blindly."""
    key = speaker_key(name)
    if not key:
        return None
    aliased = select(SpeakerAlias.speaker_id).where(SpeakerAlias.key == key)
    found = session.scalars(select(Speaker).options(selectinload(Speaker.aliases))
                            .where(or_(Speaker.key == key, Speaker.id.in_(aliased)))).all()
    exact = [s for s in found if s.key == key]
    if exact or len(found) == 1:
        return (exact or found)[0]
    if " " in key:
        return None
    partial = session.scalars(select(Speaker).where(
        Speaker.kind == "person",
        or_(Speaker.key.like(f"% {key}"), Speaker.key.like(f"{key} %")))).all()
    return partial[0] if len(partial) == 1 else None


def add_speaker_alias(speaker: Speaker, alias: str) -> None:
    alias = alias.strip()
    if alias and alias != speaker.name and all(a.alias != alias for a in speaker.aliases):
        speaker.aliases.append(SpeakerAlias(alias=alias[:300], key=speaker_key(alias)))


def find_or_create_outlet(session: Session, name: str) -> Outlet:
    key = outlet_key(name)
    outlet = session.scalar(select(Outlet).where(Outlet.key == key)) or session.scalar(
        select(Outlet).join(OutletAlias).where(OutletAlias.key == key))
    if outlet is None:
        outlet = Outlet(name=name, key=key, slug=_free_slug(session, Outlet, slugify(name)))
        session.add(outlet)
        session.flush()
    elif name != outlet.name and all(a.alias != name for a in outlet.aliases):
        outlet.aliases.append(OutletAlias(alias=name, key=key))
    return outlet


def _free_slug(session: Session, model, base: str) -> str:
    taken = set(session.scalars(select(model.slug).where(or_(model.slug == base, model.slug.like(f"{base}-%")))))
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"

