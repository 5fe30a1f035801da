"""The event store's persistence: eventsourcing-sqlalchemy, with process recorders kept in their schema.

eventsourcing-sqlalchemy 1.0.1 hands `schema_name` only to the tracking table of a
process recorder: its events table lands in the database's default schema, where
two services would share one `*_events` table name space. This recorder puts both
tables in the service's schema.
"""

from __future__ import annotations

from typing import Any

from eventsourcing_sqlalchemy.datastore import SQLAlchemyDatastore
from eventsourcing_sqlalchemy.factory import SQLAlchemyFactory
from eventsourcing_sqlalchemy.recorders import SQLAlchemyApplicationRecorder, SQLAlchemyProcessRecorder


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


class Factory(SQLAlchemyFactory):
    process_recorder_class = SchemaProcessRecorder
