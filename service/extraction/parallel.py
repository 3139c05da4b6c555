"""Extraction in worker processes, for bulk work (quotedb load and extract over an archive).

Each worker loads the model once and extracts whole articles, sending back only the results. spaCy's
own nlp.pipe(n_process=…) ships every parsed Doc back to the parent instead, which is why it scaled
only 1.2-1.5x on two cores. Workers are spawned (not forked: the loader runs a storing thread, and
forking a threaded process is unsafe) on first use and kept for the life of the process.
"""

import atexit
import math
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor

CHUNKS_PER_WORKER = 2  # a few chunks per worker even out articles of different lengths

_pool: ProcessPoolExecutor | None = None
_pool_size = 0


def default_processes(articles: int) -> int:
    """One process for small jobs (a worker costs seconds to start), else one per core, at most 4."""
    return 1 if articles < 64 else max(1, min(os.cpu_count() or 1, 4))


def extract_in_processes(texts: list[str], processes: int) -> list:
    pool = _worker_pool(processes)
    size = max(1, math.ceil(len(texts) / (processes * CHUNKS_PER_WORKER)))
    chunks = [texts[i : i + size] for i in range(0, len(texts), size)]
    return [extraction for part in pool.map(_extract_chunk, chunks) for extraction in part]


def _extract_chunk(texts: list[str]) -> list:
    from .engine import extract_many

    return extract_many(texts)


def _load_model(parent: int) -> None:
    from .lifeline import die_with_parent
    from .model import load_model

    die_with_parent(
        parent
    )  # a killed load leaves no worker behind (nor, once they are gone, the resource tracker)
    load_model()


def _worker_pool(processes: int) -> ProcessPoolExecutor:
    global _pool, _pool_size
    if _pool is None or _pool_size != processes:
        shutdown_workers()
        _pool = ProcessPoolExecutor(
            processes,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_load_model,
            initargs=(os.getpid(),),
        )
        _pool_size = processes
    return _pool


@atexit.register
def shutdown_workers() -> None:
    global _pool
    if _pool is not None:
        _pool.shutdown(cancel_futures=True)
        _pool = None
