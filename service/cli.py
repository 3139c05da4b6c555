"""The quotedb command line: extract, evaluate, calibrate, db, load, serve.

Exit codes: 0 done; 1 some inputs failed (each is reported, the others were processed); 2 a usage error
(an unknown option, a path that does not exist); 3 the database cannot be used (unreachable, no schema,
a schema older than the code), said in one line with what to do.
"""

import json
import os
import sys

import click
from flask.cli import ScriptInfo, with_appcontext
from flask_migrate.cli import db as db_commands
from sqlalchemy.exc import SQLAlchemyError

from .cli_corrections import reextract, token_commands
from .cli_loads import loads_command, report
from .scoring_commands import calibrate, evaluate
from .sources import ArticleError, find_sources, read_sources

EXTRACT_BATCH = 64
DATABASE_PROBLEM = 3
KEPT_FAILURES = 1000  # errors printed by extract; past that only counted (as the loader's summary does)


def _create_app():
    from . import create_app

    return create_app()


class QuotedbGroup(click.Group):
    """quotedb's commands, with quotedb's options only; a database that cannot be used ends the command with
    one plain line saying what to do, never a traceback."""

    def invoke(self, ctx):
        from .store.migrations_state import DatabaseProblem, shown_url, unreachable

        try:
            return super().invoke(ctx)
        except DatabaseProblem as problem:
            click.echo(f"error: {problem}", err=True)
        except SQLAlchemyError as error:
            url = os.environ.get("DATABASE_URL") or "(the embedded SQLite default)"
            click.echo(f"error: {unreachable(shown_url(url) if '://' in url else url, error)}", err=True)
        except ImportError as error:  # a URL of a database whose driver is not installed (mysql://…)
            url = shown_url(os.environ.get("DATABASE_URL") or "")
            click.echo(
                f"error: {url}: no driver for this database is installed ({error.name or error}); quotedb "
                "runs on SQLite (sqlite:///PATH) and PostgreSQL (postgresql://…)",
                err=True,
            )
        ctx.exit(DATABASE_PROBLEM)


@click.group(cls=QuotedbGroup)
@click.pass_context
def main(ctx) -> None:
    """quotedb: who said what, to whom, and where."""
    ctx.obj = ScriptInfo(create_app=_create_app)  # the app for the commands that need one (and for `db`)


main.add_command(db_commands)
main.add_command(token_commands)
main.add_command(reextract)
main.add_command(evaluate)
main.add_command(calibrate)
main.add_command(loads_command)


def _schema_ready() -> None:
    """The database answers and is at the latest migration (the embedded default is upgraded by itself)."""
    from .store.migrations_state import ensure_schema

    done = ensure_schema(upgrade_by_itself=not os.environ.get("DATABASE_URL"))
    if done:
        click.echo(done, err=True)


@main.command(name="extract")
@click.argument("files", nargs=-1, required=True, type=click.Path())
@click.option("--jsonl", is_flag=True, help="One compact JSON object per line instead of indented JSON.")
@click.option(
    "--processes",
    type=click.IntRange(1, 64),
    default=None,
    help="Extraction worker processes [default: 1 below 64 articles, else one per core, at most 4].",
)
def extract_command(files, jsonl, processes) -> None:
    """Print the quotations in article FILES (.txt, .jsonl[.gz], .html, or folders of them) as JSON, one
    object per article."""
    from .extraction import extract_many
    from .extraction.parallel import default_processes

    sources = find_sources(files)
    processes = processes or default_processes(sources.articles_known or EXTRACT_BATCH)
    articles, failed = read_sources(sources.files), 0
    while True:  # in batches: an archive never sits in memory whole
        batch = []
        for item in articles:
            if isinstance(item, ArticleError):
                failed += 1
                if failed <= KEPT_FAILURES:
                    click.echo(f"error: {item}", err=True)
                continue
            batch.append(item)
            if len(batch) == EXTRACT_BATCH:
                break
        if not batch:
            break
        for article, found in zip(batch, extract_many([a.text for a in batch], processes=processes)):
            record = {
                "file": article.source_name,
                "title": found.title,
                "quotes": [q.to_dict() for q in found.quotes],
                "speakers": found.speakers,
            }
            click.echo(json.dumps(record, ensure_ascii=False, indent=None if jsonl else 2))
    for path in sources.skipped:
        click.echo(f"skipped (not .txt, .jsonl, .jsonl.gz, .html or .htm): {path}", err=True)
    if failed > KEPT_FAILURES:
        click.echo(
            f"error: {failed - KEPT_FAILURES:,} more articles failed "
            f"(only the first {KEPT_FAILURES:,} are listed)",
            err=True,
        )
    if failed:
        sys.exit(1)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
@click.option("--quiet", is_flag=True, help="No progress bar.")
@click.option(
    "--processes",
    type=click.IntRange(1, 64),
    default=None,
    help="Extraction worker processes [default: 1 below 64 articles, else one per core, at most 4].",
)
@click.option(
    "--queue", "queued", is_flag=True, help="Stage the articles for `quotedb worker`s (any number, anywhere)."
)
@click.option(
    "--wait", is_flag=True, help="With --queue: show progress until the load is done, then its summary."
)
@click.option(
    "--resume", metavar="ID", help="With --queue: go on with this load (the same command again does too)."
)
@click.option(
    "--window",
    type=click.IntRange(1, 10_000),
    default=16,
    show_default=True,
    help="With --queue: the most batches (of 32 articles) in Redis at once; at least the number of workers.",
)
@click.option(
    "--batch",
    type=click.IntRange(1, 1000),
    default=32,
    show_default=True,
    help="With --queue: articles a batch (a worker's unit of work, stored in one transaction).",
)
@with_appcontext
def load(paths, quiet, processes, queued, wait, resume, window, batch) -> None:
    """Load articles into the database (idempotent): .txt files (first line the title, NAME.meta.json beside
    them), JSON Lines archives (.jsonl, .jsonl.gz: one article per line with text, title, url, published_at,
    publisher, id), saved web pages (.html, .htm), and folders of them, walked recursively."""
    from tqdm import tqdm

    if not paths and not resume:
        raise click.UsageError("Missing argument 'PATHS...'.")
    if (wait or resume) and not queued:
        raise click.UsageError("--wait and --resume go with --queue.")
    _schema_ready()
    if queued:
        from .cli_loads import queued_load

        return queued_load(paths, quiet, wait, resume, window, batch)
    from .extraction.parallel import default_processes
    from .store.loader import load_paths

    total = find_sources(paths).articles_known  # None with archives: their size is known once read
    with tqdm(total=total, unit="article", disable=quiet or None, file=sys.stderr) as bar:
        # new articles are announced (store/notices.py): cached reads sharing QUOTEDB_REDIS_URL are stale then
        summary = load_paths(
            paths, progress=bar.update, processes=processes or default_processes(total or 64)
        )
    report(summary)


@main.command(name="export")
@click.option("--format", "format_", type=click.Choice(["csv", "jsonl"]), default="csv", show_default=True)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write here instead of stdout."
)
@click.option(
    "--bom", is_flag=True, help="CSV: start with a UTF-8 byte order mark (Excel reads the file as UTF-8)."
)
@click.option("--speaker", help="Speaker id, slug, name or alias.")
@click.option("--outlet", help="Outlet spoken to or published in: id, slug, name or alias.")
@click.option("--kind", type=click.Choice(["direct", "indirect", "mixed"]))
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="Articles published on or after this day.")
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), help="Articles published on or before this day.")
@click.option("--min-confidence", type=click.FloatRange(0, 1))
@click.option("-q", "--query", "q", help="Words that must all occur in the quotation.")
@click.option(
    "--quotations",
    "per_quotation",
    is_flag=True,
    help="One row per quotation (the same words across articles) with its counts; takes no filters.",
)
@with_appcontext
def export_quotes(format_, output, bom, per_quotation, **filters) -> None:
    """Write every matching quotation, with its speaker, outlet and article, as CSV or JSON Lines (streamed
    in id order: flat memory at any size)."""
    from .store.export import lines
    from .store.quotation_reads import export_lines

    _schema_ready()
    if per_quotation and any(value is not None for value in filters.values()):
        raise click.UsageError("--quotations exports every quotation: leave out the filters.")
    filters = {
        key: value.date() if key in ("since", "until") and value else value for key, value in filters.items()
    }
    out = open(output, "w", encoding="utf-8", newline="") if output else sys.stdout
    try:
        chosen = {k: v for k, v in filters.items() if v is not None}
        for line in export_lines(format_, bom) if per_quotation else lines(chosen, format_, bom):
            out.write(line)
    finally:
        if output:
            out.close()


@main.command()
@click.option("--burst", is_flag=True, help="Stop when the queue is empty instead of waiting for more jobs.")
@click.option(
    "--heartbeat",
    type=click.IntRange(1, 600),
    default=10,
    show_default=True,
    help="Seconds between a busy worker's heartbeats; a job whose worker misses three is retried elsewhere.",
)
@click.option(
    "--maintenance",
    type=click.IntRange(1, 3600),
    default=30,
    show_default=True,
    help="Seconds between an idle worker's looks for jobs left by workers that died.",
)
@with_appcontext
def worker(burst, heartbeat, maintenance) -> None:
    """Extract the articles submitted as jobs (POST /api/v1/articles over 20,000 characters), from the
    queue in QUOTEDB_REDIS_URL; run as many as you like, on any machines."""
    from flask import current_app

    from .worker import work

    _schema_ready()
    redis_url = current_app.config["QUOTEDB_REDIS_URL"]
    if not redis_url:
        raise click.UsageError(
            "set QUOTEDB_REDIS_URL: without Redis, `quotedb serve` runs jobs in a thread itself"
        )
    work(redis_url, current_app.config["QUOTEDB_REDIS_PREFIX"], burst, heartbeat, maintenance)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64))
@click.option("--dev", is_flag=True, help="Flask's development server with reloading, instead of gunicorn.")
def serve(host, port, workers, dev) -> None:
    """Serve the API under gunicorn (or Flask's development server with --dev)."""
    app = _create_app()
    with app.app_context():
        _schema_ready()
        embedded_jobs = not app.config["QUOTEDB_REDIS_URL"]
        if embedded_jobs and not dev:
            from .store.jobs import requeue_orphans

            if requeue_orphans():
                click.echo("ingest jobs left running by a server that stopped are queued again", err=True)
    if dev:
        _create_app().run(host=host, port=port, debug=True)
        return
    from .serve import run_gunicorn

    run_gunicorn(host, port, workers, resume_jobs=embedded_jobs)


if __name__ == "__main__":
    main()
