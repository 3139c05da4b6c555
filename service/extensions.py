from flask import has_request_context, request
from flask_caching import Cache
from flask_migrate import Migrate
from flask_smorest import Api
from flask_sqlalchemy import SQLAlchemy
from flask_sqlalchemy.session import Session
from sqlalchemy.orm import DeclarativeBase

READ_METHODS = frozenset({"GET", "HEAD"})


class Base(DeclarativeBase):
    pass


class RequestSession(Session):
    """A read request on PostgreSQL runs its statements in autocommit: no BEGIN before the first query and no
    ROLLBACK after the last, two of a cached-miss page's four round trips. Reads need no transaction of
    their own; every write (POST, jobs, the loader) keeps its transaction."""

    def get_bind(self, mapper=None, clause=None, bind=None, **kwargs):
        engine = super().get_bind(mapper=mapper, clause=clause, bind=bind, **kwargs)
        if engine.dialect.name == "postgresql" and has_request_context() and request.method in READ_METHODS:
            return _autocommit(engine)
        return engine


def _autocommit(engine):
    if "autocommit" not in engine.__dict__:
        engine.__dict__["autocommit"] = engine.execution_options(isolation_level="AUTOCOMMIT")
    return engine.__dict__["autocommit"]


db = SQLAlchemy(model_class=Base, session_options={"class_": RequestSession})
migrate = Migrate()
api = Api()
cache = Cache()
