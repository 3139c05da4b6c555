"""API and page throughput and latency under gunicorn, against a bare Flask endpoint served the same way, in
one run.

    python bench/bulk.py postgresql+psycopg://postgres@127.0.0.1:5432/quotedb_bench   # 1M quotes, once
    python bench/api.py postgresql+psycopg://postgres@127.0.0.1:5432/quotedb_bench \
        [--seconds 10] [--redis URL]

Needs wrk (Debian package wrk). Each endpoint gets the same load (wrk, 2 threads, 8 connections);
the figure is its throughput as a share of the bare endpoint's, measured right before and right after it
(this machine's speed drifts by a third within one run, so one bare figure at the start would skew the
rows measured late), and its latency percentiles. Every
endpoint is measured twice: under the production settings, where repeats of one URL come from the
response cache (QUOTEDB_CACHE_SECONDS), and with the cache off, where every request reads the database.
With --redis, a third time on a server whose cache and rate-limit store is that Redis (`_redis` rows),
to set the shared store beside the in-process one.
"""

import argparse
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PATHS = {  # what is measured, below /api/v1; bench/explain.py shows the plans of the same requests
    "quotes_by_speaker": "/quotes?speaker=jan-derbeiko",
    "quotes_by_outlet": "/quotes?spoke_to=reuters",
    "text_search": "/quotes?q=harbour%20expansion",
    "speaker_page": "/speakers/jan-derbeiko",
    "speakers_by_count": "/speakers?sort=-quote_count",
    "deep_page_offset": "/quotes?page=5000",
    "deep_page_keyset": "/quotes?after=100000",
    "first_page": "/quotes?after=0",
    "quotations_first_page": "/quotations",
    "quotations_most_reported": "/quotations?sort=-occurrences",
    "quotations_disputed_by_speaker": "/quotations?speaker=jan-derbeiko&disputed=true",
    "quotation": "/quotations/1",
}
PAGES = {  # the pages for people (not in the response cache): measured on the cache-off server only
    "page_speaker": "/speakers/jan-derbeiko",
    "page_search": "/?q=harbour%20expansion",
    "page_search_deep": "/?q=harbour%20expansion&before=500000",
}
GUNICORN = [sys.executable, "-m", "gunicorn", "--workers", "2", "--timeout", "120", "--log-level", "warning"]


def start(app: str, port: int, env: dict, tree: Path = ROOT) -> subprocess.Popen:
    """gunicorn serving `app` from the checkout `tree`, once it answers."""
    process = subprocess.Popen(
        [*GUNICORN, "--bind", f"127.0.0.1:{port}", app],
        cwd=tree,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    for _ in range(120):
        try:
            urllib.request.urlopen(
                f"http://127.0.0.1:{port}{'/bare' if 'bare_app' in app else '/health'}", timeout=2
            )
            return process
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"{app} did not start")


def wrk(url: str, seconds: int) -> dict:
    out = subprocess.run(
        ["wrk", "-t2", "-c8", f"-d{seconds}s", "-s", str(ROOT / "bench" / "wrk_report.lua"), url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    line = next(row for row in out.splitlines() if row.startswith("WRK "))
    return {k: float(v) for k, v in re.findall(r"(\w+)=([\d.]+)", line)}


def one_at_a_time(url: str, count: int = 300) -> dict:
    """Latency with no queue in front of the server: one request after another from one client, so each figure
    is the server's own time plus a loopback round trip (what 'server-side' means for the page targets)."""
    times = []
    for _ in range(count):
        started = time.perf_counter()
        urllib.request.urlopen(url, timeout=30).read()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {"p50": times[len(times) // 2], "p99": times[int(len(times) * 0.99) - 1]}


def rss_mb(pid: int) -> float:
    """Resident memory of a gunicorn master and its workers, in MB."""
    children = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
    total = 0
    for p in [str(pid), *children]:
        status = Path(f"/proc/{p}/status").read_text()
        total += int(re.search(r"VmHWM:\s+(\d+)", status).group(1))
    return total / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database_url")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--redis", help="also measure the cached endpoints with QUOTEDB_REDIS_URL=REDIS")
    parser.add_argument(
        "--uncached-only",
        action="store_true",
        help="measure only the bare endpoint and the cache-off server (the reads nobody asked for lately)",
    )
    args = parser.parse_args()
    env = {
        **os.environ,
        "DATABASE_URL": args.database_url,
        "QUOTEDB_ENV": "production",
        "QUOTEDB_API_TOKEN": "bench-token-not-secret-0123456789",
        "QUOTEDB_RATE_LIMIT": "off",
    }
    service, bare = start("service.wsgi:app", 18101, env), start("bench.bare_app:app", 18102, env)
    uncached = start("service.wsgi:app", 18103, {**env, "QUOTEDB_CACHE_SECONDS": "0"})
    shared = (
        start(
            "service.wsgi:app",
            18104,
            {**env, "QUOTEDB_REDIS_URL": args.redis, "QUOTEDB_REDIS_PREFIX": f"quotedb-bench-{os.getpid()}:"},
        )
        if args.redis
        else None
    )
    targets = {"bare": "http://127.0.0.1:18102/bare"}
    if not args.uncached_only:
        targets |= {name: f"http://127.0.0.1:18101/api/v1{path}" for name, path in PATHS.items()}
    targets |= {f"{name}_nocache": f"http://127.0.0.1:18103/api/v1{path}" for name, path in PATHS.items()}
    targets |= {f"{name}_nocache": f"http://127.0.0.1:18103{path}" for name, path in PAGES.items()}
    if shared is not None:
        targets |= {f"{name}_redis": f"http://127.0.0.1:18104/api/v1{path}" for name, path in PATHS.items()}
    results, bare_url = {}, targets.pop("bare")
    try:
        bare_runs = [wrk(bare_url, args.seconds)]
        for name, url in targets.items():
            try:
                urllib.request.urlopen(url, timeout=30).read()  # warm the caches
            except urllib.error.HTTPError as error:
                print(f"{name:26} skipped: {url} answers {error.code} on this database")
                continue
            r = results[name] = wrk(url, args.seconds)
            bare_runs.append(wrk(bare_url, args.seconds))
            # against the bare runs just before and just after it: the machine's speed drifts within a run
            r["bare_rps"] = (bare_runs[-2]["rps"] + bare_runs[-1]["rps"]) / 2
            print(
                f"{name:26} {r['rps']:8.1f} req/s ({r['rps'] / r['bare_rps']:6.1%} of bare)  p50 "
                f"{r['p50']:7.2f} ms  "
                f"p95 {r['p95']:7.2f} ms  p99 {r['p99']:7.2f} ms  errors {int(r['errors'])}",
                flush=True,
            )
        for name, path in PAGES.items():
            r = one_at_a_time(f"http://127.0.0.1:18103{path}")
            results[f"{name}_alone"] = r
            print(
                f"{name + '_alone':26} one request at a time: p50 {r['p50']:7.2f} ms  p99 {r['p99']:7.2f} ms"
            )
        memory = rss_mb(service.pid)
    finally:
        for process in (service, bare, uncached, shared):
            if process is not None:
                os.killpg(process.pid, signal.SIGTERM)
    bare = sorted(r["rps"] for r in bare_runs)
    print(
        f"{'bare':26} {bare[len(bare) // 2]:8.1f} req/s median of {len(bare)} runs, from {bare[0]:.1f} to "
        f"{bare[-1]:.1f}"
    )
    fields = (
        f"bare_rps_median={bare[len(bare) // 2]:.0f} bare_rps_min={bare[0]:.0f} bare_rps_max={bare[-1]:.0f} "
    )
    fields += " ".join(
        f"{n}_p50_ms={r['p50']:.1f} {n}_p99_ms={r['p99']:.1f}"
        if n.endswith("_alone")
        else f"{n}_rps={r['rps']:.0f} {n}_share={r['rps'] / r['bare_rps']:.2f} {n}_p99_ms={r['p99']:.1f}"
        for n, r in results.items()
    )
    share = {n: r["rps"] / r["bare_rps"] for n, r in results.items() if "bare_rps" in r}
    shared_against_own = {
        n: share[f"{n}_redis"] / share[n] for n in PATHS if f"{n}_redis" in share and n in share
    }
    for n, ratio in shared_against_own.items():
        print(f"{n + '_redis':26} {ratio:6.2f} of the in-process cache's share")
    fields += "".join(f" {n}_redis_vs_inprocess={ratio:.2f}" for n, ratio in shared_against_own.items())
    print(f"RESULT bench=api {fields} service_peak_rss_mb={memory:.0f}")


if __name__ == "__main__":
    main()
