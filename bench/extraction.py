"""Extraction speed: tokens per second of the engine against a plain full nlp.pipe pass over the same
texts with the same spaCy model as shipped, in the same run; the engine in one process and in two worker
processes (service/extraction/parallel.py, as quotedb load uses for bulk loads).

    python bench/extraction.py [--articles 400] [--seed 7] [--rounds 3] [--blas-baseline]

The baseline and the engine run alternately, --rounds times each, and each figure is the sum over the
rounds, so that the machine's load falls on both alike; cpu_ratio_1proc is the same ratio in this
process's CPU time, which a loaded machine moves less than the wall clock. --blas-baseline also times
the plain pipeline on the engine's BLAS (model.py), to tell the share of the gain from the BLAS alone.
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

CPU = {"baseline": 0.0, "engine": 0.0}  # this process's CPU seconds, which others' load moves less


def timed(function, cpu_key=None):
    start, cpu = time.perf_counter(), time.process_time()
    result = function()
    if cpu_key:
        CPU[cpu_key] += time.process_time() - cpu
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=400)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--blas-baseline", action="store_true")
    parser.add_argument("--gold", type=Path, help="Use the article texts of a quote-gold/1 file instead.")
    args = parser.parse_args()

    import spacy
    from thinc.api import use_ops

    full = spacy.load(model_name())  # the baseline: the model as shipped, every component
    nlp = load_model()  # the engine's pipeline (on one BLAS thread, as BLIS runs)
    if args.blas_baseline:
        with use_ops("numpy", use_blis=False):
            full_blas = spacy.load(model_name())
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

    if args.blas_baseline:
        list(full_blas.pipe(texts[:20]))
    baseline = one = two = blas = 0.0
    for _ in range(args.rounds):  # alternately, so that a change of load falls on every figure alike
        baseline += timed(lambda: list(full.pipe(texts)), "baseline")[0]
        seconds, results = timed(lambda: extract_many(texts, nlp), "engine")
        one += seconds
        seconds, results2 = timed(lambda: extract_many(texts, processes=2))
        two += seconds
        if args.blas_baseline:
            blas += timed(lambda: list(full_blas.pipe(texts)))[0]
    tokens *= args.rounds
    quotes = sum(len(r.quotes) for r in results)
    assert [r.quotes for r in results2] == [r.quotes for r in results], (
        "2 processes must find the same quotes"
    )

    def rate(seconds):
        return tokens / seconds

    print(f"{args.articles} articles, {tokens // args.rounds} tokens, {quotes} quotes, {args.rounds} rounds")
    print(f"plain nlp.pipe (all components): {rate(baseline):9.0f} tokens/s")
    if args.blas_baseline:
        print(f"the same on the engine's BLAS:   {rate(blas):9.0f} tokens/s  ({baseline / blas:.2f}x)")
    print(
        f"engine, 1 process:               {rate(one):9.0f} tokens/s  ({baseline / one:.2f}x;"
        f" {CPU['baseline'] / CPU['engine']:.2f}x in CPU time)"
    )
    print(f"engine, 2 processes:             {rate(two):9.0f} tokens/s  ({baseline / two:.2f}x)")
    print(
        f"RESULT bench=extraction corpus={args.gold.name if args.gold else 'synthetic'} "
        f"articles={args.articles} tokens={tokens // args.rounds} quotes={quotes} rounds={args.rounds} "
        f"baseline_tps={rate(baseline):.0f} engine_tps={rate(one):.0f} engine2_tps={rate(two):.0f} "
        f"ratio_1proc={baseline / one:.2f} cpu_ratio_1proc={CPU['baseline'] / CPU['engine']:.2f} "
        f"ratio_2proc={baseline / two:.2f} scaling_2proc={one / two:.2f}"
        + (f" ratio_1proc_same_blas={blas / one:.2f}" if args.blas_baseline else "")
    )


if __name__ == "__main__":
    main()
