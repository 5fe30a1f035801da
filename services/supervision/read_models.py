"""Read models of supervision, built from its own event log."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Column, Connection, Engine, MetaData, String, Table, select

from services.supervision.domain import RegisteredUnit

metadata = MetaData()

register = Table(
    "register_view",
    metadata,
    Column("uscc", String(18), primary_key=True),
    Column("unit_name", String(200), nullable=False),
    Column("venue_name", String(200), nullable=False),
    Column("district", String(200), nullable=False, index=True),
    Column("venue_category", String(50), nullable=False),
    Column("since", String(40), nullable=False),
)


def apply(conn: Connection, domain_event: Any) -> None:
    if isinstance(domain_event, RegisteredUnit.Registered):
        conn.execute(
            register.insert().values(
                uscc=domain_event.uscc,
                unit_name=domain_event.unit_name,
                venue_name=domain_event.venue_name,
                district=domain_event.district,
                venue_category=domain_event.venue_category,
                since=domain_event.since,
            )
        )


def registered_unit(engine: Engine, uscc: str) -> dict[str, Any] | None:
    with engine.connect() as conn:
        row = conn.execute(select(register).where(register.c.uscc == uscc)).first()
        return None if row is None else row._asdict()
