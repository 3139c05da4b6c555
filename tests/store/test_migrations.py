"""The schema exists only through migrations, and the migrations agree with the models."""

import os
import subprocess

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from service.extensions import db
from service.store.migrations_state import include_object, revisions
from tests.helpers import QUOTEDB, make_app

TABLES = {"articles", "outlets", "outlet_aliases", "speakers", "speaker_aliases", "quotes", "ingest_jobs"} | {
    "api_tokens",
    "changes",
    "change_rows",
    "speaker_redirects",
    "quotations",
    "quotation_texts",
    "quotation_shingles",
    "loads",
    "load_batches",
    "quotation_speakers",
    "quotation_outlets",
}


def table_names():
    return {
        t for t in inspect(db.engine).get_table_names() if include_object(None, t, "table", True, None)
    } - {"alembic_version"}


def test_upgrade_from_empty_and_downgrade_to_empty(database_url):
    app = make_app(database_url)
    with app.app_context():
        downgrade(revision="base")
        assert table_names() == set()
        upgrade()
        assert table_names() == TABLES
        current, head = revisions()
        assert current == head is not None
        downgrade(revision="base")
        assert table_names() == set()
        upgrade()


def test_upgrades_started_together_on_an_empty_database_all_succeed(database_url):
    """Each container of `docker compose up` runs `quotedb db upgrade` as it starts (docker/entrypoint.sh)."""
    if not database_url.startswith("postgresql"):
        pytest.skip("compose runs PostgreSQL; SQLite's file lock already lets one writer in at a time")
    app = make_app(database_url)
    with app.app_context():
        downgrade(revision="base")
    env = {**os.environ, "DATABASE_URL": database_url}
    command = [QUOTEDB, "db", "upgrade"]
    upgrades = [subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True) for _ in range(3)]
    errors = [upgrade.communicate(timeout=300)[1] for upgrade in upgrades]
    assert [upgrade.returncode for upgrade in upgrades] == [0, 0, 0], errors
    with app.app_context():
        current, head = revisions()
        assert current == head is not None
        assert table_names() == TABLES


def test_models_and_migrations_agree(database_url):
    app = make_app(database_url)
    with app.app_context():
        downgrade(revision="base")
        upgrade()
        with db.engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"compare_type": True, "include_object": include_object}
            )
            assert compare_metadata(context, db.metadata) == []


def test_text_search_index_is_made_by_the_migrations(database_url):
    app = make_app(database_url)
    with app.app_context():
        downgrade(revision="0001")
        upgrade()
        inspector = inspect(db.engine)
        if db.engine.dialect.name == "sqlite":
            assert "quotes_fts" in inspector.get_table_names()
        else:
            assert "quotes_fts_vector_gin" in {i["name"] for i in inspector.get_indexes("quotes")}
            assert "quotes_fts_vector" in {c["name"] for c in inspector.get_columns("quotes")}


def test_text_search_vector_is_filled_for_existing_quotations_and_taken_back_on_downgrade(database_url):
    if not database_url.startswith("postgresql"):
        pytest.skip("the stored search vector is PostgreSQL's (SQLite searches its FTS5 table)")
    app = make_app(database_url)
    with app.app_context():
        downgrade(revision="base")
        upgrade(revision="0009")
        with db.engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO articles (id, title, text, sha256, created_at) "
                    "VALUES (1, 'T', 'x', 'a', now())"
                )
            )
            connection.execute(
                text(
                    "INSERT INTO quotes (article_id, text, kind, start_offset, end_offset, confidence, "
                    "rule, parts) VALUES (1, 'The harbour expansion goes ahead', 'direct', 0, 1, 0.9, "
                    "'test', '[]')"
                )
            )
        upgrade()
        with db.engine.connect() as connection:
            found = connection.scalar(
                text(
                    "SELECT count(*) FROM quotes WHERE quotes_fts_vector @@ "
                    "websearch_to_tsquery('english', 'harbours expansion')"
                )
            )
        assert found == 1
        downgrade(revision="0009")
        indexes = {i["name"] for i in inspect(db.engine).get_indexes("quotes")}
        assert "quotes_fts_gin" in indexes and "quotes_fts_vector_gin" not in indexes
        assert "quotes_fts_vector" not in {c["name"] for c in inspect(db.engine).get_columns("quotes")}
        upgrade()


def test_speaker_statistics_migration_fills_existing_rows(database_url):
    app = make_app(database_url)
    with app.app_context():
        downgrade(revision="base")
        upgrade(revision="0002")
        with db.engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO speakers (id, name, slug, key, kind, descriptors) "
                    "VALUES (1, 'Ann Lee', 'ann-lee', 'ann lee', 'person', '{}')"
                )
            )
            for article, day in ((1, "2024-01-02"), (2, "2024-03-04")):
                connection.execute(
                    text(
                        "INSERT INTO articles (id, title, text, sha256, published_at, created_at) "
                        f"VALUES ({article}, 't', 'text', 'digest{article}', '{day} 10:00:00+00', "
                        f"'2025-01-01 00:00:00+00')"
                    )
                )
                connection.execute(
                    text(
                        "INSERT INTO quotes (article_id, speaker_id, text, kind, start_offset, end_offset, "
                        "confidence, rule) "
                        f"VALUES ({article}, 1, 'q', 'direct', 0, 1, 0.9, 'r')"
                    )
                )
        upgrade()
        with db.engine.connect() as connection:
            count, first, last = connection.execute(
                text("SELECT quote_count, first_seen, last_seen FROM speakers WHERE id = 1")
            ).one()
        assert count == 2 and str(first).startswith("2024-01-02") and str(last).startswith("2024-03-04")
        downgrade(revision="base")
        upgrade()


def test_a_speakers_quotation_ids_are_in_the_speaker_index_on_postgresql(database_url):
    """The speaker page lists a speaker's quotations from the index alone (0011); downgrade takes the id
    out."""
    if database_url.startswith("sqlite"):
        pytest.skip("SQLite indexes hold the row id already")
    app = make_app(database_url)

    def included():
        [index] = [
            i
            for i in inspect(db.engine).get_indexes("quotes")
            if i["name"] == "ix_quotes_speaker_outlet_article"
        ]
        return index.get("dialect_options", {}).get("postgresql_include")

    with app.app_context():
        upgrade()
        downgrade(revision="0010")
        assert not included()
        upgrade()
        assert included() == ["id"]


def test_outlet_quote_count_migration_fills_existing_rows(database_url):
    app = make_app(database_url)
    with app.app_context():
        downgrade(revision="base")
        upgrade(revision="0011")
        with db.engine.begin() as connection:
            connection.execute(
                text("INSERT INTO outlets (id, name, slug, key) VALUES (1, 'Reuters', 'reuters', 'reuters')")
            )
            connection.execute(
                text(
                    "INSERT INTO articles (id, title, text, sha256, created_at) "
                    "VALUES (1, 't', 'text', 'digest1', '2025-01-01 00:00:00+00')"
                )
            )
            for spoke_to in ("1", "1", "NULL"):
                connection.execute(
                    text(
                        "INSERT INTO quotes (article_id, spoke_to_id, text, kind, start_offset, end_offset, "
                        "confidence, rule) "
                        f"VALUES (1, {spoke_to}, 'q', 'direct', 0, 1, 0.9, 'r')"
                    )
                )
        upgrade()
        with db.engine.connect() as connection:
            assert connection.execute(text("SELECT quotes_spoken_to FROM outlets WHERE id = 1")).scalar() == 2
        downgrade(revision="0011")
        upgrade()
