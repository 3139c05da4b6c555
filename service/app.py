"""The application factory."""
import os
from pathlib import Path

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine

from .api import articles, health, outlets, quotes, speakers
from .api.errors import ProblemSchema, register_error_handlers
from .config import from_environment
from .extensions import api, db, migrate
from .migrations_state import include_object

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def create_app(config: dict | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True, instance_path=os.environ.get("QUOTEDB_INSTANCE_PATH"))
    app.config.from_mapping(from_environment(app.instance_path))
    app.config.from_mapping(config or {})
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///"):
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(MIGRATIONS), render_as_batch=True, include_object=include_object)
    api.ERROR_SCHEMA = ProblemSchema
    api.init_app(app)
    for blueprint in (speakers.blp, quotes.blp, outlets.blp, articles.blp):
        api.register_blueprint(blueprint)
    app.register_blueprint(health.blp)
    app.before_request(articles.require_json)
    register_error_handlers(app)
    return app


@event.listens_for(Engine, "connect")
def _sqlite_foreign_keys(dbapi_connection, _record) -> None:
    """SQLite enforces foreign keys only when asked, per connection."""
    if dbapi_connection.__class__.__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()
