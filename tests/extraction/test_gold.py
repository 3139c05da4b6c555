"""Extraction against hand-annotated gold: the seeds always, PolNeAR dev when ../shared is beside the
project."""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from service.evaluation import score
from service.extraction import extract_many
from tests.helpers import SEEDS_GOLD, SEEDS_GOLD_MISSING, SHARED

POLNEAR = SHARED / "gold" / "polnear-dev.gold.json"
GGT = SHARED / "gold" / "ggt-dev.gold.json"
REFERENCE_SCORER = SHARED / "tools" / "score.py"
DEV_SETS = [
    pytest.param(path, marks=pytest.mark.skipif(not path.exists(), reason=f"dev gold not found at {path}"))
    for path in (POLNEAR, GGT)
]


_EXTRACTED: dict[Path, tuple[dict, list]] = {}


def extracted(path: Path, nlp) -> tuple[dict, list]:
    """A gold file and the engine's extraction of each of its articles, once per run: several tests read
    them."""
    if path not in _EXTRACTED:
        gold = json.loads(path.read_text(encoding="utf-8"))
        articles = [a for a in gold["articles"] if a.get("text") is not None]
        _EXTRACTED[path] = gold, list(zip(articles, extract_many([a["text"] for a in articles], nlp)))
    return _EXTRACTED[path]


def predict(path: Path, nlp) -> tuple[dict, dict[str, list[dict]]]:
    gold, pairs = extracted(path, nlp)
    return gold, {a["file"]: [q.to_dict() for q in f.quotes] for a, f in pairs}


@pytest.fixture(scope="module")
def ggt(nlp):
    if not GGT.exists():
        pytest.skip(f"GGT dev gold not found at {GGT}")
    return predict(GGT, nlp)


@pytest.fixture(scope="module")
def seed_predictions(seeds_gold, nlp):
    articles = seeds_gold["articles"]
    found = extract_many([a["text"] for a in articles], nlp)
    return {a["file"]: [q.to_dict() for q in f.quotes] for a, f in zip(articles, found)}


def test_seeds_every_required_quote_found_with_speaker_and_outlet(seeds_gold, seed_predictions):
    result = score(seeds_gold, seed_predictions, 0.8)
    required = sum(not q.get("optional") for a in seeds_gold["articles"] for q in a["quotes"])
    assert required == 15
    assert (result.tp, result.fn, result.fp) == (15, 0, 0), result.errors
    assert result.summary()["speaker_strict"] == 1.0
    assert result.summary()["spoke_to"] == 1.0


def test_seeds_boilerplate_yields_nothing(seeds_gold, seed_predictions):
    for article in seeds_gold["articles"]:
        text = article["text"]
        for phrase in article["not_quotes"]:
            match = re.search(
                r"\s+".join(map(re.escape, phrase.split())), text
            )  # the file has no-break spaces
            start, end = match.span()
            overlapping = [
                q for q in seed_predictions[article["file"]] if q["start"] < end and start < q["end"]
            ]
            assert overlapping == [], phrase


def test_seed_speakers_resolve_aliases_and_descriptors(seeds_gold, nlp):
    article = next(a for a in seeds_gold["articles"] if a["file"].startswith("004"))
    [found] = extract_many([article["text"]], nlp)
    assert "Mr Derbeiko" in found.speakers["Jan Derbeiko"]["aliases"]
    assert "Commander Mamuka" in found.speakers["Mamuka Mamulashvili"]["aliases"]
    assert (
        found.speakers["Mamuka Mamulashvili"]["facts"]["role"] == "commander of the Georgian National Legion"
    )
    assert found.speakers["Ivan"]["facts"]["role"] == "soldier"
    headline_names = {"Erdogan", "Biden", "Jacob Rees-Mogg"}
    assert not headline_names & set(found.speakers)


@pytest.mark.skipif(not POLNEAR.exists(), reason=f"PolNeAR dev gold not found at {POLNEAR}")
def test_polnear_dev_meets_the_accuracy_bar(nlp):
    gold, predictions = predict(POLNEAR, nlp)
    summary = score(gold, predictions, 0.3).summary()
    assert summary["f1"] >= 0.88, summary
    assert summary["speaker_lenient"] >= 0.96, summary


def test_ggt_dev_meets_the_accuracy_bar(ggt):
    gold, predictions = ggt
    loose, tight = score(gold, predictions, 0.3).summary(), score(gold, predictions, 0.8).summary()
    assert loose["f1"] >= 0.90, loose
    assert tight["f1"] >= 0.85, tight
    assert loose["speaker_strict"] >= 0.85, loose


@pytest.mark.parametrize(
    "path",
    [
        pytest.param(
            SEEDS_GOLD, marks=pytest.mark.skipif(not SEEDS_GOLD.exists(), reason=SEEDS_GOLD_MISSING)
        ),
        *DEV_SETS,
    ],
)
def test_offsets_are_facts(path, nlp):
    """Every quote's parts, speaker mention and cue are the article's characters at their offsets, and the
    quote's text is its parts joined (a mention in an earlier paragraph points there)."""
    checked = 0
    for article, found in extracted(path, nlp)[1]:
        text = article["text"]
        for quote in found.quotes:
            pieces = [text[p["start"] : p["end"]] for p in quote.parts]
            assert quote.text == " ".join(pieces) and all(piece.strip() == piece != "" for piece in pieces)
            assert (quote.start, quote.end) == (quote.parts[0]["start"], quote.parts[-1]["end"])
            for located in (quote.speaker_mention, quote.cue):
                if located:
                    assert text[located["start"] : located["end"]] == located["text"], (
                        article["file"],
                        located,
                    )
                    checked += 1
    assert checked > 0


@pytest.mark.skipif(not REFERENCE_SCORER.exists(), reason=f"reference scorer not found at {REFERENCE_SCORER}")
def test_our_scorer_agrees_with_the_reference_scorer(seeds_gold, seed_predictions, tmp_path):
    # perturb the predictions so that misses, spurious quotes and wrong speakers all occur
    perturbed = {name: [dict(q) for q in quotes] for name, quotes in seed_predictions.items()}
    first = next(iter(perturbed))
    perturbed[first][0]["speaker"] = "Somebody Else"
    perturbed[first].append({"text": "Belarusian dissidents", "start": 0, "end": 21, "speaker": None})
    dropped = next(reversed(perturbed))
    perturbed[dropped] = perturbed[dropped][2:]
    gold_path, pred_path = tmp_path / "gold.json", tmp_path / "pred.jsonl"
    gold_path.write_text(json.dumps(seeds_gold), encoding="utf-8")
    pred_path.write_text("".join(json.dumps({"file": n, "quotes": q}) + "\n" for n, q in perturbed.items()))
    reference = subprocess.run(
        [sys.executable, str(REFERENCE_SCORER), str(gold_path), str(pred_path)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    ours = [score(seeds_gold, perturbed, threshold).line() for threshold in (0.3, 0.8)]
    assert ours == reference


def test_our_scorer_agrees_with_the_reference_on_split_quotations(ggt, tmp_path):
    """GGT annotates each part of a split quotation: the part-by-part matching must agree too."""
    gold, predictions = ggt
    assert any(len(q["parts"]) > 1 for quotes in predictions.values() for q in quotes)
    pred_path = tmp_path / "pred.jsonl"
    pred_path.write_text("".join(json.dumps({"file": n, "quotes": q}) + "\n" for n, q in predictions.items()))
    reference = subprocess.run(
        [sys.executable, str(REFERENCE_SCORER), str(GGT), str(pred_path)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    assert [score(gold, predictions, threshold).line() for threshold in (0.3, 0.8)] == reference
