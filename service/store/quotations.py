"""One quotation, many reports: which stored quotation a new quote reports, matched by its words in the
transaction that stores its batch of articles (articles.store_articles); its figures are
quotation_figures.py's.

What is matched (README, "Quotations"): the spoken words, normalised (NFKC, case, quotation marks, dashes
and other punctuation, whitespace, [bracketed insertions]; an ellipsis or "[...]" marks a cut). A quote
joins a quotation when its words are the same as one of the quotation's wordings (both at least
MIN_WORDS long), or, when the shorter side has at least MIN_PART_WORDS words, when it is a contiguous part
of it (each piece between cuts in order) or near-identical (difflib's ratio over words at least
NEAR_RATIO, and the same numbers). Shorter quotes ("We will see.") always stand alone. Direct and indirect
quotes are matched alike: by their words only, never by speaker or topic.

The index is two tables the database queries: each wording's digest (exact matches, unique) and its
word triples as 64-bit hashes (candidates for the others). On PostgreSQL a transaction-scoped advisory
lock makes storing articles one at a time from the first match to the commit, so two loaders storing the
same words at once end with one quotation; SQLite has one writer at a time anyway.
"""

import hashlib
import re
import unicodedata
import weakref
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cached_property

from sqlalchemy import bindparam, insert, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from .models import Quotation, QuotationShingle, QuotationText, Quote

# The floors and the ratio are read off the gold sets' 3,644 quotations (bench/quotation_pairs.py): among the
# 8,578 pairs from different articles sharing a word triple, reports of one quotation scored 0.93 to 1.0 and
# the next pairs 0.75 and below (paraphrases, or one quotation with its attribution left inside the gold text,
# which our quotes leave out); every exact or part-of match under 6 words was a phrase ("to requests for
# comment") or a name, but one ("That makes me smart").
MIN_WORDS = 6  # below this, words are too common to say two reports are one quotation
MIN_PART_WORDS = 8  # the shorter side of a part-of or near-identical match
NEAR_RATIO = 0.8  # about one word in five changed, added or left out
SHINGLE = 3  # words per shingle
MAX_SHINGLES = 64  # shingles of one quote looked up (spread over it)
POSTINGS = 100  # quotations read per shingle: a common triple ("i do not") reads no more
CANDIDATES = 8  # quotations whose wordings are compared, those sharing the most shingles
SQLITE_VARIABLES = 30_000  # SQLite's default limit is 32,766 variables a statement
MATCHING_LOCK = 0x71756F74  # "quot": PostgreSQL's advisory lock serialising the stores that match
CUT = "…"  # where a report left words out, in a stored wording

ELLIPSIS = re.compile(r"\[\s*(?:\.\s*){2,}\]|\(\s*(?:\.\s*){2,}\)|\.(?:\s*\.){2,}|…")
BRACKETED = re.compile(r"\[[^\]]*\]")
APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'"})
WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")


@dataclass(frozen=True)
class Words:
    """A quote's words, normalised: the pieces between cuts."""

    pieces: tuple[tuple[str, ...], ...]

    # Each figure is worked out once per wording (cached_property writes past the frozen dataclass): a new
    # quote is compared with up to CANDIDATES quotations' wordings, and those with every quote of its article.
    @cached_property
    def count(self) -> int:
        return sum(len(piece) for piece in self.pieces)

    @cached_property
    def stored(self) -> str:
        return f" {CUT} ".join(" ".join(piece) for piece in self.pieces)

    @property
    def key(self) -> str:
        return hashlib.blake2b(self.stored.encode("utf-8"), digest_size=16).hexdigest()

    @cached_property
    def flat(self) -> list[str]:
        return [word for piece in self.pieces for word in piece]

    @cached_property
    def joined(self) -> str:
        """Every word, space-separated and between spaces (what _part_of searches)."""
        return f" {' '.join(self.flat)} "

    @cached_property
    def numbers(self) -> list[str]:
        return sorted(word for word in self.flat if any(character.isdigit() for character in word))

    def shingles(self) -> list[int]:
        """The hashes of every SHINGLE consecutive words inside a piece (a short piece is one shingle)."""
        return self._shingles

    @cached_property
    def _shingles(self) -> list[int]:
        hashes = []
        for piece in self.pieces:
            for start in range(max(1, len(piece) - SHINGLE + 1)):
                hashes.append(_hash64(" ".join(piece[start : start + SHINGLE])))
        return list(dict.fromkeys(hashes))


def normalise(quote_text: str) -> Words:
    text_ = unicodedata.normalize("NFKC", quote_text).translate(APOSTROPHES).casefold()
    pieces = (WORD.findall(BRACKETED.sub(" ", piece)) for piece in ELLIPSIS.split(text_))
    return Words(tuple(tuple(piece) for piece in pieces if piece))


def from_stored(words: str) -> Words:
    return Words(tuple(tuple(piece.split()) for piece in words.split(f" {CUT} ") if piece))


def _hash64(value: str) -> int:
    return int.from_bytes(hashlib.blake2b(value.encode("utf-8"), digest_size=8).digest(), "big", signed=True)


def same_quotation(new: Words, stored: Words) -> bool:
    """Whether two wordings are one quotation (the module's rules)."""
    shorter = min(new.count, stored.count)
    if shorter < MIN_WORDS:
        return False
    if new.stored == stored.stored:
        return True
    if shorter < MIN_PART_WORDS:
        return False
    if _part_of(new, stored) or _part_of(stored, new):
        return True
    if new.numbers != stored.numbers:  # "berth 3" and "berth 4" are two statements, not one misquoted
        return False
    if 2 * shorter < NEAR_RATIO * (new.count + stored.count):  # the ratio cannot reach it: too unequal
        return False
    matcher = SequenceMatcher(None, new.flat, stored.flat, autojunk=False)
    return matcher.quick_ratio() >= NEAR_RATIO and matcher.ratio() >= NEAR_RATIO  # the first, a bound


def _part_of(part: Words, whole: Words) -> bool:
    """Every piece of `part`, in order, is a run of consecutive words of `whole`."""
    if part.count > whole.count:
        return False
    haystack, at = whole.joined, 0
    for piece in part.pieces:
        found = haystack.find(f" {' '.join(piece)} ", at)
        if found < 0:
            return False
        at = found + len(" ".join(piece)) + 1
    return True


def serialise_matching(session: Session) -> None:
    """Hold the matching lock until the transaction ends (PostgreSQL; SQLite has one writer at a time); asked
    for once per transaction, however many articles a batch stores in it."""
    if session.get_bind().dialect.name != "postgresql":
        return
    transaction = session.connection().get_transaction()
    held = session.info.get("quotation_lock")
    if held is not None and held() is transaction:
        return
    session.execute(text("SELECT pg_advisory_xact_lock(:lock)"), {"lock": MATCHING_LOCK})
    session.info["quotation_lock"] = weakref.ref(transaction)


def assign_quotations(session: Session, rows: list[dict]) -> set[int]:
    """Set each quote row's quotation_id (before the rows are inserted): the stored quotation it reports, an
    earlier quote's of the same batch, or a new one; returns the quotations touched (their figures:
    quotation_figures.py, once the quotes are in). A handful of statements per batch, whatever its quotes:
    the digests, the shingles' postings, the candidates' wordings, then the new rows. Stored quotations and
    the batch's new ones are ranked together, so a quote joins what it would join stored one at a time."""
    words = [normalise(row["text"]) for row in rows]
    matchable = [w for w in words if w.count >= MIN_WORDS]
    known = _known_keys(session, {w.key for w in matchable})
    candidates = _candidates(
        session, [w for w in matchable if w.key not in known and w.count >= MIN_PART_WORDS]
    )
    wordings = _wordings(session, {q for found in candidates.values() for q, _ in found})
    new: list[str] = []  # the text of each quotation this batch adds; -1 - index stands for its id
    fresh = _Fresh()  # the wordings this batch adds, found by their shingles as the stored ones are
    chosen = []
    for row, w in zip(rows, words):
        if w.count < MIN_WORDS:
            quotation = None
        elif w.key in known:
            quotation = known[w.key]
        elif w.count >= MIN_PART_WORDS:
            quotation = _best_match(w, candidates.get(w.key, []), wordings, fresh)
        else:
            quotation = None
        if quotation is None:
            new.append(row["text"])
            quotation = -len(new)
        if w.count >= MIN_WORDS and w.key not in known:
            known[w.key] = quotation
            fresh.add(quotation, w)
        chosen.append(quotation)
    ids = _new_quotations(session, new)

    def real(quotation: int) -> int:
        return ids[-1 - quotation] if quotation < 0 else quotation

    for row, quotation in zip(rows, chosen):
        row["quotation_id"] = real(quotation)
    _index(session, [(real(quotation), w) for quotation, w in fresh.wordings])
    return {row["quotation_id"] for row in rows}


def _best_match(words: "Words", stored: list[tuple[int, int]], wordings: dict, fresh: "_Fresh") -> int | None:
    """Of the stored candidates and the batch's new wordings, (quotation, shared shingles) each, the one
    sharing the most shingles whose words are the same quotation; a stored one first when they share as
    many."""
    ranked = [(-shared, 0, quotation) for quotation, shared in stored]
    ranked += [(-shared, 1, i) for i, shared in fresh.ranked(words)]
    for _, is_fresh, ref in sorted(ranked):
        if is_fresh and same_quotation(words, fresh.wordings[ref][1]):
            return fresh.wordings[ref][0]
        if not is_fresh and any(same_quotation(words, other) for other in wordings[ref]):
            return ref
    return None


class _Fresh:
    """The wordings one call of assign_quotations adds, under their quotation (an id, or -1 - the index of
    one not inserted yet), with their shingles' postings kept in memory."""

    def __init__(self):
        self.wordings: list[tuple[int, Words]] = []
        self.holders: dict[int, list[int]] = {}  # shingle -> indexes into wordings

    def add(self, quotation: int, words: Words) -> None:
        for shingle in words.shingles():
            self.holders.setdefault(shingle, []).append(len(self.wordings))
        self.wordings.append((quotation, words))

    def ranked(self, words: Words) -> list[tuple[int, int]]:
        """The CANDIDATES wordings sharing the most shingles with these words: (index, shared)."""
        shared = Counter(i for h in _spread(words.shingles()) for i in self.holders.get(h, ()))
        return sorted(shared.items(), key=lambda item: (-item[1], item[0]))[:CANDIDATES]


def _known_keys(session: Session, keys: set[str]) -> dict[str, int]:
    """The quotation each of these wording digests is stored under."""
    if not keys:
        return {}
    statement = select(QuotationText.key, QuotationText.quotation_id).where(QuotationText.key.in_(keys))
    return dict(session.execute(statement).all())


def _candidates(session: Session, quotes: list[Words]) -> dict[str, list[tuple[int, int]]]:
    """For each quote (by its digest), the CANDIDATES quotations sharing the most of its shingles, most
    first, with how many they share: one statement for all of them (a few on SQLite, see _postings)."""
    sampled = {w.key: _spread(w.shingles()) for w in quotes}
    hashes = sorted({h for found in sampled.values() for h in found})
    holders: dict[int, list[int]] = {}
    for statement in _postings(session, hashes):
        for shingle, quotation_id in session.execute(*statement):
            holders.setdefault(shingle, []).append(quotation_id)
    candidates = {}
    for key, found in sampled.items():
        shared = Counter(q for h in found for q in holders.get(h, ()))
        candidates[key] = sorted(shared.items(), key=lambda item: (-item[1], item[0]))[:CANDIDATES]
    return candidates


def _spread(hashes: list[int]) -> list[int]:
    """At most MAX_SHINGLES of a quote's shingles, spread over all of it so that a short stored part of it
    is still hit."""
    if len(hashes) <= MAX_SHINGLES:
        return hashes
    step = len(hashes) / MAX_SHINGLES
    return [hashes[int(i * step)] for i in range(MAX_SHINGLES)]


POSTINGS_SQL = text(
    "SELECT h.shingle, s.quotation_id FROM unnest(CAST(:hashes AS bigint[])) AS h(shingle) "
    "CROSS JOIN LATERAL (SELECT quotation_shingles.quotation_id FROM quotation_shingles "
    f"WHERE quotation_shingles.shingle = h.shingle LIMIT {POSTINGS}) AS s"
)


def _postings(session: Session, hashes: list[int]) -> list[tuple]:
    """The statements and parameters reading the quotations that hold each shingle: on PostgreSQL one, at most
    POSTINGS per shingle (a common triple such as "i do not" reads no more); elsewhere all of them, in
    statements of at most SQLITE_VARIABLES hashes (a batch's can pass SQLite's limit on variables)."""
    if not hashes:
        return []
    if session.get_bind().dialect.name == "postgresql":
        return [(POSTINGS_SQL, {"hashes": hashes})]
    shingles = QuotationShingle.__table__.c
    return [
        (select(shingles.shingle, shingles.quotation_id).where(shingles.shingle.in_(part)), None)
        for part in (hashes[i : i + SQLITE_VARIABLES] for i in range(0, len(hashes), SQLITE_VARIABLES))
    ]


def _wordings(session: Session, quotation_ids: set[int]) -> dict[int, list[Words]]:
    found: dict[int, list[Words]] = {q: [] for q in quotation_ids}
    if quotation_ids:
        statement = select(QuotationText.quotation_id, QuotationText.words).where(
            QuotationText.quotation_id.in_(quotation_ids)
        )
        for quotation_id, words in session.execute(statement):
            found[quotation_id].append(from_stored(words))
    return found


def _new_quotations(session: Session, texts: list[str]) -> list[int]:
    """Insert a quotation for each text (its figures follow: quotation_figures.py); their ids in order."""
    if not texts:
        return []
    table = Quotation.__table__
    statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
    return list(session.scalars(statement, [{"text": quote_text} for quote_text in texts]))


def _index(session: Session, wordings: list[tuple[int, Words]]) -> None:
    """Record each new wording of a quotation and its shingles."""
    _insert_new(
        session,
        QuotationText.__table__,
        [{"quotation_id": q, "key": w.key, "words": w.stored} for q, w in wordings],
    )
    _insert_new(
        session,
        QuotationShingle.__table__,
        list({(h, q): {"shingle": h, "quotation_id": q} for q, w in wordings for h in w.shingles()}.values()),
    )


def _insert_new(session: Session, table, rows: list[dict]) -> None:
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    if rows:
        session.execute(dialect.insert(table).on_conflict_do_nothing(), rows)


def assign_stored(session: Session, batch: int = 1000) -> set[int]:
    """Give every stored quote without a quotation one, oldest quote first (migration 0013; a bulk import
    that wrote quotes directly). Returns the quotations given quotes, whose figures the caller counts."""
    quotes, touched = Quote.__table__, set()
    while True:
        rows = [
            {"id": quote_id, "text": quote_text}
            for quote_id, quote_text in session.execute(
                select(quotes.c.id, quotes.c.text)
                .where(quotes.c.quotation_id.is_(None))
                .order_by(quotes.c.id)
                .limit(batch)
            )
        ]
        if not rows:
            return touched
        touched |= assign_quotations(session, rows)
        session.execute(
            update(quotes)
            .where(quotes.c.id == bindparam("quote"))
            .values(quotation_id=bindparam("quotation")),
            [{"quote": row["id"], "quotation": row["quotation_id"]} for row in rows],
        )
