"""The quotedb command line: extract, evaluate, calibrate, db, load, serve.

Exit codes: 0 done; 1 some inputs failed (each is reported, the others were processed); 2 a usage error
(an unknown option, a path that does not exist); 3 the database cannot be used (unreachable, no schema,
a schema older than the code), said in one line with what to do.
"""

import json
import os
import sys
from pathlib import Path

import click
from flask.cli import ScriptInfo, with_appcontext
from flask_migrate.cli import db as db_commands
from sqlalchemy.exc import SQLAlchemyError

from .cli_corrections import reextract, token_commands
from .sources import ArticleError, find_sources, read_sources

EXTRACT_BATCH = 64
DATABASE_PROBLEM = 3


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
        ctx.exit(DATABASE_PROBLEM)


@click.group(cls=QuotedbGroup)
@click.pass_context
def main(ctx) -> None:
    """quotedb: who said what, to whom, and where."""
    ctx.obj = ScriptInfo(create_app=_create_app)  # the app for the commands that need one (and for `db`)


main.add_command(db_commands)
main.add_command(token_commands)
main.add_command(reextract)


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
                click.echo(f"error: {item}", err=True)
                failed += 1
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
    if failed:
        sys.exit(1)


def _predict(gold: dict) -> dict[str, list[dict]]:
    from .extraction import extract_many

    articles = [a for a in gold["articles"] if a.get("text") is not None]
    results = extract_many([a["text"] for a in articles])
    return {a["file"]: [q.to_dict() for q in found.quotes] for a, found in zip(articles, results)}


def _load_gold_or_exit(path: str) -> dict:
    from .evaluation import load_gold

    try:
        return load_gold(path)
    except (OSError, ValueError) as error:
        raise click.ClickException(str(error)) from None


@main.command()
@click.argument("gold_files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--errors", "show_errors", default=0, show_default=True, help="List this many errors at threshold 0.3."
)
@click.option(
    "--predictions",
    type=click.Path(dir_okay=False, writable=True),
    help="Also write the predictions as JSONL.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the figures as one JSON object as well.")
@click.option(
    "--speakers",
    is_flag=True,
    help="Also load the articles into a scratch database through the loader "
    "and print how clean its speaker table is.",
)
@click.option(
    "--list-speakers", is_flag=True, help="With --speakers: list every speaker row and its gold name."
)
@click.option(
    "--stored",
    type=click.Path(dir_okay=False, writable=True),
    help="With --speakers: write the stored quotes as JSONL ({file, start, end, speaker_id, speaker}).",
)
def evaluate(gold_files, show_errors, predictions, as_json, speakers, list_speakers, stored) -> None:
    """Run the engine over quote-gold/1 files and print precision, recall, F1 and speaker accuracy for
    each: judge a change on every set at once."""
    if len(gold_files) > 1 and (predictions or stored):
        raise click.UsageError("--predictions and --stored take one gold file at a time")
    for gold_file in gold_files:
        if len(gold_files) > 1:
            click.echo(f"== {Path(gold_file).name}")
        _evaluate_one(gold_file, show_errors, predictions, as_json, speakers, list_speakers, stored)


def _evaluate_one(gold_file, show_errors, predictions, as_json, speakers, list_speakers, stored) -> None:
    from .evaluation import THRESHOLDS, score

    gold = _load_gold_or_exit(gold_file)
    predicted = _predict(gold)
    if predictions:
        with open(predictions, "w", encoding="utf-8") as handle:
            for name, quotes in predicted.items():
                handle.write(json.dumps({"file": name, "quotes": quotes}, ensure_ascii=False) + "\n")
    figures = {}
    for threshold in THRESHOLDS:
        result = score(gold, predicted, threshold)
        figures[str(threshold)] = result.summary()
        click.echo(result.line())
        if threshold == THRESHOLDS[0]:
            for error in result.errors[:show_errors]:
                click.echo("   | " + " | ".join(str(part) for part in error))
    if speakers:
        table = _speaker_table(gold, stored)
        click.echo(table.line())
        for mark, name, gold_name in table.listing if list_speakers else ():
            click.echo(f"  {mark:4} {name!r:45} gold={gold_name!r}")
        figures["speakers"] = {k: v for k, v in vars(table).items() if k != "listing"}
    if as_json:
        click.echo(json.dumps(figures))


def _speaker_table(gold: dict, stored_path: str | None = None):
    """Load the gold articles through the real loader into a scratch SQLite database and measure its
    speakers."""
    import tempfile

    from flask_migrate import upgrade

    from . import create_app
    from .app import MIGRATIONS
    from .evaluation import speaker_table
    from .extensions import db
    from .store.loader import load_paths
    from .store.models import Article, Quote, Speaker

    with tempfile.TemporaryDirectory(prefix="quotedb-evaluate-") as scratch:
        folder = Path(scratch, "articles")
        folder.mkdir()
        for article in gold["articles"]:
            if article.get("text") is not None:
                (folder / Path(article["file"]).name).with_suffix(".txt").write_text(
                    article["text"], encoding="utf-8"
                )
        app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{scratch}/scratch.sqlite3"})
        with app.app_context():
            upgrade(directory=MIGRATIONS)
            summary = load_paths([folder])
            for _, reason in summary.failed:
                click.echo(f"failed: {reason}", err=True)
            click.echo(f"loaded through the loader: {summary.line()}")
            stored = db.session.execute(
                db.select(Article.source_name, Quote.start, Quote.end, Speaker.id, Speaker.name)
                .join(Quote.article)
                .join(Quote.speaker)
            ).all()
            db.engine.dispose()
    if stored_path:
        with open(stored_path, "w", encoding="utf-8") as handle:
            for file, start, end, speaker_id, name in stored:
                handle.write(
                    json.dumps(
                        {"file": file, "start": start, "end": end, "speaker_id": speaker_id, "speaker": name},
                        ensure_ascii=False,
                    )
                    + "\n"
                )
    return speaker_table(gold, [tuple(row) for row in stored])


@main.command()
@click.argument("gold_files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
def calibrate(gold_file) -> None:
    """Print each extraction rule's smoothed precision on a quote-gold/1 file (the confidence table)."""
    from .evaluation import score

    gold = _load_gold_or_exit(gold_file)
    result = score(gold, _predict(gold), 0.3)
    for rule, total in result.rule_total.most_common():
        right = result.rule_right[rule]
        click.echo(f"{rule:40} n {total:5}  right {right:5}  confidence {(right + 1) / (total + 2):.2f}")


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--quiet", is_flag=True, help="No progress bar.")
@click.option(
    "--processes",
    type=click.IntRange(1, 64),
    default=None,
    help="Extraction worker processes [default: 1 below 64 articles, else one per core, at most 4].",
)
@with_appcontext
def load(paths, quiet, processes) -> None:
    """Load articles into the database (idempotent): .txt files (first line the title, NAME.meta.json beside
    them), JSON Lines archives (.jsonl, .jsonl.gz: one article per line with text, title, url, published_at,
    publisher, id), saved web pages (.html, .htm), and folders of them, walked recursively."""
    from tqdm import tqdm

    _schema_ready()
    from .extraction.parallel import default_processes
    from .store.loader import load_paths

    total = find_sources(paths).articles_known  # None with archives: their size is known once read
    with tqdm(total=total, unit="article", disable=quiet or None, file=sys.stderr) as bar:
        # new articles are announced (store/notices.py): cached reads sharing QUOTEDB_REDIS_URL are stale then
        summary = load_paths(
            paths, progress=bar.update, processes=processes or default_processes(total or 64)
        )
    for _, reason in summary.failed:
        click.echo(f"failed: {reason}", err=True)
    for path in summary.skipped:
        click.echo(f"skipped (not .txt, .jsonl, .jsonl.gz, .html or .htm): {path}", err=True)
    click.echo(summary.line())
    if summary.failed:
        sys.exit(1)


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
@with_appcontext
def export_quotes(format_, output, bom, **filters) -> None:
    """Write every matching quotation, with its speaker, outlet and article, as CSV or JSON Lines (streamed
    in id order: flat memory at any size)."""
    from .store.export import lines

    _schema_ready()
    filters = {
        key: value.date() if key in ("since", "until") and value else value for key, value in filters.items()
    }
    out = open(output, "w", encoding="utf-8", newline="") if output else sys.stdout
    try:
        for line in lines({k: v for k, v in filters.items() if v is not None}, format_, bom):
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
