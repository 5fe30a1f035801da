"""Read models of permits, built from its own event log."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Column, Connection, DateTime, Engine, Float, MetaData, String, Table, select
from sqlalchemy.dialects import postgresql, sqlite

from services.permits.domain import PermitApplication

metadata = MetaData()

applications = Table(
    "applications_view",
    metadata,
    Column("application_id", String(36), primary_key=True),
    Column("request_id", String(128), nullable=False),
    Column("uscc", String(18), nullable=False, index=True),
    Column("unit_name", String(200), nullable=False),
    Column("venue_name", String(200), nullable=False),
    Column("district", String(200), nullable=False),
    Column("route", String(20), nullable=False),
    Column("status", String(20), nullable=False, index=True),
    Column("floor_area_m2", Float, nullable=False),
    Column("permit_no", String(40), index=True),
    Column("submitted_at", DateTime(timezone=True), nullable=False),
    Column("granted_at", DateTime(timezone=True)),
)


def apply(conn: Connection, domain_event: Any) -> None:
    if isinstance(domain_event, PermitApplication.Submitted):
        unit = domain_event.unit
        row = {
            "application_id": str(domain_event.originator_id),
            "request_id": domain_event.request_id,
            "uscc": unit["uscc"],
            "unit_name": unit["name"],
            "venue_name": unit["venue_name"],
            "district": unit["district"],
            "route": domain_event.route,
            "status": "submitted",
            "floor_area_m2": unit["floor_area_m2"],
            "submitted_at": domain_event.submitted_at,
        }
        dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
        conn.execute(dialect.insert(applications).values(**row).on_conflict_do_nothing())
    elif isinstance(domain_event, PermitApplication.PermitGranted):
        conn.execute(
            applications.update()
            .where(applications.c.application_id == str(domain_event.originator_id))
            .values(status="granted", permit_no=domain_event.permit_no, granted_at=domain_event.granted_at)
        )


def applications_of_unit(engine: Engine, uscc: str) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        rows = conn.execute(
            select(applications).where(applications.c.uscc == uscc).order_by(applications.c.submitted_at)
        )
        return [_jsonable(row._asdict()) for row in rows]


def _jsonable(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in row.items()}
