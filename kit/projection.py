"""Read models: SQL tables built from a service's own event log, rebuildable at any time.

A projector reads the notification log from its recorded position and applies each domain event
to its tables; the tables and the position change in one transaction, so a crash never applies an
event twice or skips one.

Writes are batched. Handlers write through `insert_or_ignore` and `update_row`, which a
`RowWriter` holds back and sends as one executemany per statement shape when the batch ends (or
sooner, when a later statement could observe them); any other statement a handler runs goes out
at once, after whatever was held back. The result is the one the statements would have had one
by one.

A rebuild builds the read models anew beside the live ones (a schema of their own on PostgreSQL,
an attached database on SQLite) and switches them in one transaction, so it is safe while the
system runs: readers see the old tables until the switch, the new ones after it.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import datetime as dt
import functools
import io
import itertools
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eventsourcing.persistence import ApplicationRecorder, Mapper
from eventsourcing.utils import resolve_topic
from sqlalchemy import Connection, Engine, Index, MetaData, Table, UniqueConstraint, bindparam, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.schema import CreateIndex, CreateTable

from kit import logs, tracing
from kit.database import create_tables
from kit.positions import PositionStore

Apply = Callable[[Connection, Any], None]
Progress = Callable[[int, int], None]
"""Told (events replayed so far, events to replay in all) as a rebuild goes."""


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
        batch_size: int = 1000,
    ) -> None:
        self.name = f"projection:{name}"
        self.recorder = recorder
        self.mapper = mapper
        self.engine = engine
        self.metadata = metadata
        self.apply = apply
        self.positions = positions
        self.batch_size = batch_size
        self.position = 0
        """The log position the read models had reached when this process last caught them up."""
        # A projection that says which event classes it handles: the others are not even decoded.
        handled = getattr(apply, "handled", None)
        self._wanted: Callable[[str], bool] | None = _topic_filter(handled) if handled is not None else None
        create_tables(metadata, engine)

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
                if notifications:
                    self._apply_all(conn, notifications)
                    position = notifications[-1].id
                    self.positions.set(self.name, position, conn)
            self.position = position
            total += len(notifications)
            batches += 1
            if len(notifications) < self.batch_size:
                break
            time.sleep(0)
        return total

    def lag(self) -> int:
        """How many notifications the read models are behind the log."""
        return max(0, (self.recorder.max_notification_id() or 0) - self.positions.get(self.name))

    def _apply_all(
        self,
        conn: Connection,
        notifications: Any,
        inserted: dict[str, set[Any]] | None = None,
        before_other_statements: Callable[[], None] | None = None,
    ) -> None:
        writer = RowWriter(conn, inserted, before_other_statements)
        wanted = self._wanted
        if not isinstance(self.mapper, tracing.CorrelatingMapper):
            to_domain_event = self.mapper.to_domain_event
            for notification in notifications:
                if wanted is None or wanted(notification.topic):
                    self.apply(writer, to_domain_event(notification))  # type: ignore[arg-type]
            writer.flush()
            return
        # Each event is applied under the correlation and causation stored with it: a read model
        # may keep them (notify's notices do), and whatever is logged meanwhile carries them.
        decode = self.mapper.decode
        correlation, causation = logs.correlation_id, logs.causation_id
        for notification in notifications:
            if wanted is None or wanted(notification.topic):
                domain_event, trace = decode(notification)
                tokens = correlation.set(trace.correlation_id), causation.set(trace.causation_id)
                try:
                    self.apply(writer, domain_event)  # type: ignore[arg-type]
                finally:
                    correlation.reset(tokens[0])
                    causation.reset(tokens[1])
        writer.flush()

    def rebuild(self, progress: Progress | None = None, chunk: int = 5000) -> int:
        """Build the read models anew from the whole log beside the live ones, then switch.

        Returns how many notifications were replayed. Live projectors go on meanwhile; they wait
        only for the short switch at the end, which also applies what they applied meanwhile.
        """
        head = self.recorder.max_notification_id() or 0
        inserted: dict[str, set[Any]] = {}  # the new tables start empty: every row in them is ours
        with _shadow(self.engine, self.metadata) as shadow:
            replayed = 0
            position = 0
            for notifications in _read_ahead(self.recorder, chunk):
                with shadow.conn.begin():
                    self._apply_all(shadow.building(), notifications, inserted, shadow.create_deferred_indexes)
                position = notifications[-1].id
                replayed += len(notifications)
                if progress is not None:
                    progress(replayed, max(head, position))
            if self.engine.dialect.name == "postgresql":
                with shadow.conn.begin():
                    shadow.create_deferred_indexes()  # the new tables go live with them, outside the lock
            with shadow.conn.begin():
                self.positions.claim(self.name, shadow.live())  # live projectors wait from here
                while tail := self.recorder.select_notifications(start=position + 1, limit=chunk):
                    self._apply_all(shadow.building(), tail, inserted, shadow.create_deferred_indexes)
                    position = tail[-1].id
                    replayed += len(tail)
                shadow.switch()
                self.positions.set(self.name, position, shadow.live())
        return replayed


def _read_ahead(recorder: Any, chunk: int) -> Iterator[list[Any]]:
    """The log page by page from the start, each page read while the one before is applied: the
    store's driver waits for the disk or the server without the interpreter's lock, so reading
    and projecting overlap instead of taking turns."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="rebuild-read") as reader:
        page = reader.submit(recorder.select_notifications, start=1, limit=chunk)
        while notifications := page.result():
            page = reader.submit(recorder.select_notifications, start=notifications[-1].id + 1, limit=chunk)
            yield notifications


class Handlers:
    """A projection dispatched by event class: `Handlers({Submitted: on_submitted, …}, …)` is its
    `apply` (each table's handler of a class runs, in the tables' order), and tells the projector
    which stored events it need not decode."""

    def __init__(self, *tables: dict[type, Callable[[Connection, Any], None]]) -> None:
        self.handlers: dict[type, list[Callable[[Connection, Any], None]]] = {}
        for table in tables:
            for cls, handler in table.items():
                self.handlers.setdefault(cls, []).append(handler)
        self.handled = frozenset(self.handlers)

    def __call__(self, conn: Connection, domain_event: Any) -> None:
        for handler in self.handlers.get(type(domain_event), ()):
            handler(conn, domain_event)


def _topic_filter(handled: frozenset[type]) -> Callable[[str], bool]:
    """Whether a stored event's topic names a handled class (resolved once per topic, so topics
    registered under an earlier name resolve as the mapper resolves them)."""

    @functools.cache
    def wanted(topic: str) -> bool:
        return resolve_topic(topic) in handled

    return wanted


class _Shadow:
    """Read-model tables being rebuilt beside the live ones, on one connection whose statements
    go to the tables being built or to the live ones (SQLAlchemy's schema translation)."""

    def __init__(self, conn: Connection, live: str | None, building: str, switch: Callable[[], None]) -> None:
        self.conn = conn
        self._live = live
        self._building = building
        self.switch = switch
        self._deferred: list[Index] = []

    def create_tables(self, metadata: MetaData) -> None:
        """The tables with their keys and unique constraints; their other indexes wait until
        the rows are in (building an index once is cheaper than maintaining it row by row)."""
        conn = self.building()
        for table in metadata.sorted_tables:
            conn.execute(CreateTable(table))
            for index in table.indexes:
                if index.unique:
                    conn.execute(CreateIndex(index))
                else:
                    self._deferred.append(index)

    def create_deferred_indexes(self) -> None:
        """Before anything reads the tables being built, and before they go live."""
        if self._deferred:
            conn = self.building()
            for index in self._deferred:
                conn.execute(CreateIndex(index))
            self._deferred.clear()

    def building(self) -> Connection:
        return self.conn.execution_options(schema_translate_map={None: self._building})

    def live(self) -> Connection:
        return self.conn.execution_options(schema_translate_map={None: self._live} if self._live else None)


@contextlib.contextmanager
def _shadow(engine: Engine, metadata: MetaData) -> Iterator[_Shadow]:
    if engine.dialect.name == "postgresql":
        with _postgres_shadow(engine, metadata) as shadow:
            yield shadow
    else:
        with _sqlite_shadow(engine, metadata) as shadow:
            yield shadow


@contextlib.contextmanager
def _postgres_shadow(engine: Engine, metadata: MetaData) -> Iterator[_Shadow]:
    translated = (engine.get_execution_options().get("schema_translate_map") or {}).get(None)
    live = translated or "public"
    building = f"{live}__rebuild"[:63]
    with engine.connect() as conn:
        with conn.begin():
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{building}" CASCADE'))
            conn.execute(text(f'CREATE SCHEMA "{building}"'))

        def switch() -> None:
            shadow.create_deferred_indexes()
            for table in reversed(metadata.sorted_tables):
                conn.execute(text(f'DROP TABLE IF EXISTS "{live}"."{table.name}" CASCADE'))
            for table in metadata.sorted_tables:
                conn.execute(text(f'ALTER TABLE "{building}"."{table.name}" SET SCHEMA "{live}"'))

        shadow = _Shadow(conn, translated, building, switch)
        try:
            with conn.begin():
                shadow.create_tables(metadata)
            yield shadow
        finally:
            with conn.begin():
                conn.execute(text(f'DROP SCHEMA IF EXISTS "{building}" CASCADE'))


@contextlib.contextmanager
def _sqlite_shadow(engine: Engine, metadata: MetaData) -> Iterator[_Shadow]:
    database = engine.url.database or ""
    in_memory = database in ("", ":memory:")
    path = Path(f"{database}.rebuild")
    if not in_memory:
        path.unlink(missing_ok=True)
    with engine.connect() as conn:
        conn.exec_driver_sql("ATTACH DATABASE ? AS rebuild", (":memory:" if in_memory else str(path),))
        # A file thrown away after the switch (or after a crash: the rebuild starts over) needs
        # no journal and no waiting for the disk; the switch itself is an ordinary transaction.
        conn.exec_driver_sql("PRAGMA rebuild.journal_mode=OFF")
        conn.exec_driver_sql("PRAGMA rebuild.synchronous=OFF")
        conn.commit()

        def switch() -> None:
            # One transaction: readers see the old rows until it commits (WAL). The live tables'
            # other indexes are built once over the copied rows instead of row by row.
            for table in reversed(metadata.sorted_tables):
                conn.exec_driver_sql(f'DELETE FROM main."{table.name}"')
            live = shadow.live()
            for table in metadata.sorted_tables:
                rebuilt_after = [index for index in table.indexes if not index.unique and index.name]
                for index in rebuilt_after:
                    conn.exec_driver_sql(f'DROP INDEX IF EXISTS main."{index.name}"')
                conn.exec_driver_sql(f'INSERT INTO main."{table.name}" SELECT * FROM rebuild."{table.name}"')
                for index in rebuilt_after:
                    live.execute(CreateIndex(index))

        shadow = _Shadow(conn, None, "rebuild", switch)
        try:
            with conn.begin():
                shadow.create_tables(metadata)
            yield shadow
        finally:
            shadow.live()
            conn.rollback()
            conn.exec_driver_sql("DETACH DATABASE rebuild")
            conn.commit()
            if not in_memory:
                path.unlink(missing_ok=True)


# -- batched writes ---------------------------------------------------------------------------


@dataclass
class _Pending:
    """What a table has waiting: rows to insert (unless there), and updates keyed by one column."""

    table: Table
    inserts: dict[Any, dict[str, Any]] = field(default_factory=dict)
    update_key: str | None = None
    updates: dict[Any, dict[str, Any]] = field(default_factory=dict)
    key_names: tuple[str, ...] = ()
    by_column: dict[str, dict[Any, Any]] = field(default_factory=dict)  # column → value → insert key

    def __post_init__(self) -> None:
        self.key_names = _primary_key(self.table)

    def insert_with(self, column: str, value: Any) -> dict[str, Any] | None:
        """The held-back insert whose `column` (unique to a row) is `value`, if any."""
        index = self.by_column.get(column)
        if index is None:
            index = self.by_column[column] = {row.get(column): key for key, row in self.inserts.items()}
        key = index.get(value)
        return None if key is None else self.inserts.get(key)

    def insert_key(self, values: dict[str, Any]) -> Any:
        get = values.get
        key = tuple([get(name) for name in self.key_names])
        return key if None not in key else object()  # no key of its own: never a duplicate

    def overlaps_updates(self, values: dict[str, Any]) -> bool:
        """An update held back could change this row if it ran first: the order matters."""
        return self.update_key is not None and values.get(self.update_key) in self.updates


class RowWriter:
    """Holds back a projection's row writes and sends them in executemany batches, in an order
    whose outcome is the one-by-one outcome; looks like the connection to the handlers.

    With `inserted` (a rebuild into empty tables), it also knows every key it has inserted, so an
    update of a row it is about to insert is folded into that row, and an update of a row that
    does not exist yet is the no-op it would have been."""

    def __init__(
        self,
        conn: Connection,
        inserted: dict[str, set[Any]] | None = None,
        before_other_statements: Callable[[], None] | None = None,
    ) -> None:
        self.conn = conn
        self.dialect = conn.dialect
        self._pending: dict[str, _Pending] = {}
        self._inserted = inserted
        self._sent: dict[str, set[Any]] = {}  # keys of rows this writer has sent inserts of
        self._before_other_statements = before_other_statements

    def execute(self, statement: Any, parameters: Any = None) -> Any:
        """Any other statement sees what was written before it: send what is held back first."""
        self.flush()
        if self._before_other_statements is not None:
            self._before_other_statements()
        if parameters is None:
            return self.conn.execute(statement)
        return self.conn.execute(statement, parameters)

    def insert_or_ignore(self, table: Table, values: dict[str, Any]) -> None:
        pending = self._pending_of(table)
        if pending.overlaps_updates(values):
            self._flush(pending)
        key = pending.insert_key(values)
        if self._inserted is not None:
            inserted = self._inserted.setdefault(table.name, set())
            if key in inserted:
                return  # there already: ignored
            inserted.add(key)
        # A second row with the same key would be ignored: the first one stands.
        if key not in pending.inserts:
            pending.inserts[key] = dict(values)
            for column, index in pending.by_column.items():
                index.setdefault(values.get(column), key)

    def update_row(self, table: Table, key: str, key_value: Any, values: dict[str, Any]) -> None:
        pending = self._pending_of(table)
        if self._inserted is not None and _primary_key(table) == (key,) and key not in values:
            row = pending.inserts.get((key_value,))
            # Updates held back come earlier: they must not touch this row, before or after.
            if row is not None and not pending.overlaps_updates(row) and pending.update_key not in values:
                row.update(values)  # the row is about to be inserted: insert it as updated
                for column in pending.by_column.keys() & values.keys():
                    del pending.by_column[column]  # built afresh when next asked
                return
            if (key_value,) not in self._inserted.get(table.name, ()):
                return  # no such row: the update would change nothing
        if pending.update_key not in (None, key) or (pending.update_key and pending.update_key in values):
            self._flush(pending)
        pending.update_key = key
        pending.updates.setdefault(key_value, {}).update(values)

    def pending_row(self, table: Table, key: str, key_value: Any) -> dict[str, Any] | None:
        """The row whose `key` (its primary key, or another column unique to a row) is
        `key_value`, as the writes held back leave it, when it is one they insert: a row inserted
        in this batch that was not there before it. None otherwise: read it from the table."""
        pending = self._pending.get(table.name)
        if pending is None:
            return None
        by_key = pending.key_names == (key,)  # or by another column unique to a row
        row = pending.inserts.get((key_value,)) if by_key else pending.insert_with(key, key_value)
        if row is None or pending.insert_key(row) in self._sent.get(table.name, ()):
            return None  # a row of that key went out before: the table knows what became of it
        current = dict(row)
        if pending.update_key is not None:
            if pending.update_key not in current:
                return None
            held = current[pending.update_key]
            if held is not None:  # `column = NULL` matches no row
                current.update(pending.updates.get(held, {}))
        return current

    def flush(self) -> None:
        for pending in self._pending.values():
            self._flush(pending)

    def _pending_of(self, table: Table) -> _Pending:
        pending = self._pending.get(table.name)
        if pending is None:
            pending = self._pending[table.name] = _Pending(table)
        return pending

    def _flush(self, pending: _Pending) -> None:
        """Inserts first, then updates: every update held back came after every insert held back
        that it could touch (an insert it could touch sends the updates before it)."""
        table, dialect = pending.table, self.dialect.name
        # Into empty tables whose only unique key is the one held back rows are checked against,
        # a row not ignored is a row that can be inserted: a plain INSERT, cheaper on PostgreSQL.
        plain = self._inserted is not None and _only_primary_key_unique(table)
        for columns, rows in _by_shape(pending.inserts.values()):
            if plain and dialect == "postgresql":
                self._copy(table, columns, rows)
            elif plain:
                self._executemany(_insert(table, dialect, columns), rows)
            else:
                self._executemany(_insert_or_ignore(table, dialect, columns), rows)
        if pending.update_key is not None:
            key = pending.update_key
            shaped = ({"_key": key_value, **values} for key_value, values in pending.updates.items())
            for columns, rows in _by_shape(shaped, leave_out="_key"):
                self._executemany(_update(table, key, columns), rows)
        self._sent.setdefault(table.name, set()).update(k for k in pending.inserts if isinstance(k, tuple))
        pending.inserts.clear()
        pending.by_column.clear()
        pending.updates.clear()
        pending.update_key = None

    def _copy(self, table: Table, columns: tuple[str, ...], rows: list[dict[str, Any]]) -> None:
        """PostgreSQL's COPY: the fastest way in for new rows (plain values; others go by INSERT)."""
        if not {type(value) for row in rows for value in row.values()} <= _PLAIN_TYPES:
            self._executemany(_insert(table, "postgresql", columns), rows)
            return
        translate = self.conn.get_execution_options().get("schema_translate_map") or {}
        schema = translate.get(table.schema, table.schema)
        target = f'"{schema}"."{table.name}"' if schema else f'"{table.name}"'
        buffer = io.StringIO("".join(",".join(_csv_value(row[name]) for name in columns) + "\n" for row in rows))
        listed = ", ".join(f'"{name}"' for name in columns)
        cursor = self.conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
        try:
            cursor.copy_expert(f"COPY {target} ({listed}) FROM STDIN WITH (FORMAT csv, NULL '\\N')", buffer)
        finally:
            cursor.close()

    def _executemany(self, statement: Any, rows: list[dict[str, Any]]) -> None:
        """On SQLite, straight to the driver: the statement compiled once, the rows as tuples
        (SQLAlchemy would build each row's parameters anew; the values are plain already). On
        PostgreSQL, through SQLAlchemy, whose executemany sends multi-row VALUES and batches."""
        if self.dialect.name != "sqlite":
            self.conn.execute(statement, rows)
            return
        translate = self.conn.get_execution_options().get("schema_translate_map")
        sql, order = _sqlite_compiled(statement, tuple(sorted(translate.items(), key=str)) if translate else ())
        if not all(name in rows[0] for name in order):  # a column default to fill in: SQLAlchemy does it
            self.conn.execute(statement, rows)
            return
        params = [tuple([row[name] for name in order]) for row in rows]
        if set(map(type, itertools.chain.from_iterable(params))) <= _PLAIN_TYPES:
            self.conn.exec_driver_sql(sql, params)
        else:  # dates, decimals…: SQLAlchemy's types convert them
            self.conn.execute(statement, rows)


_PLAIN_TYPES = {str, int, float, bool, type(None)}


def _csv_value(value: Any) -> str:
    """A value as PostgreSQL's CSV COPY reads it: every string quoted, so that the unquoted \\N
    can only mean NULL."""
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, str):
        return '"' + value.replace('"', '""') + '"'
    return repr(value)


@functools.cache
def _sqlite_compiled(statement: Any, translate: tuple[tuple[Any, Any], ...]) -> tuple[str, tuple[str, ...]]:
    compiled = statement.compile(
        dialect=sqlite.dialect(), schema_translate_map=dict(translate) or None, render_schema_translate=bool(translate)
    )
    return compiled.string, tuple(compiled.positiontup or ())


def _by_shape(rows: Any, leave_out: str = "") -> list[tuple[tuple[str, ...], list[dict[str, Any]]]]:
    """Rows grouped by the columns they set (in the order a handler names them, the same each time)."""
    shapes: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for row in rows:
        shape = tuple(row)
        group = shapes.get(shape)
        if group is None:
            group = shapes[shape] = []
        group.append(row)
    return [(tuple(c for c in shape if c != leave_out), group) for shape, group in shapes.items()]


def insert_or_ignore(conn: Connection | RowWriter, table: Table, **values: Any) -> None:
    """Insert a row unless its key is there already: replaying an event twice changes nothing."""
    if isinstance(conn, RowWriter):
        conn.insert_or_ignore(table, values)
    else:
        conn.execute(_insert_or_ignore(table, conn.dialect.name, tuple(sorted(values))), values)


def pending_row(conn: Connection | RowWriter, table: Table, key: str, key_value: Any) -> dict[str, Any] | None:
    """A row this batch inserts, as its held-back writes leave it (see `RowWriter.pending_row`)."""
    return conn.pending_row(table, key, key_value) if isinstance(conn, RowWriter) else None


def update_row(conn: Connection | RowWriter, table: Table, key: str, key_value: Any, **values: Any) -> None:
    """Set `values` on the row whose `key` column is `key_value`."""
    if isinstance(conn, RowWriter):
        conn.update_row(table, key, key_value, values)
    else:
        conn.execute(_update(table, key, tuple(sorted(values))), {"_key": key_value, **values})


# Statements are built once per shape. SQLite's INSERT OR IGNORE is cached compiled by SQLAlchemy;
# PostgreSQL's ON CONFLICT DO NOTHING cannot be (SQLAlchemy 2.0), which matters little once its
# rows go in one executemany: it is compiled once per batch, not once per row.


@functools.cache
def _primary_key(table: Table) -> tuple[str, ...]:
    return tuple(column.name for column in table.primary_key.columns)


@functools.cache
def _only_primary_key_unique(table: Table) -> bool:
    unique_constraints = [c for c in table.constraints if isinstance(c, UniqueConstraint)]
    return not unique_constraints and not any(index.unique for index in table.indexes)


@functools.cache
def _insert(table: Table, dialect_name: str, columns: tuple[str, ...]) -> Any:
    return table.insert().values({c: bindparam(c) for c in columns})


@functools.cache
def _insert_or_ignore(table: Table, dialect_name: str, columns: tuple[str, ...]) -> Any:
    values: dict[str, Any] = {c: bindparam(c) for c in columns}
    if dialect_name == "sqlite":
        return sqlite.insert(table).values(values).prefix_with("OR IGNORE")
    return postgresql.insert(table).values(values).on_conflict_do_nothing()


@functools.cache
def _update(table: Table, key: str, columns: tuple[str, ...]) -> Any:
    return table.update().where(table.c[key] == bindparam("_key")).values({c: bindparam(c) for c in columns})


def utc_iso(value: dt.datetime) -> str:
    """Times in read models: UTC ISO strings, which sort as they should on every database."""
    return value.astimezone(dt.UTC).isoformat()
