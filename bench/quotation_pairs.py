"""Where quotation matching draws its lines, read off real quotations: every pair of gold quotations
(../shared/gold, never copied here) from different articles that share a word triple, with difflib's ratio
over their normalised words, whether one is a part of the other, the shorter one's length and whether
store/quotations.same_quotation joins them. Prints the pairs near the lines for a person to judge, then a
RESULT line.

    .venv/bin/python bench/quotation_pairs.py [--show 40]
"""

import argparse
import itertools
import json
import sys
from difflib import SequenceMatcher
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from service.store.quotations import (  # noqa: E402
    MIN_PART_WORDS,
    MIN_WORDS,
    NEAR_RATIO,
    _part_of,
    normalise,
    same_quotation,
)

GOLD = ROOT.parent / "shared" / "gold"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--show", type=int, default=40)
    args = parser.parse_args()
    quotes = [
        (f"{path.name}/{article['file']}", quote["text"])
        for path in sorted(GOLD.glob("*.gold.json"))
        for article in json.loads(path.read_text(encoding="utf-8"))["articles"]
        for quote in article["quotes"]
    ]
    words = [normalise(text) for _, text in quotes]
    shingles = [set(w.shingles()) for w in words]
    pairs = []
    for i, j in itertools.combinations(range(len(quotes)), 2):
        if quotes[i][0] == quotes[j][0] or not shingles[i] & shingles[j]:
            continue
        ratio = SequenceMatcher(None, words[i].flat, words[j].flat, autojunk=False).ratio()
        part = _part_of(words[i], words[j]) or _part_of(words[j], words[i])
        shorter = min(words[i].count, words[j].count)
        pairs.append((ratio, part, shorter, same_quotation(words[i], words[j]), i, j))
    pairs.sort(reverse=True)
    near = [p for p in pairs if p[2] >= 4 and (p[0] >= 0.5 or p[1])]
    shown = set()
    for ratio, part, shorter, same, i, j in near:
        key = (words[i].stored, words[j].stored)
        if key in shown or len(shown) >= args.show:
            continue
        shown.add(key)
        print(f"{ratio:.2f} part={part} words={shorter} joined={same}")
        print(f"  {quotes[i][1][:160]!r}\n  {quotes[j][1][:160]!r}")
    joined = sum(1 for p in pairs if p[3])
    print(
        f"RESULT bench=quotation_pairs quotes={len(quotes)} pairs_sharing_a_triple={len(pairs)} "
        f"joined={joined} min_words={MIN_WORDS} min_part_words={MIN_PART_WORDS} near_ratio={NEAR_RATIO}"
    )


if __name__ == "__main__":
    main()
