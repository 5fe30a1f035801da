"""SQLAlchemy engines and the eventsourcing environment for one service's store."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import IntegrityError

from kit.settings import Settings

IN_MEMORY_ENV = {"PERSISTENCE_MODULE": "eventsourcing.popo"}


def event_store_env(settings: Settings) -> dict[str, str]:
    """The eventsourcing environment that puts an application's events in the service's database."""
    _ensure_sqlite_folder(settings.database_url)
    if settings.database_schema:
        engine = create_engine(settings.database_url)
        _ensure_schema(engine, settings.database_schema)
        engine.dispose()
    env = {
        "PERSISTENCE_MODULE": "kit.store:Factory",
        "SQLALCHEMY_URL": settings.database_url,
        "CREATE_TABLE": "y",
    }
    if settings.database_schema:
        env["SQLALCHEMY_SCHEMA"] = settings.database_schema
    return env


def create_service_engine(settings: Settings) -> Engine:
    """An engine on the service's own database, for read models and positions.

    Creates the SQLite folder or the PostgreSQL schema when missing, so that a
    fresh checkout and a fresh database both just work.
    """
    url = settings.database_url
    if url.startswith("sqlite"):
        _ensure_sqlite_folder(url)
        engine = create_engine(url, connect_args={"timeout": 30})
        _sqlite_waits_for_writers(engine)
        return engine
    engine = create_engine(url, pool_pre_ping=True)
    schema = settings.database_schema
    if schema:
        _ensure_schema(engine, schema)
        # Tables are declared without a schema; the service's schema is put in here.
        engine = engine.execution_options(schema_translate_map={None: schema})
    return engine


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
