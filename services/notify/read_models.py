"""Read models of notify, built from its own event log."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Column, Connection, Engine, MetaData, String, Table, Text, select

from services.notify.domain import Notice

metadata = MetaData()

notices = Table(
    "notices_view",
    metadata,
    Column("notice_id", String(36), primary_key=True),
    Column("uscc", String(18), nullable=False, index=True),
    Column("recipient", String(200), nullable=False, index=True),
    Column("channel", String(20), nullable=False),
    Column("notice_type", String(50), nullable=False),
    Column("status", String(20), nullable=False),
    Column("subject", String(200), nullable=False),
    Column("body", Text, nullable=False),
    Column("cause_event_id", String(36), nullable=False),
    Column("cause_type", String(100), nullable=False),
    Column("business_time", String(40), nullable=False),
)


def apply(conn: Connection, domain_event: Any) -> None:
    if isinstance(domain_event, Notice.Created):
        conn.execute(
            notices.insert().values(
                notice_id=str(domain_event.originator_id),
                uscc=domain_event.uscc,
                recipient=domain_event.recipient,
                channel=domain_event.channel,
                notice_type=domain_event.notice_type,
                status="pending",
                subject=domain_event.subject,
                body=domain_event.body,
                cause_event_id=domain_event.cause_event_id,
                cause_type=domain_event.cause_type,
                business_time=domain_event.business_time,
            )
        )


def notices_of_unit(engine: Engine, uscc: str) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        rows = conn.execute(select(notices).where(notices.c.uscc == uscc).order_by(notices.c.business_time))
        return [row._asdict() for row in rows]
