"""The application factory: the one place the rooms are put together (docs/architecture.md)."""

import os
from pathlib import Path

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine

from . import web
from .api import (
    articles,
    changes,
    corrections,  # its routes join the speaker and quote blueprints when it is imported
    docs_assets,
    health,
    jobs,
    loads,
    outlets,
    quotations,
    quotes,
    speakers,
)
from .config import engine_options, from_environment
from .extensions import api, db, migrate
from .http.cache import install_response_cache
from .http.errors import ProblemSchema, document_problem_responses, register_error_handlers
from .http.guards import install_guards
from .http.ratelimit import install_rate_limit
from .http.requestlog import install_request_log
from .store.migrations_state import include_object

MIGRATIONS = os.environ.get("QUOTEDB_MIGRATIONS") or str(
    Path(__file__).resolve().parent.parent / "migrations"
)


def create_app(config: dict | None = None) -> Flask:
    app = Flask(
        __name__, instance_relative_config=True, instance_path=os.environ.get("QUOTEDB_INSTANCE_PATH")
    )
    app.config.from_mapping(from_environment(app.instance_path))
    app.config.from_mapping(config or {})
    refuse_unsafe_production(app)
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = engine_options(
        app.config["SQLALCHEMY_DATABASE_URI"], app.config["SQLALCHEMY_ENGINE_OPTIONS"]
    )
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///"):
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)

    db.init_app(app)
    migrate.init_app(app, db, directory=MIGRATIONS, render_as_batch=True, include_object=include_object)
    api.ERROR_SCHEMA = ProblemSchema
    api.init_app(app)
    for blueprint in (
        speakers.blp,
        quotes.blp,
        outlets.blp,
        articles.blp,
        jobs.blp,
        loads.blp,
        quotations.blp,
        changes.blp,
    ):
        api.register_blueprint(blueprint)
    document_problem_responses(api)
    articles.document_text_or_html(api)
    corrections.document_split(api)
    app.register_blueprint(health.blp)
    app.register_blueprint(docs_assets.blp)
    app.register_blueprint(web.blp)
    install_request_log(app)
    install_rate_limit(app, app.config["QUOTEDB_REDIS_URL"])
    install_guards(app, api)
    install_response_cache(app, app.config["QUOTEDB_REDIS_URL"])
    register_error_handlers(app, page=web.error_page)  # problems under /api/ and /health, pages elsewhere
    return app


def refuse_unsafe_production(app: Flask) -> None:
    """In production (QUOTEDB_ENV=production) writes must be protected: no token, no start."""
    if app.config.get("QUOTEDB_ENV") == "production" and not app.config.get("QUOTEDB_API_TOKEN"):
        raise RuntimeError("QUOTEDB_ENV=production needs QUOTEDB_API_TOKEN set; refusing to start without it")


@event.listens_for(Engine, "connect")
def _sqlite_foreign_keys(dbapi_connection, _record) -> None:
    """SQLite enforces foreign keys only when asked, per connection; WAL lets reads run beside a write."""
    if dbapi_connection.__class__.__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")  # readers never wait for a loader, nor it for them
        cursor.close()
