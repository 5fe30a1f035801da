"""Read models: SQL tables built from a service's own event log, rebuildable at any time.

A projector reads the notification log from its recorded position and applies
each domain event to its tables; the tables and the position change in one
transaction, so a crash never applies an event twice or skips one.
"""

from __future__ import annotations

import datetime as dt
import functools
import time
from collections.abc import Callable
from typing import Any

from eventsourcing.persistence import ApplicationRecorder, Mapper
from sqlalchemy import Connection, Engine, MetaData, Table, bindparam
from sqlalchemy.dialects import postgresql, sqlite

from kit.positions import PositionStore

Apply = Callable[[Connection, Any], None]


class Projector:
    def __init__(
        self,
        name: str,
        recorder: ApplicationRecorder,
        mapper: Mapper[Any],
        engine: Engine,
        metadata: MetaData,
        apply: Apply,
        positions: PositionStore,
        batch_size: int = 500,
    ) -> None:
        self.name = f"projection:{name}"
        self.recorder = recorder
        self.mapper = mapper
        self.engine = engine
        self.metadata = metadata
        self.apply = apply
        self.positions = positions
        self.batch_size = batch_size
        metadata.create_all(engine)

    def catch_up(self, max_batches: int | None = None) -> int:
        """Apply events not yet applied; return how many notifications were read.

        With `max_batches`, stop after that many batches even if more wait, so that a worker
        catching up on a large backlog (after a bulk import) keeps answering in between.
        Between batches the process may switch to other work (`time.sleep(0)` yields under eventlet).
        """
        total = 0
        batches = 0
        while max_batches is None or batches < max_batches:
            with self.engine.begin() as conn:
                position = self.positions.claim(self.name, conn)
                notifications = self.recorder.select_notifications(start=position + 1, limit=self.batch_size)
                for notification in notifications:
                    self.apply(conn, self.mapper.to_domain_event(notification))
                if notifications:
                    self.positions.set(self.name, notifications[-1].id, conn)
            total += len(notifications)
            batches += 1
            if len(notifications) < self.batch_size:
                break
            time.sleep(0)
        return total

    def rebuild(self) -> int:
        """Empty the tables and replay the whole log into them."""
        with self.engine.begin() as conn:
            for table in reversed(self.metadata.sorted_tables):
                conn.execute(table.delete())
            self.positions.set(self.name, 0, conn)
        return self.catch_up()


def insert_or_ignore(conn: Connection, table: Table, **values: Any) -> None:
    """Insert a row unless its key is there already: replaying an event twice changes nothing."""
    conn.execute(_insert_or_ignore(table, conn.dialect.name, tuple(sorted(values))), values)


def update_row(conn: Connection, table: Table, key: str, key_value: Any, **values: Any) -> None:
    """Set `values` on the row whose `key` column is `key_value`."""
    conn.execute(_update(table, key, tuple(sorted(values))), {"_key": key_value, **values})


# Statements are built once per shape: building one costs more than running it on SQLite.


@functools.cache
def _insert_or_ignore(table: Table, dialect_name: str, columns: tuple[str, ...]) -> Any:
    dialect = postgresql if dialect_name == "postgresql" else sqlite
    return dialect.insert(table).values({c: bindparam(c) for c in columns}).on_conflict_do_nothing()


@functools.cache
def _update(table: Table, key: str, columns: tuple[str, ...]) -> Any:
    return table.update().where(table.c[key] == bindparam("_key")).values({c: bindparam(c) for c in columns})


def utc_iso(value: dt.datetime) -> str:
    """Times in read models: UTC ISO strings, which sort as they should on every database."""
    return value.astimezone(dt.UTC).isoformat()
