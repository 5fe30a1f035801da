"""Read models of permits, built from its own event log: listing, verification, clocks."""

from __future__ import annotations

import base64
import json
from typing import Any

from sqlalchemy import Boolean, Column, Connection, Engine, Float, MetaData, String, Table, and_, or_, select

from kit.projection import insert_or_ignore, update_row, utc_iso
from services.permits.domain import PermitApplication

P = PermitApplication
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
    Column("permit_no", String(40)),
    Column("submitted_at", String(40), nullable=False, index=True),
    Column("granted_at", String(40)),
    Column("clock_stage", String(20)),
    Column("due_on", String(10), index=True),
    Column("clock_paused", Boolean, nullable=False, default=False),
    Column("breached_stage", String(20)),
    Column("missing_materials", String(500), nullable=False, default=""),
)

permits = Table(
    "permits_view",
    metadata,
    Column("permit_no", String(40), primary_key=True),
    Column("application_id", String(36), nullable=False, index=True),
    Column("uscc", String(18), nullable=False, index=True),
    Column("unit_name", String(200), nullable=False),
    Column("venue_name", String(200), nullable=False),
    Column("district", String(200), nullable=False),
    Column("route", String(20), nullable=False),
    Column("status", String(20), nullable=False),
    Column("granted_at", String(40), nullable=False),
    Column("revoked_at", String(40)),
    Column("revocation_reason", String(500)),
    Column("amended_at", String(40)),
)


def apply(conn: Connection, e: Any) -> None:
    handler = _HANDLERS.get(type(e))
    if handler is not None:
        handler(conn, e)


def _update(conn: Connection, e: Any, **values: Any) -> None:
    update_row(conn, applications, "application_id", str(e.originator_id), **values)


def _submitted(conn: Connection, e: P.Submitted) -> None:
    unit = e.unit
    insert_or_ignore(
        conn,
        applications,
        application_id=str(e.originator_id),
        request_id=e.request_id,
        uscc=unit["uscc"],
        unit_name=unit["name"],
        venue_name=unit["venue_name"],
        district=unit["district"],
        route=e.route,
        status="submitted",
        floor_area_m2=unit["floor_area_m2"],
        submitted_at=utc_iso(e.submitted_at),
        clock_paused=False,
        missing_materials="",
    )


def _granted(conn: Connection, e: P.PermitGranted) -> None:
    _update(conn, e, status="granted", permit_no=e.permit_no, granted_at=utc_iso(e.granted_at), clock_stage=None)
    insert_or_ignore(
        conn,
        permits,
        permit_no=e.permit_no,
        application_id=str(e.originator_id),
        uscc=e.uscc,
        unit_name=e.unit_name,
        venue_name=e.venue_name,
        district=e.district,
        route=e.route,
        status="valid",
        granted_at=utc_iso(e.granted_at),
    )


def _revoked(conn: Connection, e: P.PermitRevoked) -> None:
    _update(conn, e, status="revoked")
    update_row(
        conn,
        permits,
        "application_id",
        str(e.originator_id),
        status="revoked",
        revoked_at=utc_iso(e.revoked_at),
        revocation_reason=e.reason,
    )


def _amended(conn: Connection, e: P.PermitAmended) -> None:
    _update(conn, e, unit_name=e.unit_name)
    update_row(
        conn, permits, "application_id", str(e.originator_id), unit_name=e.unit_name, amended_at=utc_iso(e.amended_at)
    )


_HANDLERS: dict[type, Any] = {
    P.Submitted: _submitted,
    P.Accepted: lambda conn, e: _update(conn, e, status="accepted"),
    P.DeficienciesNotified: lambda conn, e: _update(conn, e, missing_materials=",".join(e.missing)),
    P.MaterialsSupplemented: lambda conn, e: _update(conn, e, missing_materials=",".join(e.outstanding)),
    P.ClockStarted: lambda conn, e: _update(
        conn, e, clock_stage=e.stage, due_on=e.due_on.isoformat(), clock_paused=False
    ),
    P.ClockPaused: lambda conn, e: _update(conn, e, clock_paused=True),
    P.ClockResumed: lambda conn, e: _update(conn, e, clock_paused=False, due_on=e.due_on.isoformat()),
    P.ClockExtended: lambda conn, e: _update(conn, e, due_on=e.due_on.isoformat()),
    P.ClockBreached: lambda conn, e: _update(conn, e, breached_stage=e.stage),
    P.InspectionRecorded: lambda conn, e: _update(conn, e, status="inspected"),
    P.PermitGranted: _granted,
    P.PermitRefused: lambda conn, e: _update(conn, e, status="refused", clock_stage=None),
    P.PermitRevoked: _revoked,
    P.PilotRegistered: lambda conn, e: _update(conn, e, status="registered"),
    P.PermitAmended: _amended,
}


# -- queries ------------------------------------------------------------------------------------


def _row(row: Any) -> dict[str, Any]:
    return dict(row._asdict())


def applications_of_unit(engine: Engine, uscc: str) -> list[dict[str, Any]]:
    page, _ = list_applications(engine, uscc=uscc, status="", page_size=1000, page_token="")
    return page


def list_applications(
    engine: Engine, *, uscc: str, status: str, page_size: int, page_token: str
) -> tuple[list[dict[str, Any]], str]:
    """One page of applications, oldest first, and the token of the next page ("" at the end)."""
    query = select(applications)
    if uscc:
        query = query.where(applications.c.uscc == uscc)
    if status:
        query = query.where(applications.c.status == status)
    if page_token:
        after_time, after_id = decode_page_token(page_token)
        query = query.where(
            or_(
                applications.c.submitted_at > after_time,
                and_(applications.c.submitted_at == after_time, applications.c.application_id > after_id),
            )
        )
    query = query.order_by(applications.c.submitted_at, applications.c.application_id).limit(page_size + 1)
    with engine.connect() as conn:
        rows = [_row(r) for r in conn.execute(query)]
    if len(rows) <= page_size:
        return rows, ""
    last = rows[page_size - 1]
    return rows[:page_size], encode_page_token(last["submitted_at"], last["application_id"])


def encode_page_token(submitted_at: str, application_id: str) -> str:
    return base64.urlsafe_b64encode(json.dumps([submitted_at, application_id]).encode()).decode()


def decode_page_token(token: str) -> tuple[str, str]:
    """Raises ValueError for a token this service did not issue."""
    try:
        submitted_at, application_id = json.loads(base64.urlsafe_b64decode(token.encode()))
    except Exception as exc:
        raise ValueError("not a page token of this service") from exc
    return str(submitted_at), str(application_id)


def permit(engine: Engine, permit_no: str) -> dict[str, Any] | None:
    with engine.connect() as conn:
        row = conn.execute(select(permits).where(permits.c.permit_no == permit_no)).first()
    return None if row is None else _row(row)


def running_clocks_due(engine: Engine, day: str) -> list[str]:
    """Applications whose running (not paused, not yet breached) clock is due on or before `day`."""
    query = select(applications.c.application_id).where(
        applications.c.status.in_(("accepted", "inspected")),
        applications.c.clock_paused.is_(False),
        applications.c.due_on <= day,
        or_(applications.c.breached_stage.is_(None), applications.c.breached_stage != applications.c.clock_stage),
    )
    with engine.connect() as conn:
        return [str(r) for r in conn.execute(query).scalars()]


def application_ids_of_unit(engine: Engine, uscc: str) -> list[str]:
    query = select(applications.c.application_id).where(applications.c.uscc == uscc)
    with engine.connect() as conn:
        return [str(r) for r in conn.execute(query.order_by(applications.c.submitted_at)).scalars()]
