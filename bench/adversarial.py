"""Growth of extraction's time and memory on hostile articles (issue 25 items 1-3), at n, 2n and 4n.

Memory: each size runs in a fresh interpreter (so its peak memory is its own): the model is loaded and run
once, then one article is extracted; the process's peak resident memory is the figure. Time: one more fresh
interpreter per case extracts its three sizes in turn, `--repeat` rounds (3), and keeps each size's least wall
time and least CPU time. A doubling of n should cost at most ~2.3x (linear, with noise): the ratio per
doubling is taken between those CPU times. The last rows are the largest articles the loader accepts (5 MB) of
the worst shapes, which the per-article budget (service/extraction/budget.py) must keep under 60 s of wall
time and 1 GB (extracted once).

Why so: at the smaller sizes one extraction takes under a second, and on a 2-core machine shared with other
work one run's wall time moves by more than the 0.3x of slack a doubling is allowed (one quiet run gave
bare_quotes 2500 -> 5000 2.45x, the same case alone 1.99x; under a load average of 8, picture_credit 2000 ->
4000 gave 3.13x in wall time). The process's own CPU time leaves out the time others held the cores; sizes
taken in turn meet the same load, rather than n in a quiet minute and 2n in a busy one; the least of the
rounds is the one least disturbed.

    .venv/bin/python bench/adversarial.py [--only CASE ...] [--no-limits] [--repeat 3]

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
    started, cpu_started = time.perf_counter(), time.process_time()
    found = extract(text)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "case": case,
        "n": n,
        "chars": len(text),
        "seconds": round(seconds, 2),
        "cpu": round(cpu, 3),
        "peak_mb": round(peak),
        "grown_mb": round(peak - before),
        "quotes": len(found.quotes),
    }


def times(case: str, sizes: list[int], repeat: int) -> dict:
    """In this process: the case's sizes extracted in turn, `repeat` rounds; each size's least wall and CPU
    time."""
    sys.path.insert(0, str(ROOT))
    from service.extraction import extract

    texts = {n: CASES[case][0](n) for n in sizes}
    extract("Warm up\n\nAnn Lee said the model was loaded.")
    best = {n: {"seconds": float("inf"), "cpu": float("inf")} for n in sizes}
    for _ in range(repeat):
        for n in sizes:
            started, cpu_started = time.perf_counter(), time.process_time()
            extract(texts[n])
            best[n]["seconds"] = min(best[n]["seconds"], round(time.perf_counter() - started, 2))
            best[n]["cpu"] = min(best[n]["cpu"], round(time.process_time() - cpu_started, 3))
    return best


def run_times(case: str, sizes: list[int], repeat: int, timeout: float) -> dict:
    args = [sys.executable, __file__, "--time", case, "--repeat", str(repeat), "--sizes", *map(str, sizes)]
    try:
        done = subprocess.run(args, capture_output=True, text=True, timeout=timeout * repeat, cwd=ROOT)
        return {int(n): row for n, row in json.loads(done.stdout.strip().splitlines()[-1]).items()}
    except subprocess.TimeoutExpired:
        return {n: {"seconds": float("inf"), "cpu": float("inf")} for n in sizes}


def run(case: str, n: int | None = None, size: int | None = None, timeout: float = 900) -> dict:
    args = [sys.executable, __file__, "--measure", case]
    args += ["--n", str(n)] if n else ["--size", str(size)]
    try:
        done = subprocess.run(args, capture_output=True, text=True, timeout=timeout, cwd=ROOT)
        return json.loads(done.stdout.strip().splitlines()[-1])
    except subprocess.TimeoutExpired:
        return {
            "case": case,
            "n": n,
            "chars": None,
            "seconds": float("inf"),
            "cpu": float("inf"),
            "peak_mb": None,
            "grown_mb": None,
            "quotes": None,
        }


def _shown(value) -> str:
    return "-" if value is None else str(value)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", nargs="*", choices=sorted(CASES))
    parser.add_argument("--no-limits", action="store_true", help="Skip the 5 MB articles.")
    parser.add_argument("--timeout", type=float, default=600, help="Seconds one run may take.")
    parser.add_argument("--repeat", type=int, default=3, help="Extractions per size; the least time counts.")
    parser.add_argument("--measure")
    parser.add_argument("--time")
    parser.add_argument("--sizes", type=int, nargs="*")
    parser.add_argument("--n", type=int)
    parser.add_argument("--size", type=int)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.n, args.size)))
        return
    if args.time:
        print(json.dumps(times(args.time, args.sizes, args.repeat)))
        return
    worst_ratio, rows = 0.0, []
    print(
        f"{'case':16} {'item':>4} {'n':>7} {'chars':>9} {'seconds':>8} {'cpu s':>7} {'x prev':>7} "
        f"{'peak MB':>8} {'grown MB':>8} {'quotes':>7}"
    )
    for case in args.only or CASES:
        make, n, item = CASES[case]
        previous = None
        timed = run_times(case, [n, 2 * n, 4 * n], args.repeat, args.timeout)
        for k in (1, 2, 4):
            row = run(case, n * k, timeout=args.timeout) | timed[n * k]
            rows.append(row)
            ratio = row["cpu"] / previous if previous else None  # CPU time: see the docstring
            if ratio is not None:
                worst_ratio = max(worst_ratio, ratio)
            print(
                f"{case:16} {item:>4} {n * k:>7} {row['chars'] or '-':>9} {row['seconds']:>8} "
                f"{row['cpu']:>7} {'' if ratio is None else f'{ratio:.2f}':>7} {row['peak_mb'] or '-':>8} "
                f"{_shown(row['grown_mb']):>8} {_shown(row['quotes']):>7}",
                flush=True,
            )
            previous = row["cpu"]
    if not args.no_limits:
        for case in LIMIT_CASES if not args.only else [c for c in LIMIT_CASES if c in args.only]:
            row = run(case, size=FIVE_MB, timeout=args.timeout)
            rows.append(row)
            print(
                f"{case + ' 5MB':16} {CASES[case][2]:>4} {'-':>7} {row['chars'] or '-':>9} "
                f"{row['seconds']:>8} {row['cpu']:>7} "
                f"{'':>7} {row['peak_mb'] or '-':>8} {row['grown_mb'] or '-':>8} {row['quotes'] or '-':>7}",
                flush=True,
            )
    print(
        f"RESULT bench=adversarial worst_ratio={worst_ratio:.2f} "
        f"max_seconds={max(r['seconds'] for r in rows)} max_peak_mb={max(r['peak_mb'] or 0 for r in rows)}"
    )


if __name__ == "__main__":
    main()
