"""Read models of credit, built from its own event log."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Column, Connection, Engine, Integer, MetaData, String, Table, select

from services.credit.domain import UnitCreditRecord

metadata = MetaData()

units = Table(
    "credit_units_view",
    metadata,
    Column("uscc", String(18), primary_key=True),
    Column("record_id", String(36), nullable=False, unique=True),
    Column("unit_name", String(200), nullable=False),
    Column("district", String(200), nullable=False, index=True),
    Column("standing", String(30), nullable=False, index=True),
    Column("permits_held", Integer, nullable=False),
    Column("last_cause_event_id", String(36), nullable=False),
    Column("updated_at", String(40), nullable=False),
)


def apply(conn: Connection, domain_event: Any) -> None:
    if isinstance(domain_event, UnitCreditRecord.Opened):
        conn.execute(
            units.insert().values(
                uscc=domain_event.uscc,
                record_id=str(domain_event.originator_id),
                unit_name=domain_event.unit_name,
                district=domain_event.district,
                standing="normal",
                permits_held=0,
                last_cause_event_id=domain_event.cause["event_id"],
                updated_at=domain_event.cause["time"],
            )
        )
    elif isinstance(domain_event, UnitCreditRecord.PermitRecorded):
        conn.execute(
            units.update()
            .where(units.c.record_id == str(domain_event.originator_id))
            .values(
                permits_held=units.c.permits_held + 1,
                last_cause_event_id=domain_event.cause["event_id"],
                updated_at=domain_event.cause["time"],
            )
        )


def unit(engine: Engine, uscc: str) -> dict[str, Any] | None:
    with engine.connect() as conn:
        row = conn.execute(select(units).where(units.c.uscc == uscc)).first()
        return None if row is None else row._asdict()
