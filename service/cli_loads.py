"""`quotedb load --queue` (the enqueuing side of store/loads.py: read, stage, offer, optionally wait) and
`quotedb loads` (where loads stand); cli.py adds them to `quotedb`, and prints a local load's summary with
`report` too, so both say the same thing."""

import sys
import time

import click
from flask import current_app
from flask.cli import with_appcontext

from .extensions import db

POLL_SECONDS = 0.5
RESUME_SECONDS = 30  # while waiting: offer again what Redis lost (a restart) this often


def report(summary) -> None:
    """A load's summary, as `quotedb load` prints it, queued or not: exit code 1 when any article failed."""
    for _, reason in summary.failed:
        click.echo(f"failed: {reason}", err=True)
    if summary.failed.more:
        listed = len(summary.failed) - summary.failed.more
        click.echo(
            f"failed: {summary.failed.more:,} more articles (only the first {listed:,} are listed)", err=True
        )
    for path in summary.skipped:
        click.echo(f"skipped (not .txt, .jsonl, .jsonl.gz, .html or .htm): {path}", err=True)
    for note in summary.notes:
        click.echo(f"note: {note}", err=True)
    click.echo(summary.line())
    if summary.failed:
        sys.exit(1)


def queued_load(paths, quiet: bool, wait: bool, resume_id: str | None, window: int, batch: int) -> None:
    """Print the load's id at once, read the paths into staged batches (from where an interrupted run
    stopped), and with `wait` follow the workers until the load is done and print its summary."""
    from tqdm import tqdm

    from .store.loads import LoadNotFound, open_load, read_into

    if not current_app.config.get("QUOTEDB_REDIS_URL"):
        raise click.UsageError(
            "--queue needs QUOTEDB_REDIS_URL (the queue `quotedb worker`s take batches from)."
        )
    try:
        load, resumed = open_load(paths, window, resume_id, batch)
    except LoadNotFound as error:
        raise click.UsageError(str(error)) from None
    load_id, read = load.id, load.items_read
    click.echo(f"load {load_id}{' (resumed)' if resumed else ''}")
    sys.stdout.flush()
    with tqdm(unit="article", desc="reading", initial=read, disable=quiet or None, file=sys.stderr) as bar:
        read_into(current_app._get_current_object(), load_id, progress=bar.update)
    if not _redis_answers():
        click.echo(
            "warning: Redis does not answer: the batches wait in the database; run the same command again "
            "once it does",
            err=True,
        )
    if not wait:
        click.echo(f"queued for `quotedb worker`s; `quotedb loads {load_id}` shows progress", err=True)
        return
    try:
        if _workers_listening() == 0:
            click.echo(
                "note: no `quotedb worker` is taking from this queue yet; the load waits until one starts "
                "(same database and QUOTEDB_REDIS_URL)",
                err=True,
            )
        summary = _wait(load_id, quiet)
    except KeyboardInterrupt:
        click.echo(f"\nstopped waiting; the load goes on: `quotedb loads {load_id}` shows progress", err=True)
        sys.exit(130)
    report(summary)


def _ingest_queue():
    """The queue the workers take from, on a connection that gives up after REDIS_TIMEOUT."""
    from .store.jobs import REDIS_TIMEOUT, queue

    config = current_app.config
    return queue(config["QUOTEDB_REDIS_URL"], config["QUOTEDB_REDIS_PREFIX"], REDIS_TIMEOUT)


def _redis_answers() -> bool:
    from .store.jobs import REDIS_ERRORS

    try:
        return bool(_ingest_queue().connection.ping())
    except REDIS_ERRORS:
        return False


def _workers_listening() -> int | None:
    """How many workers take from the queue, None when Redis does not answer."""
    from rq import Worker

    from .store.jobs import REDIS_ERRORS

    try:
        return Worker.count(queue=_ingest_queue())
    except REDIS_ERRORS:
        return None


def _wait(load_id: str, quiet: bool):
    from tqdm import tqdm

    from .store.loads import resume, summarise
    from .store.models import Load

    app = current_app._get_current_object()
    total = db.session.get(Load, load_id).items_read
    offered = time.monotonic()
    with tqdm(total=total, unit="article", desc="stored", disable=quiet or None, file=sys.stderr) as bar:
        while True:
            db.session.rollback()  # a fresh look at what the workers wrote
            load = db.session.get(Load, load_id)
            summary, progress = summarise(load)
            bar.update(progress["items_done"] - bar.n)
            if load.status == "done":
                db.session.rollback()
                return summary
            if time.monotonic() - offered > RESUME_SECONDS:
                resume(app, load_id)
                offered = time.monotonic()
            time.sleep(POLL_SECONDS)


@click.command(name="loads")
@click.argument("load_id", required=False, metavar="[ID]")
@with_appcontext
def loads_command(load_id) -> None:
    """Where queued loads stand: the latest 20, or one load's progress and summary so far."""
    from sqlalchemy import select

    from .store.loads import summarise
    from .store.models import Load

    if load_id is None:
        for load in db.session.scalars(select(Load).order_by(Load.created_at.desc()).limit(20)):
            _, progress = summarise(load)
            click.echo(_progress_line(load, progress))
        return
    load = db.session.get(Load, load_id)
    if load is None:
        click.echo(f"error: no load with id {load_id}", err=True)
        sys.exit(1)
    summary, progress = summarise(load)
    click.echo(_progress_line(load, progress))
    click.echo(summary.line())


def _progress_line(load, progress: dict) -> str:
    batches = progress["batches"]
    waiting = batches["staged"] + batches["queued"] + batches["running"]
    return (
        f"{load.id}\t{load.status}\t{load.created_at:%Y-%m-%d %H:%M}\t"
        f"{progress['items_done']}/{load.items_read} articles done; batches: {batches['done']} done, "
        f"{batches['running']} running, {waiting - batches['running']} waiting, {batches['failed']} failed"
    )
