"""`quotedb evaluate` and `quotedb calibrate`: the engine scored against quote-gold/1 files, as the team's
reference scorer does, and the speaker table a load of them leaves."""

import json
import logging
from pathlib import Path

import click


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


@click.command()
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
        for mark, name, other in table.listing if list_speakers else ():
            # a split line names the gold speaker and the rows holding its quotes
            click.echo(f"  {mark:4} {name!r:45} {'rows' if mark == 'split' else 'gold'}={other!r}")
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
            logging.disable(logging.INFO)  # a scratch database: each migration's line would bury the figures
            try:
                upgrade(directory=MIGRATIONS)
            finally:
                logging.disable(logging.NOTSET)
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


@click.command()
@click.argument("gold_file", type=click.Path(exists=True, dir_okay=False))
def calibrate(gold_file) -> None:
    """Print each extraction rule's smoothed precision on a quote-gold/1 file (the confidence table)."""
    from .evaluation import score

    gold = _load_gold_or_exit(gold_file)
    result = score(gold, _predict(gold), 0.3)
    for rule, total in result.rule_total.most_common():
        right = result.rule_right[rule]
        click.echo(f"{rule:40} n {total:5}  right {right:5}  confidence {(right + 1) / (total + 2):.2f}")
