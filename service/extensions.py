from flask import current_app, has_request_context, request
from flask_caching import Cache
from flask_migrate import Migrate
from flask_smorest import Api
from flask_sqlalchemy import SQLAlchemy
from flask_sqlalchemy.session import Session
from sqlalchemy import create_engine, event
from sqlalchemy.orm import DeclarativeBase

READ_METHODS = frozenset({"GET", "HEAD"})


class Base(DeclarativeBase):
    pass


class RequestSession(Session):
    """A read request on PostgreSQL runs on the read engine (read_engine): no BEGIN before the first query, no
    ROLLBACK after the last, no ping before it. Every write (POST, jobs, the loader) keeps its transaction on
    the app's engine."""

    def get_bind(self, mapper=None, clause=None, bind=None, **kwargs):
        engine = super().get_bind(mapper=mapper, clause=clause, bind=bind, **kwargs)
        if engine.dialect.name == "postgresql" and has_request_context() and request.method in READ_METHODS:
            return read_engine(engine)
        return engine


def read_engine(engine):
    """The engine's twin for reads: its own pool of connections opened in autocommit, checked out without the
    pre-ping round trip. Setting autocommit on each checkout and pinging cost more Python than a page's
    statement. A connection the server dropped (a restart) fails the one read that finds it, as a 503 problem
    to retry (errors.py); the pool then replaces every connection it holds from before."""
    if "reads" not in engine.__dict__:
        options = {
            k: v for k, v in current_app.config["SQLALCHEMY_ENGINE_OPTIONS"].items() if k != "pool_pre_ping"
        }
        reads = engine.__dict__["reads"] = create_engine(engine.url, isolation_level="AUTOCOMMIT", **options)
        event.listen(engine, "engine_disposed", lambda _engine: reads.dispose())
    return engine.__dict__["reads"]


db = SQLAlchemy(model_class=Base, session_options={"class_": RequestSession})
migrate = Migrate()
api = Api()
cache = Cache()
