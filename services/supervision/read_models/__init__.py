"""Read models of supervision, built from its own event log."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection

from services.supervision.read_models.projection import PROJECTIONS
from services.supervision.read_models.queries import registered_unit
from services.supervision.read_models.record import is_recorded, record_act
from services.supervision.read_models.tables import metadata

__all__ = ["apply", "metadata", "registered_unit"]


def apply(conn: Connection, domain_event: Any) -> None:
    projection = PROJECTIONS.get(type(domain_event))
    if projection is not None:
        projection(conn, domain_event)
    if is_recorded(domain_event):
        record_act(conn, domain_event)
