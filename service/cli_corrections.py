"""`quotedb token …` (named tokens with a role) and `quotedb reextract` (the current engine over stored
articles, corrections kept); cli.py adds them to `quotedb`."""

import os
import sys

import click
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
