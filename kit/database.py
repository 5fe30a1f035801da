"""SQLAlchemy engines and the eventsourcing environment for one service's store."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path

import eventsourcing.persistence as es
import sqlalchemy.exc
from sqlalchemy import Engine, MetaData, Table, create_engine, event, inspect, text
from sqlalchemy.exc import IntegrityError

from kit.cipher import PREVIOUS_KEYS, cipher_key
from kit.settings import Settings

IN_MEMORY_ENV = {"PERSISTENCE_MODULE": "eventsourcing.popo"}

SCHEMA_SETUP = "SCHEMA_SETUP"
"""`create` (the default): each process creates the schemas and tables it uses when they are missing, as
`make run` and the tests want. `skip`: it creates nothing and refuses to start when a table is missing;
`firesafety schema` (kit.schema) creates them beforehand, as the Kubernetes schema Job does."""


class SchemaMissing(RuntimeError):
    """With `SCHEMA_SETUP=skip`, a table the process needs does not exist yet."""

    def __init__(self, tables: list[str]) -> None:
        super().__init__(f"{SCHEMA_SETUP}=skip and the store lacks {', '.join(tables)}: run `firesafety schema` first")
        self.tables = tables


def creates_schema(environ: Mapping[str, str] | None = None) -> bool:
    """Whether this process creates missing schemas and tables (`SCHEMA_SETUP`, above)."""
    value = (os.environ if environ is None else environ).get(SCHEMA_SETUP, "create").strip().lower() or "create"
    if value not in ("create", "skip"):
        raise ValueError(f"{SCHEMA_SETUP} is {value!r}; expected create or skip")
    return value == "create"


STORE_UNAVAILABLE: tuple[type[Exception], ...] = (
    es.OperationalError,
    es.InterfaceError,
    sqlalchemy.exc.OperationalError,
    sqlalchemy.exc.InterfaceError,
)
"""Errors that say the store could not be reached or was busy (a lock timeout, a restart), not that
the request was wrong: wait and try again; never treat the request as poison."""


def event_store_env(settings: Settings) -> dict[str, str]:
    """The eventsourcing environment that puts an application's events in the service's database."""
    creating = creates_schema()
    _ensure_sqlite_folder(settings.database_url)
    if settings.database_schema and creating:
        engine = create_engine(settings.database_url)
        _ensure_schema(engine, settings.database_schema)
        engine.dispose()
    env = {
        "PERSISTENCE_MODULE": "kit.store:Factory",
        "SQLALCHEMY_URL": settings.database_url,
        # Without creation (SCHEMA_SETUP=skip) a missing table fails the process at its first query.
        "CREATE_TABLE": "y" if creating else "n",
        # Stored event state encrypted at rest (AES-GCM); legacy plaintext rows still read.
        "CIPHER_TOPIC": "kit.cipher:StoreCipher",
        "CIPHER_KEY": cipher_key(settings.cipher_key, settings.var_dir),
    }
    if settings.cipher_previous_keys:
        env[PREVIOUS_KEYS] = settings.cipher_previous_keys
    if settings.database_schema:
        env["SQLALCHEMY_SCHEMA"] = settings.database_schema
    return env


def create_service_engine(settings: Settings) -> Engine:
    """An engine on the service's own database, for read models and positions.

    Creates the SQLite folder or the PostgreSQL schema when missing, so that a
    fresh checkout and a fresh database both just work (not the schema with `SCHEMA_SETUP=skip`).
    """
    return create_store_engine(settings.database_url, settings.database_schema)


def create_store_engine(url: str, schema: str | None) -> Engine:
    """An engine on the database at `url`, its tables in `schema` on PostgreSQL (see above)."""
    if url.startswith("sqlite"):
        _ensure_sqlite_folder(url)
        engine = create_engine(url, connect_args={"timeout": 30})
        _sqlite_waits_for_writers(engine)
        return engine
    # executemany: INSERTs as multi-row VALUES, UPDATEs in pages (psycopg2's execute_batch),
    # instead of one round trip per row.
    engine = create_engine(url, pool_pre_ping=True, executemany_mode="values_plus_batch")
    if schema:
        if creates_schema():
            _ensure_schema(engine, schema)
        # Tables are declared without a schema; the service's schema is put in here.
        engine = engine.execution_options(schema_translate_map={None: schema})
    return engine


SCHEMA_LOCK = 0x46534348  # "FSCH": the advisory lock every process takes to create tables
"""PostgreSQL's `CREATE TABLE` is no `IF NOT EXISTS` under SQLAlchemy's check-first: two processes
starting at once would both see a table missing and the second fail on creating it."""


def create_tables(metadata: MetaData, engine: Engine) -> None:
    """Create the tables of `metadata` that are missing, one process at a time on PostgreSQL.

    With `SCHEMA_SETUP=skip`, create nothing: raise `SchemaMissing` naming the tables not there."""
    missing = missing_tables(metadata.sorted_tables, engine)
    if not missing:
        return
    if not creates_schema():
        raise SchemaMissing(missing)
    if engine.dialect.name != "postgresql":
        # SQLite: another process may create a table between the check and the CREATE; then the
        # next check finds it.
        for attempt in range(5):
            try:
                metadata.create_all(engine)
                return
            except sqlalchemy.exc.OperationalError as error:
                if "already exists" not in str(error) or attempt == 4:
                    raise
    with engine.begin() as conn:
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": SCHEMA_LOCK})
        metadata.create_all(conn)


def missing_tables(tables: Iterable[Table], engine: Engine) -> list[str]:
    """The `tables` not in the store (in the engine's translated schema on PostgreSQL)."""
    translate = engine.get_execution_options().get("schema_translate_map") or {}
    with engine.connect() as conn:
        inspector = inspect(conn)
        missing = []
        for table in tables:
            schema = translate.get(table.schema, table.schema)
            if not inspector.has_table(table.name, schema=schema):
                missing.append(f"{schema}.{table.name}" if schema else table.name)
    return missing


def store_problem(engine: Engine) -> str:
    """'' when the store answers a query, otherwise why not: for the health checks."""
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as error:
        return f"the store does not answer: {type(error).__name__}"
    return ""


def _ensure_schema(engine: Engine, schema: str) -> None:
    try:
        with engine.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
    except IntegrityError:
        pass  # another process created it at the same moment


def _ensure_sqlite_folder(url: str) -> None:
    path = url.split("///", 1)[1] if url.startswith("sqlite") and "///" in url else ""
    if path and path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)


def _sqlite_waits_for_writers(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()
