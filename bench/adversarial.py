"""Growth of extraction's time and memory on hostile articles (issue 25 items 1-3), at n, 2n and 4n.

Each case runs in a fresh interpreter (so its peak memory is its own): the model is loaded and run once, then
one article is extracted; the figures are the extraction's wall time and the process's peak resident memory.
A doubling of n should cost at most ~2.3x (linear, with noise); the last rows are the largest articles the
loader accepts (5 MB) of the worst shapes, which the per-article budget (service/extraction/budget.py) must
keep under 60 s and 1 GB.

    .venv/bin/python bench/adversarial.py [--only CASE ...] [--no-limits]

Prints a table and ends in `RESULT bench=adversarial worst_ratio=… max_seconds=… max_peak_mb=…`.
"""

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIVE_MB = 5 * 1024 * 1024


def picture_credit(n: int) -> str:  # item 1: '(' + 'A'*100 + '!' took 63 s before
    return "A title\n\n(" + "A" * n + "!"


def many_paragraphs(n: int) -> str:  # item 2: 1,000 paragraphs took 14 s, 4,000 took 183 s
    return "Homes\n\n" + "\n\n".join(
        f'"We will build {i} new homes this year," said Minister Ann Lee{i % 50} in Ottawa on Monday.'
        for i in range(n)
    )


def distinct_names(n: int) -> str:  # item 2: 2,500 distinct names in one paragraph took 44 s
    return "Names\n\n" + " ".join(f"Minister Alan{i} Smith{i} said the plan was good." for i in range(n))


def bare_quotes(n: int) -> str:  # item 2: 'He said ' + '"a" '*25000 took 42 s and 438 MB
    return "Quotes\n\nHe said " + '"a" ' * n


def one_paragraph(n: int) -> str:  # item 3: 0.5 MB of this in one paragraph took 43 s and 2.0 GB
    return "Plan\n\n" + "Mr Smith said the plan would work. " * n


CASES = {  # name: (make, n, issue item)
    "picture_credit": (picture_credit, 2000, 1),
    "many_paragraphs": (many_paragraphs, 250, 2),
    "distinct_names": (distinct_names, 250, 2),
    "bare_quotes": (bare_quotes, 2500, 2),
    "one_paragraph": (one_paragraph, 1500, 3),
}
LIMIT_CASES = ["one_paragraph", "many_paragraphs", "bare_quotes"]  # at 5 MB, cut to the budget


def measure(case: str, n: int | None, size: int | None) -> dict:
    """In this process: extract one article of the case, return its time and this process's peak memory."""
    sys.path.insert(0, str(ROOT))
    from service.extraction import extract

    make = CASES[case][0]
    if size is not None:  # the largest article of this shape the loader accepts
        unit = len(make(1000)) / 1000
        text = make(int(size / unit))[:size]
    else:
        text = make(n)
    extract("Warm up\n\nAnn Lee said the model was loaded.")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    found = extract(text)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "case": case,
        "n": n,
        "chars": len(text),
        "seconds": round(seconds, 2),
        "peak_mb": round(peak),
        "grown_mb": round(peak - before),
        "quotes": len(found.quotes),
    }


def run(case: str, n: int | None = None, size: int | None = None, timeout: float = 900) -> dict:
    args = [sys.executable, __file__, "--measure", case] + (["--n", str(n)] if n else ["--size", str(size)])
    try:
        done = subprocess.run(args, capture_output=True, text=True, timeout=timeout, cwd=ROOT)
        return json.loads(done.stdout.strip().splitlines()[-1])
    except subprocess.TimeoutExpired:
        return {
            "case": case,
            "n": n,
            "chars": None,
            "seconds": float("inf"),
            "peak_mb": None,
            "grown_mb": None,
            "quotes": None,
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", nargs="*", choices=sorted(CASES))
    parser.add_argument("--no-limits", action="store_true", help="Skip the 5 MB articles.")
    parser.add_argument("--timeout", type=float, default=600, help="Seconds one run may take.")
    parser.add_argument("--measure")
    parser.add_argument("--n", type=int)
    parser.add_argument("--size", type=int)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.n, args.size)))
        return
    worst_ratio, rows = 0.0, []
    print(
        f"{'case':16} {'item':>4} {'n':>7} {'chars':>9} {'seconds':>8} {'x prev':>7} {'peak MB':>8} "
        f"{'grown MB':>8} {'quotes':>7}"
    )
    for case in args.only or CASES:
        make, n, item = CASES[case]
        previous = None
        for k in (1, 2, 4):
            row = run(case, n * k, timeout=args.timeout)
            rows.append(row)
            ratio = row["seconds"] / previous if previous else None
            if ratio is not None:
                worst_ratio = max(worst_ratio, ratio)
            print(
                f"{case:16} {item:>4} {n * k:>7} {row['chars'] or '-':>9} {row['seconds']:>8} "
                f"{'' if ratio is None else f'{ratio:.2f}':>7} {row['peak_mb'] or '-':>8} "
                f"{row['grown_mb'] or '-':>8} {row['quotes'] or '-':>7}",
                flush=True,
            )
            previous = row["seconds"]
    if not args.no_limits:
        for case in LIMIT_CASES if not args.only else [c for c in LIMIT_CASES if c in args.only]:
            row = run(case, size=FIVE_MB, timeout=args.timeout)
            rows.append(row)
            print(
                f"{case + ' 5MB':16} {CASES[case][2]:>4} {'-':>7} {row['chars'] or '-':>9} "
                f"{row['seconds']:>8} "
                f"{'':>7} {row['peak_mb'] or '-':>8} {row['grown_mb'] or '-':>8} {row['quotes'] or '-':>7}",
                flush=True,
            )
    print(
        f"RESULT bench=adversarial worst_ratio={worst_ratio:.2f} "
        f"max_seconds={max(r['seconds'] for r in rows)} max_peak_mb={max(r['peak_mb'] or 0 for r in rows)}"
    )


if __name__ == "__main__":
    main()
