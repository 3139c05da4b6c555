"""Every correction an editor makes goes through here: it is applied, recorded as one `changes` row (who,
when, before and after) with the rows it changed, and can be undone while nothing later depends on it;
reextraction.py calls `reapply` to make them hold over a new extraction. The caller commits, then announces
it (notices.corrections_made)."""

from sqlalchemy import func, or_, select, tuple_, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .articles import _free_slugs, add_speaker_alias
from .models import (
    Change,
    ChangeRow,
    Quotation,
    Quote,
    Speaker,
    SpeakerAlias,
    SpeakerRedirect,
    as_id,
)
from .names import slugify, speaker_key
from .recounts import recount

SPEAKER_FIELDS = ("name", "kind", "descriptors", "wikidata_id")
QUOTE_FIELDS = ("speaker_id", "hidden", "kind")


class CorrectionError(ValueError):
    """A correction that cannot be made as asked (422)."""


class Conflict(Exception):
    """A correction that the data's present state refuses (409)."""


def name_key(name: str) -> str:
    """The key a name an editor gives is matched by: names.speaker_key, or for a name of no words itself."""
    return speaker_key(name) or name.strip().casefold()


def speaker_state(speaker: Speaker) -> dict:
    return {
        "id": speaker.id,
        "name": speaker.name,
        "slug": speaker.slug,
        "key": speaker.key,
        "kind": speaker.kind,
        "descriptors": speaker.descriptors or {},
        "wikidata_id": speaker.wikidata_id,
        "aliases": [a.alias for a in speaker.aliases],
    }


def quote_state(quote: Quote) -> dict:
    return {field: getattr(quote, field) for field in QUOTE_FIELDS}


def _record(session, actor, action, target, target_id, touches, before, after) -> Change:
    """The audit's row of a change, with the rows it changed (`touches`: {"speaker": ids, "quote": ids})."""
    rows = [
        ChangeRow(kind=kind, row_id=i) for kind, ids in touches.items() for i in sorted(set(ids) - {None})
    ]
    change = Change(
        actor=actor, action=action, target=target, target_id=target_id, before=before, after=after, rows=rows
    )
    session.add(change)
    session.flush()
    return change


def touched(change: Change) -> dict:
    return {
        kind: sorted(row.row_id for row in change.rows if row.kind == kind) for kind in ("speaker", "quote")
    }


# Speakers


def patch_speaker(session: Session, speaker: Speaker, fields: dict, actor: str) -> Change:
    """Set name, kind, descriptors, wikidata_id; add and remove aliases. A new name keeps the old one as an
    alias, so that articles naming them the old way still find the row."""
    before = speaker_state(speaker)
    if "name" in fields and fields["name"] != speaker.name:
        key = name_key(fields["name"])
        other = session.scalar(select(Speaker.id).where(Speaker.key == key, Speaker.id != speaker.id))
        if other is not None:
            raise Conflict(f"Speaker {other} already has that name; merge into it instead.")
        old, speaker.name, speaker.key = speaker.name, fields["name"].strip(), key
        add_speaker_alias(speaker, old)
    for field in ("kind", "descriptors", "wikidata_id"):
        if field in fields:
            setattr(speaker, field, fields[field])
    removed = set(fields.get("remove_aliases", ()))
    speaker.aliases[:] = [a for a in speaker.aliases if a.alias not in removed]
    for alias in fields.get("add_aliases", ()):
        add_speaker_alias(speaker, alias)
    session.flush()
    after = speaker_state(speaker)
    return _record(session, actor, "edit", "speaker", speaker.id, {"speaker": [speaker.id]}, before, after)


def merge_speakers(session: Session, merged: Speaker, into: Speaker, actor: str) -> Change:
    """`merged`'s quotes, name and aliases go to `into`; its row goes, its id and slug redirect to `into`."""
    if merged.id == into.id:
        raise Conflict("A speaker cannot be merged into itself.")
    quote_ids = list(
        session.scalars(select(Quote.id).where(Quote.speaker_id == merged.id).order_by(Quote.id))
    )
    redirected = list(session.scalars(select(SpeakerRedirect.id).where(SpeakerRedirect.to_id == merged.id)))
    before = {"speaker": speaker_state(merged), "into": speaker_state(into), "redirects": redirected}
    session.execute(update(Quote).where(Quote.speaker_id == merged.id).values(speaker_id=into.id))
    session.execute(update(SpeakerRedirect).where(SpeakerRedirect.to_id == merged.id).values(to_id=into.id))
    for alias in [merged.name, *(a.alias for a in merged.aliases)]:
        add_speaker_alias(into, alias)
    into.descriptors = {**(merged.descriptors or {}), **(into.descriptors or {})}
    into.wikidata_id = into.wikidata_id or merged.wikidata_id
    # the quotations it was most credited with are the survivor's (their row references the speaker)
    session.execute(update(Quotation).where(Quotation.speaker_id == merged.id).values(speaker_id=into.id))
    session.delete(merged)
    # an older redirect of the same slug (a speaker took the slug since) answers no more: the live row won
    session.execute(SpeakerRedirect.__table__.delete().where(SpeakerRedirect.slug == merged.slug))
    session.flush()  # its quotations' count rows go with it (ON DELETE CASCADE); recount writes them again
    session.add(SpeakerRedirect(id=merged.id, slug=merged.slug, to_id=into.id))
    recount(session, {into.id}, quotes=quote_ids)
    after = {"into": speaker_state(into), "quote_ids": quote_ids}
    touches = {"speaker": [merged.id, into.id], "quote": quote_ids}
    return _record(session, actor, "merge", "speaker", merged.id, touches, before, after)


def split_speaker(
    session: Session, speaker: Speaker, quote_ids: list[int], actor: str, name=None, into=None
) -> Change:
    """Those of `speaker`'s quotes go to `into`, or to a new speaker called `name` (of the same kind)."""
    quote_ids = sorted(set(quote_ids))
    theirs = set(
        session.scalars(select(Quote.id).where(Quote.id.in_(quote_ids), Quote.speaker_id == speaker.id))
    )
    if not quote_ids:
        raise CorrectionError("No quotes given.")
    if theirs != set(quote_ids):
        raise Conflict(f"Quotes {sorted(set(quote_ids) - theirs)} are not {speaker.name}'s.")
    created = into is None
    if created:
        key = name_key(name)
        existing = session.scalar(select(Speaker.id).where(Speaker.key == key))
        if existing is not None:
            raise Conflict(f"Speaker {existing} already has that name; split into it with `into`.")
        [slug] = _free_slugs(session, Speaker, [slugify(name)])
        into = Speaker(name=name.strip(), key=key, slug=slug, kind=speaker.kind, descriptors={})
        session.add(into)
        session.flush()
    elif into.id == speaker.id:
        raise Conflict("A speaker cannot be split into itself.")
    session.execute(update(Quote).where(Quote.id.in_(quote_ids)).values(speaker_id=into.id))
    recount(session, {speaker.id, into.id}, quotes=quote_ids)
    before = {"speaker_id": speaker.id, "quote_ids": quote_ids}
    after = {"speaker_id": into.id, "created": created, "speaker": speaker_state(into)}
    touches = {"speaker": [speaker.id, into.id], "quote": quote_ids}
    return _record(session, actor, "split", "speaker", speaker.id, touches, before, after)


# Quotes


def patch_quote(session: Session, quote: Quote, fields: dict, actor: str) -> Change:
    """Reassign a quote (`speaker_id`), hide or show it (`hidden`, with the `reason` in the audit), change its
    `kind`."""
    before = quote_state(quote)
    for field in QUOTE_FIELDS:
        if field in fields:
            setattr(quote, field, fields[field])
    session.flush()
    speakers = {before["speaker_id"], quote.speaker_id} - {None}
    recount(session, speakers, {quote.spoke_to_id} - {None}, [quote.id])
    after = quote_state(quote) | ({"reason": fields["reason"]} if fields.get("reason") else {})
    touches = {"speaker": [before["speaker_id"], quote.speaker_id], "quote": [quote.id]}
    return _record(session, actor, "edit", "quote", quote.id, touches, before, after)


# After a re-extraction (reextraction.py): the corrections made to be made again


def reapply(session: Session, article_id: int, speaker_ids: set[int]) -> int:
    """Apply again, in the order they were made, the corrections of the article's quotations (edits, splits,
    merges) and those of `speaker_ids` (the speakers the extraction wrote to: what an editor set of their
    kind and descriptors wins); how many."""
    here = set(session.scalars(select(Quote.id).where(Quote.article_id == article_id)))
    changed = select(ChangeRow.change_id).where(
        or_(
            (ChangeRow.kind == "quote") & ChangeRow.row_id.in_(here),
            (ChangeRow.kind == "speaker") & ChangeRow.row_id.in_(speaker_ids),
        )
    )
    standing = session.scalars(
        select(Change)
        .where(Change.id.in_(changed), Change.undone_by_id.is_(None), Change.action != "undo")
        .order_by(Change.id)
    ).all()
    for change in standing:
        if change.target == "quote" and change.target_id in here:
            _set_quotes(session, [change.target_id], _changed(change, ("speaker_id", "hidden", "kind")))
        elif change.action == "split":
            _set_quotes(
                session, here & set(change.before["quote_ids"]), {"speaker_id": change.after["speaker_id"]}
            )
        elif change.action == "merge":
            _set_quotes(
                session, here & set(change.after["quote_ids"]), {"speaker_id": change.after["into"]["id"]}
            )
        elif change.target == "speaker" and change.action == "edit" and change.target_id in speaker_ids:
            speaker = session.get(Speaker, change.target_id)
            for field, value in _changed(change, ("kind", "descriptors")).items():
                setattr(speaker, field, value)
    session.flush()
    return len(standing)


def _changed(change: Change, fields: tuple) -> dict:
    """What a change set, of `fields`: those whose value it changed."""
    return {
        f: change.after[f] for f in fields if f in change.after and change.before.get(f) != change.after[f]
    }


def _set_quotes(session: Session, ids, values: dict) -> None:
    speaker = values.get("speaker_id")
    if ids and values and (speaker is None or session.get(Speaker, speaker) is not None):
        session.execute(
            update(Quote)
            .where(Quote.id.in_(ids))
            .values(**values)
            .execution_options(synchronize_session=False)
        )


# The audit: what was changed, and undoing one change


def touching(kind: str, row_id: int):
    """A condition on changes: those that changed this speaker or quote."""
    return Change.id.in_(
        select(ChangeRow.change_id).where(ChangeRow.kind == kind, ChangeRow.row_id == row_id)
    )


def dependants(session: Session, change: Change) -> list[Change]:
    """The later changes, not undone, that set a row whose state this one set."""
    mine = select(ChangeRow.kind, ChangeRow.row_id).where(ChangeRow.change_id == change.id)
    theirs = select(ChangeRow.change_id).where(
        ChangeRow.change_id > change.id, tuple_(ChangeRow.kind, ChangeRow.row_id).in_(mine)
    )
    later = session.scalars(
        select(Change)
        .where(Change.id.in_(theirs), Change.undone_by_id.is_(None), Change.action != "undo")
        .order_by(Change.id)
    )
    return [other for other in later if _state_rows(other) & _state_rows(change)]


def _state_rows(change: Change) -> set[tuple[str, int]]:
    """The rows whose state a change set. A quote's edit lists its speakers too, for their history, but sets
    only the quote (their counts are recounted, whoever undoes what)."""
    rows = {(row.kind, row.row_id) for row in change.rows}
    return {row for row in rows if row[0] == "quote"} if change.target == "quote" else rows


def undo(session: Session, change: Change, actor: str, reason: str | None = None) -> Change:
    """Revert one change, recorded as a change of its own. Conflict when it is an undo, undone already, or a
    later change depends on it."""
    if change.action == "undo":
        raise Conflict(f"Change {change.id} is an undo; undo is not undone.")
    if change.undone_by_id is not None:
        raise Conflict(f"Change {change.id} was undone by change {change.undone_by_id}.")
    later = dependants(session, change)
    if later:
        listed = ", ".join(f"{c.id} ({c.action} {c.target} {c.target_id})" for c in later)
        raise Conflict(f"Later changes depend on change {change.id}: {listed}. Undo them first.")
    try:
        with session.begin_nested():  # a name or slug taken since cannot be given back
            UNDO[(change.action, change.target)](session, change)
    except IntegrityError:
        raise Conflict(
            f"Change {change.id} cannot be undone: a speaker took its name or slug since."
        ) from None
    reverted = _record(
        session,
        actor,
        "undo",
        change.target,
        change.target_id,
        touched(change),
        {"change": change.id},
        {"change": change.id} | ({"reason": reason} if reason else {}),
    )
    change.undone_by_id = reverted.id
    return reverted


def _undo_speaker_edit(session: Session, change: Change) -> None:
    speaker = session.get(Speaker, change.target_id)
    _restore_speaker(speaker, change.before)


def _restore_speaker(speaker: Speaker, state: dict) -> None:
    for field in (*SPEAKER_FIELDS, "key"):
        setattr(speaker, field, state[field])
    speaker.aliases[:] = [a for a in speaker.aliases if a.alias in state["aliases"]]
    for alias in state["aliases"]:
        add_speaker_alias(speaker, alias)


def _undo_merge(session: Session, change: Change) -> None:
    state, into = change.before["speaker"], session.get(Speaker, change.after["into"]["id"])
    session.execute(SpeakerRedirect.__table__.delete().where(SpeakerRedirect.id == state["id"]))
    merged = Speaker(id=state["id"], slug=state["slug"], descriptors={})
    session.add(merged)
    _restore_speaker(merged, state)
    _restore_speaker(into, change.before["into"])
    session.flush()
    moved = change.after["quote_ids"]
    session.execute(update(Quote).where(Quote.id.in_(moved)).values(speaker_id=merged.id))
    redirects = change.before["redirects"]
    session.execute(update(SpeakerRedirect).where(SpeakerRedirect.id.in_(redirects)).values(to_id=merged.id))
    recount(session, {merged.id, into.id}, quotes=moved)


def _undo_split(session: Session, change: Change) -> None:
    quote_ids, original = change.before["quote_ids"], change.before["speaker_id"]
    session.execute(update(Quote).where(Quote.id.in_(quote_ids)).values(speaker_id=original))
    into = change.after["speaker_id"]
    recount(session, {original, into}, quotes=quote_ids)
    if change.after["created"] and not session.get(Speaker, into).quote_count:
        session.execute(SpeakerAlias.__table__.delete().where(SpeakerAlias.speaker_id == into))
        session.execute(Speaker.__table__.delete().where(Speaker.id == into))


def _undo_quote_edit(session: Session, change: Change) -> None:
    quote = session.get(Quote, change.target_id)
    if quote is not None:  # gone with a re-extraction: nothing left to revert
        patch_state = {field: change.before[field] for field in QUOTE_FIELDS}
        speakers = {quote.speaker_id, patch_state["speaker_id"]} - {None}
        for field, value in patch_state.items():
            setattr(quote, field, value)
        session.flush()
        recount(session, speakers, {quote.spoke_to_id} - {None}, [quote.id])


UNDO = {
    ("edit", "speaker"): _undo_speaker_edit,
    ("merge", "speaker"): _undo_merge,
    ("split", "speaker"): _undo_split,
    ("edit", "quote"): _undo_quote_edit,
}


def merged_into(session: Session, ref: str) -> int | None:
    """The id of the speaker a merged speaker's id or slug now stands for, or None."""
    by = SpeakerRedirect.id == as_id(ref) if as_id(ref) else SpeakerRedirect.slug == ref
    return session.scalar(select(SpeakerRedirect.to_id).where(by))


def corrected(session: Session, kind: str, row_id: int) -> tuple[int, object] | None:
    """(how many changes, when the latest) of this speaker or quote, for anyone to see; None if none."""
    found = select(func.count(), func.max(Change.at)).where(touching(kind, row_id))
    count, latest = session.execute(found).one()
    return (count, latest) if count else None
