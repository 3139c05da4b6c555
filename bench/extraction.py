"""Extraction speed: tokens per second of the engine against a plain full nlp.pipe pass over the same
texts with the same spaCy model, in the same run; the engine in one process and in two worker
processes (service/extraction/parallel.py, as quotedb load uses for bulk loads).

    python bench/extraction.py [--articles 400] [--seed 7]

Prints the figures and ends with one RESULT line.
"""

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.corpus import generate  # noqa: E402
from service.extraction import extract_many  # noqa: E402
from service.extraction.model import load_model, model_name  # noqa: E402


def timed(function):
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=400)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--gold", type=Path, help="Use the article texts of a quote-gold/1 file instead.")
    args = parser.parse_args()

    import spacy

    full = spacy.load(model_name())  # the baseline: the model as shipped, every component
    nlp = load_model()  # the engine's pipeline
    if args.gold:
        texts = [
            a["text"] for a in json.loads(args.gold.read_text(encoding="utf-8"))["articles"] if a.get("text")
        ]
        args.articles = len(texts)
    else:
        texts = generate(args.articles, args.seed)
    tokens = sum(len(doc) for doc in full.tokenizer.pipe(texts))
    extract_many(texts[:20], nlp)  # warm-up: first-call costs out of the measurements
    list(full.pipe(texts[:20]))
    extract_many(
        texts[:20], processes=2
    )  # starts the two workers and loads their models, as spacy.load above

    baseline, _ = timed(lambda: list(full.pipe(texts)))
    one, results = timed(lambda: extract_many(texts, nlp))
    two, results2 = timed(lambda: extract_many(texts, processes=2))
    quotes = sum(len(r.quotes) for r in results)
    assert [r.quotes for r in results2] == [r.quotes for r in results], (
        "2 processes must find the same quotes"
    )

    def rate(seconds):
        return tokens / seconds

    print(f"{args.articles} articles, {tokens} tokens, {quotes} quotes")
    print(f"plain nlp.pipe (all components): {rate(baseline):9.0f} tokens/s")
    print(f"engine, 1 process:               {rate(one):9.0f} tokens/s  ({baseline / one:.2f}x)")
    print(f"engine, 2 processes:             {rate(two):9.0f} tokens/s  ({baseline / two:.2f}x)")
    print(
        f"RESULT bench=extraction corpus={args.gold.name if args.gold else 'synthetic'} "
        f"articles={args.articles} tokens={tokens} quotes={quotes} "
        f"baseline_tps={rate(baseline):.0f} engine_tps={rate(one):.0f} engine2_tps={rate(two):.0f} "
        f"ratio_1proc={baseline / one:.2f} ratio_2proc={baseline / two:.2f} scaling_2proc={one / two:.2f}"
    )


if __name__ == "__main__":
    main()
