"""`quotedb token …` (named tokens with a role) and `quotedb reextract` (the current engine over stored
articles, corrections kept); cli.py adds them to `quotedb`."""

import os
import sys

import click
from flask import current_app
from flask.cli import with_appcontext

from .extensions import db
from .store.models import ROLES


def _schema_ready() -> None:
    """The database answers and is at the latest migration (the embedded default upgrades by itself)."""
    from .store.migrations_state import ensure_schema

    done = ensure_schema(upgrade_by_itself=not os.environ.get("DATABASE_URL"))
    if done:
        click.echo(done, err=True)


@click.group(name="token")
def token_commands() -> None:
    """API tokens: each has a name (the audit's "who") and a role (reader < ingest < editor < admin)."""


@token_commands.command(name="create")
@click.argument("name")
@click.option("--role", type=click.Choice(ROLES), required=True)
@with_appcontext
def create_token_command(name, role) -> None:
    """Make a token; it is printed once, and only its digest is kept."""
    from .store.tokens import TokenError, create_token

    _schema_ready()
    try:
        token = create_token(db.session, name, role)
    except TokenError as error:
        raise click.UsageError(str(error)) from None
    db.session.commit()
    click.echo(token)
    click.echo(f"token {name!r} ({role}) created; it is shown only now", err=True)


@token_commands.command(name="revoke")
@click.argument("name")
@with_appcontext
def revoke_token_command(name) -> None:
    """Revoke a token: it stops working at once."""
    from .store.tokens import revoke_token

    _schema_ready()
    if not revoke_token(db.session, name):
        click.echo(f"error: no token named {name!r}", err=True)
        sys.exit(1)
    db.session.commit()
    click.echo(f"token {name!r} revoked")


@token_commands.command(name="list")
@with_appcontext
def list_tokens_command() -> None:
    """The tokens: name, role, when made (never the tokens themselves)."""
    from .store.tokens import list_tokens

    _schema_ready()
    for token in list_tokens(db.session):
        click.echo(f"{token.name}\t{token.role}\t{token.created_at:%Y-%m-%d %H:%M}")


@click.command()
@click.option(
    "--article", "articles", type=click.IntRange(1), multiple=True, help="Only this article (repeat)."
)
@click.option(
    "--since", type=click.DateTime(["%Y-%m-%d"]), help="Only articles published (else stored) since."
)
@click.option("--processes", type=click.IntRange(1, 64), default=None, help="Extraction worker processes.")
@click.option("--quiet", is_flag=True, help="No progress bar.")
@click.option(
    "--queue", "queued", is_flag=True, help="Put the articles on the Redis job queue for `quotedb worker`s."
)
@with_appcontext
def reextract(articles, since, processes, quiet, queued) -> None:
    """Run the current engine over stored articles again: what the machine wrote is replaced, every
    correction is applied again (those whose quotation is gone are listed). Idempotent; each article is one
    transaction, so an interrupted run is finished by running it again."""
    from tqdm import tqdm

    from .extraction.parallel import default_processes
    from .store.reextraction import articles_to_reextract
    from .store.reextraction import reextract as run

    _schema_ready()
    ids = articles_to_reextract(db.session, list(articles), since.date() if since else None)
    if queued:
        if not current_app.config.get("QUOTEDB_REDIS_URL"):
            raise click.UsageError(
                "--queue needs QUOTEDB_REDIS_URL (the queue `quotedb worker` takes jobs from)."
            )
        from .store.reextraction import enqueue

        jobs = enqueue(current_app, ids)
        click.echo(
            f"articles: {len(ids)} queued for re-extraction in {jobs} jobs; `quotedb worker` runs them"
        )
        return
    with tqdm(total=len(ids), unit="article", disable=quiet or None, file=sys.stderr) as bar:
        summary = run(db.session, ids, processes or default_processes(len(ids)), progress=bar.update)
    for line in summary.lost:
        click.echo(f"lost: {line}", err=True)
    click.echo(summary.line())
