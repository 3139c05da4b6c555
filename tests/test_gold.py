"""Extraction against hand-annotated gold: the seeds always, PolNeAR dev when ../shared is beside the project."""
import json
import re
import subprocess
import sys

import pytest

from service.evaluation import score
from service.extraction import extract_many

from .conftest import SHARED

POLNEAR = SHARED / "gold" / "polnear-dev.gold.json"
REFERENCE_SCORER = SHARED / "tools" / "score.py"


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
            match = re.search(r"\s+".join(map(re.escape, phrase.split())), text)  # the file has no-break spaces
            start, end = match.span()
            overlapping = [q for q in seed_predictions[article["file"]] if q["start"] < end and start < q["end"]]
            assert overlapping == [], phrase


def test_seed_speakers_resolve_aliases_and_descriptors(seeds_gold, nlp):
    article = next(a for a in seeds_gold["articles"] if a["file"].startswith("004"))
    [found] = extract_many([article["text"]], nlp)
    assert "Mr Derbeiko" in found.speakers["Jan Derbeiko"]["aliases"]
    assert "Commander Mamuka" in found.speakers["Mamuka Mamulashvili"]["aliases"]
    assert found.speakers["Mamuka Mamulashvili"]["facts"]["role"] == "commander of the Georgian National Legion"
    assert found.speakers["Ivan"]["facts"]["role"] == "soldier"
    headline_names = {"Erdogan", "Biden", "Jacob Rees-Mogg"}
    assert not headline_names & set(found.speakers)


@pytest.mark.skipif(not POLNEAR.exists(), reason=f"PolNeAR dev gold not found at {POLNEAR}")
def test_polnear_dev_meets_the_accuracy_bar(nlp):
    gold = json.loads(POLNEAR.read_text(encoding="utf-8"))
    articles = [a for a in gold["articles"] if a.get("text") is not None]
    found = extract_many([a["text"] for a in articles], nlp)
    predictions = {a["file"]: [q.to_dict() for q in f.quotes] for a, f in zip(articles, found)}
    summary = score(gold, predictions, 0.3).summary()
    assert summary["f1"] >= 0.75, summary
    assert summary["speaker_lenient"] >= 0.90, summary


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
    reference = subprocess.run([sys.executable, str(REFERENCE_SCORER), str(gold_path), str(pred_path)],
                               capture_output=True, text=True, check=True).stdout.splitlines()
    ours = [score(seeds_gold, perturbed, threshold).line() for threshold in (0.3, 0.8)]
    assert ours == reference
