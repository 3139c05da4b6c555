"""bench/loading.py --queue: a queued load with 1, then 2 `quotedb worker`s, and Redis memory meanwhile."""

import gzip
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from bench.corpus import generate

QUOTEDB = Path(sys.executable).with_name("quotedb")


def queued(args) -> None:
    from flask_migrate import downgrade, upgrade
    from redis import Redis

    from service import create_app
    from service.extensions import db
    from service.store.loads import open_load, read_into, settle, summarise

    redis_url = os.environ.get("QUOTEDB_REDIS_URL")
    if not redis_url:
        sys.exit("set QUOTEDB_REDIS_URL to a Redis database of your own (every key in it is measured)")
    prefix = f"bench-{os.getpid()}:"
    config = {"QUOTEDB_RATE_LIMIT": None, "QUOTEDB_REDIS_URL": redis_url, "QUOTEDB_REDIS_PREFIX": prefix}
    env = {**os.environ, "DATABASE_URL": args.database_url, "QUOTEDB_REDIS_PREFIX": prefix}
    os.environ["DATABASE_URL"] = args.database_url
    engine = args.database_url.split(":", 1)[0].split("+")[0]
    redis = Redis.from_url(redis_url)
    rates, per_cpu = {}, {}
    with tempfile.TemporaryDirectory() as folder:
        archive = Path(folder, "corpus.jsonl.gz")
        text_bytes = 0
        with gzip.open(archive, "wt", encoding="utf-8") as out:
            for i, text in enumerate(generate(args.articles, args.seed)):
                out.write(json.dumps({"id": f"a{i}", "text": text}) + "\n")
                text_bytes += len(text.encode())
        for count in args.workers:
            app = create_app(config)
            with app.app_context():
                downgrade(revision="base")
                upgrade()
                db.session.remove()
            workers = _start_workers(count, env, Path(folder))
            warm = sum(_cpu_seconds(worker.pid) for worker in workers)  # the model loaded: not the load's
            try:
                sampler = _RedisPeak(redis)
                started = time.perf_counter()
                with app.app_context():
                    load, _ = open_load([archive], window=args.window, batch_size=args.batch)
                    read_into(app, load.id)
                    read = time.perf_counter() - started
                    while not settle(load.id):
                        time.sleep(0.2)
                    seconds = time.perf_counter() - started
                    summary, _ = summarise(load)
                    db.session.remove()
                    db.engine.dispose()
                sampler.stop()
            finally:
                for worker in workers:
                    worker.send_signal(signal.SIGTERM)  # RQ's warm shutdown
                cpu = sum(_cpu_seconds(worker.pid) for worker in workers) - warm
                for worker in workers:
                    worker.wait(timeout=120)
            rates[count] = summary.new / seconds
            per_cpu[count] = summary.new / cpu
            print(summary.line())
            print(
                f"RESULT bench=loading_queue engine={engine} workers={count} articles={summary.new} "
                f"quotes={summary.quotes} seconds={seconds:.1f} articles_per_s={rates[count]:.1f} "
                f"read_seconds={read:.1f} batch={args.batch} window={args.window} "
                f"redis_peak_kb={sampler.peak / 1024:.0f} redis_peak_jobs={sampler.jobs} "
                f"archive_kb={archive.stat().st_size / 1024:.0f} "
                f"archive_text_kb={text_bytes / 1024:.0f} "
                f"worker_cpu_s={cpu:.1f} articles_per_worker_cpu_s={per_cpu[count]:.2f} "
                f"loadavg={os.getloadavg()[0]:.2f}",
                flush=True,
            )
    if 1 in rates and 2 in rates:
        print(
            f"RESULT bench=loading_queue_scaling engine={engine} ratio_2_vs_1={rates[2] / rates[1]:.2f} "
            f"cpu_efficiency_2_vs_1={per_cpu[2] / per_cpu[1]:.2f}"
        )


def _start_workers(count: int, env: dict, folder: Path) -> list:
    """`count` workers, each started and its model loaded (RQ logs "Listening on" once it waits for jobs)."""
    logs = [folder / f"worker-{os.getpid()}-{count}-{i}.log" for i in range(count)]
    workers = [
        subprocess.Popen([QUOTEDB, "worker"], env=env, stdout=log.open("w"), stderr=subprocess.STDOUT)
        for log in logs
    ]
    for _ in range(1200):
        if all("Listening on" in log.read_text() for log in logs):
            return workers
        time.sleep(0.1)
    raise SystemExit("the workers did not start: " + logs[0].read_text()[-2000:])


def _cpu_seconds(pid: int) -> float:
    """CPU time of a worker and of the work horses it has waited for (/proc/PID/stat: utime, stime, cutime,
    cstime): what a worker cost, whatever else the machine ran meanwhile."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return sum(int(value) for value in fields[11:15]) / os.sysconf("SC_CLK_TCK")


class _RedisPeak:
    """Every 0.1 s, the memory of every key in the Redis database (MEMORY USAGE), and the peak of the sum."""

    def __init__(self, redis):
        self.redis, self.peak, self.jobs, self._done = redis, 0, 0, threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        while not self._done.wait(0.1):
            keys = list(self.redis.scan_iter(count=1000))
            total = sum(self.redis.memory_usage(key) or 0 for key in keys)
            if total > self.peak:
                self.peak = total
                self.jobs = sum(key.startswith(b"rq:job:") for key in keys)

    def stop(self) -> None:
        self._done.set()
        self._thread.join()
