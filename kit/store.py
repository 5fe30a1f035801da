"""The event store's persistence: eventsourcing-sqlalchemy, kept in the service's schema, with Core statements.

Two things differ from eventsourcing-sqlalchemy 1.0.1's own process recorder:

- It hands `schema_name` only to the tracking table of a process recorder: its events table lands
  in the database's default schema, where two services would share one `*_events` table name
  space. This recorder puts both tables in the service's schema.
- It reads and writes through the ORM (one mapped object per stored event, a unit of work per
  save, an ORM query per tracking check), which costs more than the statements themselves. This
  recorder runs the same statements as SQLAlchemy Core: events are inserted with one
  executemany that returns their notification ids, the tracking row is advanced with one
  conditional UPDATE, and reads build `Notification`/`StoredEvent` tuples straight from rows.
  Transactions, the table lock on PostgreSQL (notification order = commit order), the NOTIFY
  after each insert and the error classes are the library's own.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any
from uuid import UUID

import sqlalchemy.exc
from eventsourcing.persistence import IntegrityError, Notification, StoredEvent, Tracking
from eventsourcing_sqlalchemy.datastore import SQLAlchemyDatastore, exception_classes, transactions
from eventsourcing_sqlalchemy.factory import SQLAlchemyFactory
from eventsourcing_sqlalchemy.recorders import SQLAlchemyApplicationRecorder, SQLAlchemyProcessRecorder
from sqlalchemy import Connection, bindparam, func, insert, select, update
from sqlalchemy.orm import Session

from kit.cipher import CipherKeyError
from kit.database import SchemaMissing, creates_schema, missing_tables


class SchemaProcessRecorder(SQLAlchemyProcessRecorder):
    def __init__(
        self,
        datastore: SQLAlchemyDatastore,
        *,
        events_table_name: str,
        tracking_table_name: str,
        schema_name: str | None = None,
    ) -> None:
        SQLAlchemyApplicationRecorder.__init__(
            self, datastore, events_table_name=events_table_name, schema_name=schema_name
        )
        self.tracking_table_name = tracking_table_name
        self.tracking_record_cls = datastore.define_record_class(
            cls_name="NotificationTrackingRecord",
            table_name=tracking_table_name,
            schema_name=schema_name,
            base_cls=datastore.base_notification_tracking_record_cls,
        )
        self.tracking_table: Any = self.tracking_record_cls.__table__
        self._build_statements()

    def _build_statements(self) -> None:
        events: Any = self.events_record_cls.__table__
        tracking = self.tracking_table
        self._insert = insert(events).returning(events.c.id, sort_by_parameter_order=True)
        self._select_notifications = (
            select(events.c.id, events.c.originator_id, events.c.originator_version, events.c.topic, events.c.state)
            .where(events.c.id >= bindparam("start"))
            .order_by(events.c.id)
            .limit(bindparam("limit"))
        )
        self._select_notifications_until = (
            select(events.c.id, events.c.originator_id, events.c.originator_version, events.c.topic, events.c.state)
            .where(events.c.id >= bindparam("start"), events.c.id <= bindparam("stop"))
            .order_by(events.c.id)
            .limit(bindparam("limit"))
        )
        self._max_notification_id = select(func.max(events.c.id))
        aggregate_events = select(
            events.c.originator_id, events.c.originator_version, events.c.topic, events.c.state
        ).order_by(events.c.originator_version)
        self._select_aggregate = aggregate_events.where(events.c.originator_id == bindparam("originator"))
        self._select_aggregate_after = aggregate_events.where(
            events.c.originator_id == bindparam("originator"), events.c.originator_version > bindparam("after")
        )
        self._max_tracking_id = select(tracking.c.notification_id).where(
            tracking.c.application_name == bindparam("upstream")
        )
        self._advance_tracking = (
            update(tracking)
            .where(
                tracking.c.application_name == bindparam("upstream"),
                tracking.c.notification_id < bindparam("position"),
            )
            .values(notification_id=bindparam("position"))
        )
        self._insert_tracking_row = insert(tracking).values(
            application_name=bindparam("upstream"), notification_id=bindparam("position")
        )

    # -- writes -----------------------------------------------------------------------------------

    def _insert_stored_events(
        self, session: Session, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int]:
        self._lock_table(session)
        if not stored_events:
            return []
        rows = [
            {
                "originator_id": e.originator_id,
                "originator_version": e.originator_version,
                "topic": e.topic,
                "state": e.state,
            }
            for e in stored_events
        ]
        ids = list(session.execute(self._insert, rows).scalars())
        self._notify_channel(session)
        return ids

    def _insert_tracking(self, session: Session, tracking: Tracking) -> None:
        """Advance the upstream's tracking row; a position not beyond it is a conflict (a duplicate)."""
        params = {"upstream": tracking.application_name, "position": tracking.notification_id}
        advanced: Any = session.execute(self._advance_tracking, params)
        if advanced.rowcount:
            return
        if session.execute(self._max_tracking_id, params).first() is not None:
            raise IntegrityError(f"{tracking.application_name} position {tracking.notification_id} is already tracked")
        session.execute(self._insert_tracking_row, params)

    # -- reads ------------------------------------------------------------------------------------

    def select_notifications(
        self,
        start: int | None,
        limit: int,
        stop: int | None = None,
        topics: Sequence[str] = (),
        *,
        inclusive_of_start: bool = True,
    ) -> list[Notification]:
        if topics:
            return super().select_notifications(start, limit, stop, topics, inclusive_of_start=inclusive_of_start)
        first = start or 1
        if start is not None and not inclusive_of_start:
            first += 1
        with self._reading() as conn:
            if stop is None:
                result = conn.execute(self._select_notifications, {"start": first, "limit": limit})
            else:
                result = conn.execute(self._select_notifications_until, {"start": first, "stop": stop, "limit": limit})
            return [
                Notification(
                    id=row[0],
                    originator_id=row[1],
                    originator_version=row[2],
                    topic=row[3],
                    state=bytes(row[4]) if isinstance(row[4], memoryview) else row[4],
                )
                for row in result
            ]

    def max_notification_id(self) -> int | None:
        with self._reading() as conn:
            value = conn.execute(self._max_notification_id).scalar()
        return int(value) if value is not None else None

    def max_tracking_id(self, application_name: str) -> int | None:
        with self._reading() as conn:
            value = conn.execute(self._max_tracking_id, {"upstream": application_name}).scalar()
        return int(value) if value is not None else None

    def select_events(
        self,
        originator_id: UUID | str,
        gt: int | None = None,
        lte: int | None = None,
        desc: bool = False,
        limit: int | None = None,
    ) -> list[StoredEvent]:
        if lte is not None or desc or limit is not None:
            return super().select_events(originator_id, gt=gt, lte=lte, desc=desc, limit=limit)
        with self._reading() as conn:
            if gt is None:
                rows = conn.execute(self._select_aggregate, {"originator": originator_id}).all()
            else:
                rows = conn.execute(self._select_aggregate_after, {"originator": originator_id, "after": gt}).all()
        return [
            StoredEvent(
                originator_id=row[0],
                originator_version=row[1],
                topic=row[2],
                state=bytes(row[3]) if isinstance(row[3], memoryview) else row[3],
            )
            for row in rows
        ]

    @contextmanager
    def _reading(self) -> Iterator[Connection | Session]:
        """Inside a transaction, its session; otherwise a pooled connection of its own, which costs
        less than a session; database errors become eventsourcing's error classes either way."""
        try:
            transactions.get()
        except LookupError:
            pass
        else:
            with self.transaction(commit=False) as session:
                yield session
            return
        if self.datastore.access_lock is not None:  # an in-memory SQLite database: one connection
            with self.transaction(commit=False) as session:
                yield session
            return
        engine: Any = self.datastore.engine
        assert engine is not None
        try:
            with engine.connect() as conn:
                yield conn
        except sqlalchemy.exc.SQLAlchemyError as error:
            kind = exception_classes.get(type(error).__name__, exception_classes["PersistenceError"])
            raise kind(error) from error


class Factory(SQLAlchemyFactory):
    """eventsourcing-sqlalchemy's factory with the recorder above, and a check that the cipher key opens the store."""

    process_recorder_class = SchemaProcessRecorder

    def application_recorder(self) -> Any:
        return self._key_opens_the_store(super().application_recorder())

    def process_recorder(self) -> Any:
        return self._key_opens_the_store(super().process_recorder())

    def _key_opens_the_store(self, recorder: Any) -> Any:
        """Refuse to start with a key that cannot read the store (kit.cipher), before anything is written with it;
        and, with `SCHEMA_SETUP=skip`, on a store without its tables, naming them."""
        if not creates_schema():
            tracking = [recorder.tracking_table] if hasattr(recorder, "tracking_table") else []
            missing = missing_tables([*recorder.tables, *tracking], recorder.datastore.engine)
            if missing:
                raise SchemaMissing(missing)
        cipher = self.cipher()
        newest = recorder.max_notification_id() if cipher is not None else None
        if cipher is not None and newest:
            (notification,) = recorder.select_notifications(start=newest, limit=1)
            try:
                cipher.decrypt(notification.state)
            except ValueError as error:
                raise CipherKeyError(
                    f"{self.env.name or 'the'} event store, newest event (position {newest}): {error}"
                ) from None
        return recorder
