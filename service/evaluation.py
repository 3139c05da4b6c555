"""Score extracted quotations against hand-annotated gold (the quote-gold/1 format).

The protocol is the Gender Gap Tracker's: a gold quotation is found when one not yet used
prediction covers more than the threshold share of its characters, best coverage first;
predictions that match only an optional gold quotation count neither way. Speaker names are
compared strictly (same tokens, honorifics aside) and leniently (a shared surname-like token).
"""

import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

THRESHOLDS = (0.3, 0.8)
HONORIFICS = {
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "prof",
    "professor",
    "sir",
    "dame",
    "lord",
    "lady",
    "rev",
    "commander",
    "president",
    "prime",
    "minister",
    "gen",
    "general",
    "col",
    "capt",
    "sgt",
    "lt",
    "chief",
    "mayor",
    "premier",
    "senator",
    "sen",
    "rep",
    "gov",
    "governor",
    "judge",
    "justice",
    "st",
}


def scoring_tokens(name: str | None) -> list[str]:
    text = unicodedata.normalize("NFKC", name or "").replace("’", "'").lower()
    words = [t for t in re.findall(r"[\w'-]+", text) if t not in HONORIFICS and t != "'s"]
    return words[1:] if words[:1] in (["the"], ["a"], ["an"]) else words  # "The RCMP" is "RCMP"


def same_speaker(predicted: str | None, gold: str | None) -> bool:
    return bool(predicted) and bool(gold) and scoring_tokens(predicted) == scoring_tokens(gold)


def compatible_speaker(predicted: str | None, gold: str | None) -> bool:
    p, g = scoring_tokens(predicted), scoring_tokens(gold)
    if not p or not g:
        return False
    capitalised = [
        t.lower() for t in re.findall(r"[\w'-]+", unicodedata.normalize("NFKC", gold)) if t[:1].isupper()
    ]
    gold_names = set(capitalised) or set(g)
    return p[-1] in gold_names or g[-1] in set(p)


def coverage(gold: tuple[int, int], predicted: tuple[int, int]) -> float:
    overlap = min(gold[1], predicted[1]) - max(gold[0], predicted[0])
    return max(0, overlap) / max(1, gold[1] - gold[0])


def _span(text: str, quote: dict) -> tuple[int, int] | None:
    start, end = quote.get("start"), quote.get("end")
    if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text):
        return start, end
    found = text.find(quote.get("text") or "\0")
    return (found, found + len(quote["text"])) if found >= 0 else None


@dataclass
class Score:
    threshold: float
    tp: int = 0
    fp: int = 0
    fn: int = 0
    speakers: int = 0
    speakers_strict: int = 0
    speakers_lenient: int = 0
    outlets: int = 0
    outlets_right: int = 0
    errors: list = field(default_factory=list)
    rule_total: Counter = field(default_factory=Counter)
    rule_right: Counter = field(default_factory=Counter)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def ratio(self, right: int, total: int) -> float | None:
        return right / total if total else None

    def summary(self) -> dict:
        return {
            "threshold": self.threshold,
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "speaker_strict": self.ratio(self.speakers_strict, self.speakers),
            "speaker_lenient": self.ratio(self.speakers_lenient, self.speakers),
            "spoke_to": self.ratio(self.outlets_right, self.outlets),
        }

    def line(self) -> str:
        s = self.summary()

        def pct(v):
            return "-" if v is None else f"{100 * v:.1f}"

        return (
            f"thr {self.threshold}: P {pct(s['precision'])} R {pct(s['recall'])} F1 {pct(s['f1'])} "
            f"(tp {self.tp} fp {self.fp} fn {self.fn}) speaker strict {pct(s['speaker_strict'])} "
            f"lenient {pct(s['speaker_lenient'])} spoke_to {pct(s['spoke_to'])}"
        )


def score(gold: dict, predictions: dict[str, list[dict]], threshold: float) -> Score:
    """Score predictions ({file name: [quote dicts]}) against a quote-gold/1 document."""
    result = Score(threshold)
    for article in gold["articles"]:
        if article.get("text") is not None:
            _score_article(article, predictions.get(article["file"], []), result)
    return result


def _candidates(text: str, predicted: list[dict]) -> list[tuple[tuple[int, int], int, int | None]]:
    """Each prediction's whole span, and each of its parts when it has several (a quotation split by its
    attribution), as (span, prediction index, part index or None)."""
    candidates = []
    for n, quote in enumerate(predicted):
        if whole := _span(text, quote):
            candidates.append((whole, n, None))
        parts = quote.get("parts") or []
        for k, part in enumerate(parts):
            if len(parts) > 1 and (span := _span(text, part)):
                candidates.append((span, n, k))
    return candidates


def _score_article(article: dict, predicted: list[dict], result: Score) -> None:
    """A gold quotation takes the best unused prediction whole, or one unused part of it; once a part is
    taken the whole can no longer be, and each of its parts that matches nothing is spurious."""
    text = article["text"]
    candidates = _candidates(text, predicted)
    whole_used: set[int] = set()
    parts_used: dict[int, set[int]] = {}
    right: set[int] = set()
    for gold in sorted(article["quotes"], key=lambda q: q.get("optional", False)):
        free = [
            (span, n, k)
            for span, n, k in candidates
            if n not in whole_used and (n not in parts_used if k is None else k not in parts_used.get(n, ()))
        ]
        best = _best_match((gold["start"], gold["end"]), free, result.threshold)
        if best is None:
            if not gold.get("optional"):
                result.fn += 1
                result.errors.append(("missed", article["file"], gold.get("speaker"), gold["text"][:90]))
            continue
        n, k = best
        if k is None:
            whole_used.add(n)
        else:
            parts_used.setdefault(n, set()).add(k)
        quote = predicted[n]
        if not gold.get("speaker") or compatible_speaker(quote.get("speaker"), gold["speaker"]):
            right.add(n)
        if not gold.get("optional"):
            _score_match(article["file"], gold, quote, result)
    for n, quote in enumerate(predicted):
        if n in whole_used:
            continue
        unmatched = len(quote["parts"]) - len(parts_used[n]) if n in parts_used else 1
        result.fp += unmatched
        if unmatched:
            result.errors.append(
                ("spurious", article["file"], quote.get("speaker"), (quote.get("text") or "")[:90])
            )
    for n, quote in enumerate(predicted):
        rule = quote.get("rule", "?")
        result.rule_total[rule] += 1
        result.rule_right[rule] += n in right


def _best_match(gold_span, candidates, threshold) -> tuple[int, int | None] | None:
    """Most of the gold covered; on a tie, the tightest span."""
    best, best_score = None, (threshold, 0.0)
    for span, n, k in candidates:
        c = (coverage(gold_span, span), coverage(span, gold_span))
        if c[0] > threshold and c > best_score:
            best, best_score = (n, k), c
    return best


def _score_match(file: str, gold: dict, quote: dict, result: Score) -> None:
    result.tp += 1
    if gold.get("speaker"):
        result.speakers += 1
        strict = same_speaker(quote.get("speaker"), gold["speaker"])
        result.speakers_strict += strict
        result.speakers_lenient += compatible_speaker(quote.get("speaker"), gold["speaker"])
        if not strict:
            result.errors.append(
                ("speaker", file, f"{quote.get('speaker')!r} != {gold['speaker']!r}", gold["text"][:70])
            )
    if gold.get("spoke_to"):
        result.outlets += 1
        said, expected = quote.get("spoke_to"), gold["spoke_to"]
        result.outlets_right += same_speaker(said, expected) or compatible_speaker(said, expected)


def load_gold(path: str) -> dict:
    with open(path, encoding="utf-8") as handle:
        gold = json.load(handle)
    if gold.get("format") != "quote-gold/1" or not isinstance(gold.get("articles"), list):
        raise ValueError(
            f"{path} is not a quote-gold/1 file (needs format 'quote-gold/1' and an 'articles' list)"
        )
    return gold


@dataclass
class SpeakerTable:
    """How clean the speaker table is after loading annotated articles (the definitions of the team's
    tools/speakerdb.py): each stored quote is matched to the gold quote it covers most (coverage > 0.3)."""

    rows: int = 0
    clean: int = 0  # rows named as the gold speaker of most of their matched quotes
    junk: int = 0  # rows none of whose quotes match a gold quote with a named speaker
    merged: int = 0  # rows whose matched quotes belong to more than one gold name
    names_found: int = 0
    split: int = 0  # gold names whose quotes sit in more than one row
    listing: list = field(default_factory=list)  # (mark, row name, gold name); ("split", gold name, rows)

    def line(self) -> str:
        def pct(n):
            return f"{100 * n / max(1, self.rows):.1f}%"

        return (
            f"speaker rows {self.rows}: clean {self.clean} ({pct(self.clean)}), junk {self.junk} "
            f"({pct(self.junk)}), "
            f"merged {self.merged}; gold names found {self.names_found}, split over >1 row {self.split}"
        )


def speaker_table(gold: dict, stored: list[tuple]) -> SpeakerTable:
    """`stored`: (article source name, start, end, speaker id, speaker name) for every quote with a speaker
    row."""
    articles = {a["file"]: a for a in gold["articles"]}
    matches: dict[int, list[str | None]] = {}
    names: dict[int, str] = {}
    for source, start, end, speaker_id, speaker_name in stored:
        names[speaker_id] = speaker_name
        matches.setdefault(speaker_id, []).append(_gold_speaker(articles.get(source), (start, end)))
    table = SpeakerTable(rows=len(matches))
    rows_of: dict[str, set[int]] = {}
    for speaker_id, found in matches.items():
        named = [m for m in found if m]
        if not named:
            table.junk += 1
            table.listing.append(("junk", names[speaker_id], "-"))
            continue
        top = Counter(named).most_common(1)[0][0]
        clean = " ".join(scoring_tokens(names[speaker_id])) == top
        table.clean += clean
        table.merged += len(set(named)) > 1
        table.listing.append(("ok" if clean else "BAD", names[speaker_id], top))
        for name in set(named):
            rows_of.setdefault(name, set()).add(speaker_id)
    table.names_found = len(rows_of)
    table.split = sum(len(rows) > 1 for rows in rows_of.values())
    table.listing.sort(key=lambda row: row[1])
    for name, rows in sorted(rows_of.items()):
        if len(rows) > 1:
            table.listing.append(("split", name, " | ".join(sorted(names[r] for r in rows))))
    return table


def _gold_speaker(article: dict | None, span: tuple[int, int]) -> str | None:
    if not article or not article["quotes"]:
        return None
    best = max(article["quotes"], key=lambda g: coverage((g["start"], g["end"]), span))
    if coverage((best["start"], best["end"]), span) > 0.3 and best.get("speaker"):
        return " ".join(scoring_tokens(best["speaker"]))
    return None
