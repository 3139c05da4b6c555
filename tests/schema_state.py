"""What reset_schema (tests/helpers.py) needs to empty a migrated database instead of migrating it down and up
again: a fingerprint of everything the migrations make (tables, columns, indexes, constraints, triggers,
functions and the revision), and the emptying itself."""

from graphlib import TopologicalSorter

from sqlalchemy import inspect, text

SQLITE_SCHEMA = "SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_master ORDER BY type, name"

POSTGRES_SCHEMA = """
WITH ours AS (SELECT oid, relname, relkind FROM pg_class WHERE relnamespace = current_schema()::regnamespace)
SELECT 'relation', concat_ws(' ', relname, relkind) FROM ours
UNION ALL
SELECT 'column', concat_ws(' ', o.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
    a.attidentity, a.attgenerated, pg_get_expr(d.adbin, d.adrelid))
FROM pg_attribute a JOIN ours o ON o.oid = a.attrelid
LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
WHERE a.attnum > 0 AND NOT a.attisdropped
UNION ALL
SELECT 'index', pg_get_indexdef(i.indexrelid) FROM pg_index i JOIN ours o ON o.oid = i.indrelid
UNION ALL
SELECT 'constraint', concat_ws(' ', conrelid::regclass, conname, pg_get_constraintdef(oid))
FROM pg_constraint WHERE connamespace = current_schema()::regnamespace
UNION ALL
SELECT 'trigger', pg_get_triggerdef(t.oid) FROM pg_trigger t JOIN ours o ON o.oid = t.tgrelid
WHERE NOT t.tgisinternal
UNION ALL
SELECT 'function', pg_get_functiondef(p.oid) FROM pg_proc p
WHERE p.pronamespace = current_schema()::regnamespace AND p.prokind IN ('f', 'p')
UNION ALL
SELECT 'type', concat_ws(' ', t.typname, t.typtype) FROM pg_type t
WHERE t.typnamespace = current_schema()::regnamespace AND t.typtype IN ('e', 'd', 'r')
ORDER BY 1, 2
"""

POSTGRES_TABLES = (
    "SELECT oid::regclass::text FROM pg_class WHERE relnamespace = current_schema()::regnamespace "
    "AND relkind IN ('r', 'p') AND relname <> 'alembic_version'"
)
POSTGRES_REFERENCES = (
    "SELECT conrelid::regclass::text, confrelid::regclass::text FROM pg_constraint "
    "WHERE contype = 'f' AND connamespace = current_schema()::regnamespace"
)
POSTGRES_RESTART = (
    "SELECT setval(seqrelid, seqstart, false) FROM pg_sequence JOIN pg_class ON pg_class.oid = seqrelid "
    "WHERE relnamespace = current_schema()::regnamespace"
)


def schema_fingerprint(engine) -> str:
    """Everything the migrations made in this database, as text: equal texts, equal schemas."""
    with engine.connect() as connection:
        query = SQLITE_SCHEMA if engine.dialect.name == "sqlite" else POSTGRES_SCHEMA
        rows = [" ".join(map(str, row)) for row in connection.execute(text(query))]
        if inspect(connection).has_table("alembic_version"):
            revisions = connection.execute(text("SELECT version_num FROM alembic_version")).scalars()
            rows += [f"revision {revision}" for revision in revisions]
        connection.rollback()
    return "\n".join(rows)


def empty_tables(engine) -> None:
    """Delete every row but the revision and restart every counter, as a fresh migration leaves them."""
    if engine.dialect.name == "sqlite":
        _empty_sqlite(engine)
    else:
        _empty_postgres(engine)


def _empty_sqlite(engine) -> None:
    connection = engine.raw_connection()  # the driver's own: foreign_keys is set between transactions only
    try:
        cursor = connection.cursor()
        objects = cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'").fetchall()
        virtual = [name for name, sql in objects if sql and sql.upper().startswith("CREATE VIRTUAL TABLE")]
        plain = [
            name
            for name, _ in objects
            if name not in virtual
            and name != "alembic_version"
            and not name.startswith("sqlite_")
            and not any(name.startswith(f"{v}_") for v in virtual)  # a full-text table's own storage
        ]
        connection.commit()
        cursor.execute("PRAGMA foreign_keys=OFF")  # rows go in any order
        for name in plain:  # the search table's triggers take each deleted quote out of its index
            cursor.execute(f'DELETE FROM "{name}"')
        for name in virtual:
            cursor.execute(f'INSERT INTO "{name}"("{name}") VALUES (\'delete-all\')')
        for name, _ in objects:
            if name in ("sqlite_sequence", "sqlite_stat1", "sqlite_stat4"):
                cursor.execute(f"DELETE FROM {name}")
        connection.commit()
        cursor.execute("PRAGMA foreign_keys=ON")
    finally:
        connection.close()


def _empty_postgres(engine) -> None:
    # DELETE, referencing tables first: on a few rows it takes milliseconds where TRUNCATE of ~20 tables takes
    # half a second (a new file for each table and index)
    with engine.begin() as connection:
        order = TopologicalSorter(
            {table: set() for table in connection.execute(text(POSTGRES_TABLES)).scalars()}
        )
        for referencing, referenced in connection.execute(text(POSTGRES_REFERENCES)):
            if referencing != referenced:  # a table's rows referencing its own go with it in one statement
                order.add(referenced, referencing)
        for table in order.static_order():
            connection.exec_driver_sql(f"DELETE FROM {table}")
        connection.execute(text(POSTGRES_RESTART)).all()
