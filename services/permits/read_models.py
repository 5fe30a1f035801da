"""Read models of permits, built from its own event log: listing, verification, clocks."""

from __future__ import annotations

import base64
import json
from typing import Any

from sqlalchemy import Boolean, Column, Connection, Engine, Float, MetaData, String, Table, and_, bindparam, or_, select

from kit.calendar import CHINA_TIME
from kit.projection import Handlers, insert_or_ignore, update_row, utc_iso
from services.permits.domain import Appointment, PermitApplication

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
    #: The due date was counted across a year the official arrangement has not reached yet.
    Column("due_provisional", Boolean, nullable=False, default=False),
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


appointments = Table(
    "appointments_view",
    metadata,
    Column("appointment_id", String(36), primary_key=True),
    Column("kind", String(30), nullable=False),
    Column("uscc", String(18), nullable=False, index=True),
    Column("venue_name", String(200), nullable=False),
    Column("requested_date", String(10), nullable=False),
    Column("due_on", String(10), nullable=False, index=True),
    Column("due_provisional", Boolean, nullable=False, default=False),
    Column("status", String(20), nullable=False, index=True),
    Column("kept_at", String(40)),
    Column("missed_on", String(10)),
)
"""Appointments with the agency and whether it kept them: the agency's own deadlines, for staff."""

due_dates = Table(
    "due_dates_view",
    metadata,
    # "<aggregate id>:<what>", what being "clock", "overall" (the district's overall limit),
    # "commitment_verification" or "guidance".
    Column("key", String(80), primary_key=True),
    Column("aggregate_id", String(36), nullable=False, index=True),
    Column("due_on", String(10), nullable=False, index=True),
    Column("provisional", Boolean, nullable=False, default=False),
    Column("open", Boolean, nullable=False, default=True, index=True),
)
"""Every due date counted in working days that is still running: what an official holiday
arrangement may move (see PermitsApplication.load_arrangement)."""


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
        due_provisional=False,
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


def _due(conn: Connection, e: Any, what: str, **values: Any) -> None:
    key = f"{e.originator_id}:{what}"
    if "due_on" in values:
        values["due_on"] = values["due_on"].isoformat()
        insert_or_ignore(
            conn,
            due_dates,
            key=key,
            aggregate_id=str(e.originator_id),
            due_on=values["due_on"],
            provisional=values.get("provisional", False),
            open=values.get("open", True),
        )
    update_row(conn, due_dates, "key", key, **values)


def _close(conn: Connection, e: Any, *whats: str) -> None:
    for what in whats:
        _due(conn, e, what, open=False)


def _clock_due(conn: Connection, e: Any) -> None:
    _due(conn, e, "clock", due_on=e.due_on, provisional=e.provisional, open=True)


def _revised(conn: Connection, e: Any) -> None:
    what = e.what if e.what in ("commitment_verification", "guidance", "overall") else "clock"
    _due(conn, e, what, due_on=e.due_on, provisional=e.provisional)
    if what == "clock":
        _update(conn, e, due_on=e.due_on.isoformat(), due_provisional=e.provisional)


def _booked(conn: Connection, e: Appointment.Booked) -> None:
    if e.working_days:
        _due(conn, e, "guidance", due_on=e.due_on, provisional=e.provisional, open=True)


def _appointment_booked(conn: Connection, e: Appointment.Booked) -> None:
    insert_or_ignore(
        conn,
        appointments,
        appointment_id=str(e.originator_id),
        kind=e.kind,
        uscc=e.unit["uscc"],
        venue_name=e.unit["venue_name"],
        requested_date=e.requested_date.isoformat(),
        due_on=e.due_on.isoformat(),
        due_provisional=e.provisional,
        status="booked",
    )


def _appointment(conn: Connection, e: Any, **values: Any) -> None:
    update_row(conn, appointments, "appointment_id", str(e.originator_id), **values)


_DUE_DATES: dict[type, Any] = {
    P.ClockStarted: _clock_due,
    P.ClockResumed: _clock_due,
    P.ClockExtended: _clock_due,
    P.ClockBreached: lambda conn, e: _due(conn, e, "overall" if e.stage == "overall" else "clock", open=False),
    P.OverallLimitStarted: lambda conn, e: _due(conn, e, "overall", due_on=e.due_on, provisional=e.provisional),
    P.OverallLimitMoved: lambda conn, e: _due(conn, e, "overall", due_on=e.due_on, provisional=e.provisional),
    P.PermitGranted: lambda conn, e: _close(conn, e, "clock", "overall"),
    P.InspectionRecorded: lambda conn, e: _due(conn, e, "clock", open=False),
    P.PermitRefused: lambda conn, e: _close(conn, e, "clock", "overall"),
    P.CommitmentVerificationRequested: lambda conn, e: _due(
        conn, e, "commitment_verification", due_on=e.due_on, provisional=e.provisional, open=bool(e.working_days)
    ),
    P.VerificationCompleted: lambda conn, e: _due(conn, e, "commitment_verification", open=False),
    P.PermitRevoked: lambda conn, e: _due(conn, e, "commitment_verification", open=False),
    P.DueDateRevised: _revised,
    Appointment.Booked: _booked,
    Appointment.DueDateRevised: _revised,
    Appointment.Kept: lambda conn, e: _due(conn, e, "guidance", open=False),
    Appointment.NotKept: lambda conn, e: _due(conn, e, "guidance", open=False),
    Appointment.MissedByUnit: lambda conn, e: _due(conn, e, "guidance", open=False),
}


_HANDLERS: dict[type, Any] = {
    P.Submitted: _submitted,
    P.Accepted: lambda conn, e: _update(conn, e, status="accepted"),
    P.DeficienciesNotified: lambda conn, e: _update(conn, e, missing_materials=",".join(e.missing)),
    P.MaterialsSupplemented: lambda conn, e: _update(conn, e, missing_materials=",".join(e.outstanding)),
    P.ClockStarted: lambda conn, e: _update(
        conn, e, clock_stage=e.stage, due_on=e.due_on.isoformat(), clock_paused=False, due_provisional=e.provisional
    ),
    P.ClockPaused: lambda conn, e: _update(conn, e, clock_paused=True),
    P.ClockResumed: lambda conn, e: _update(
        conn, e, clock_paused=False, due_on=e.due_on.isoformat(), due_provisional=e.provisional
    ),
    P.ClockExtended: lambda conn, e: _update(conn, e, due_on=e.due_on.isoformat(), due_provisional=e.provisional),
    P.ClockBreached: lambda conn, e: None if e.stage == "overall" else _update(conn, e, breached_stage=e.stage),
    P.InspectionRecorded: lambda conn, e: _update(conn, e, status="inspected"),
    P.PermitGranted: _granted,
    P.PermitRefused: lambda conn, e: _update(conn, e, status="refused", clock_stage=None),
    P.PermitRevoked: _revoked,
    P.PilotRegistered: lambda conn, e: _update(conn, e, status="registered"),
    P.PermitAmended: _amended,
    Appointment.Booked: _appointment_booked,
    Appointment.Kept: lambda conn, e: _appointment(conn, e, status="kept", kept_at=utc_iso(e.kept_at)),
    Appointment.NotKept: lambda conn, e: _appointment(conn, e, status="not_kept", missed_on=e.missed_on.isoformat()),
    Appointment.MissedByUnit: lambda conn, e: _appointment(
        conn, e, status="missed_by_unit", missed_on=e.missed_at.astimezone(CHINA_TIME).date().isoformat()
    ),
    Appointment.DueDateRevised: lambda conn, e: _appointment(
        conn, e, due_on=e.due_on.isoformat(), due_provisional=e.provisional
    ),
}


apply = Handlers(_HANDLERS, _DUE_DATES)


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


_PERMIT = select(permits).where(permits.c.permit_no == bindparam("permit_no"))  # built once: VerifyPermit is hot


def permit(engine: Engine, permit_no: str) -> dict[str, Any] | None:
    with engine.connect() as conn:
        row = conn.execute(_PERMIT, {"permit_no": permit_no}).first()
    return None if row is None else _row(row)


def running_clocks_due(engine: Engine, day: str) -> list[str]:
    """Applications whose running (not paused, not yet breached) clock is due on or before `day`."""
    query = select(applications.c.application_id).where(
        applications.c.status.in_(("submitted", "accepted", "inspected")),
        applications.c.clock_paused.is_(False),
        applications.c.due_on <= day,
        or_(applications.c.breached_stage.is_(None), applications.c.breached_stage != applications.c.clock_stage),
    )
    with engine.connect() as conn:
        return [str(r) for r in conn.execute(query).scalars()]


def overall_limits_due(engine: Engine, day: str) -> list[str]:
    """Applications whose district's overall limit is still open and due on or before `day`."""
    query = select(due_dates.c.aggregate_id).where(
        due_dates.c.key.like("%:overall"), due_dates.c.open.is_(True), due_dates.c.due_on <= day
    )
    with engine.connect() as conn:
        return [str(r) for r in conn.execute(query).scalars()]


def time_limits_due(engine: Engine, day: str) -> list[str]:
    """What the day close looks at: a running stage clock or an overall limit due by `day`."""
    return list(dict.fromkeys([*running_clocks_due(engine, day), *overall_limits_due(engine, day)]))


def appointments_due(engine: Engine, day: str) -> list[str]:
    """Booked appointments whose day is `day` or earlier: what the day close looks at."""
    query = select(appointments.c.appointment_id).where(appointments.c.status == "booked", appointments.c.due_on <= day)
    with engine.connect() as conn:
        return [str(r) for r in conn.execute(query).scalars()]


def appointments_of(engine: Engine, status: str = "") -> list[dict[str, Any]]:
    """Appointments for staff, soonest first: booked, kept, not_kept (the agency did not come) or
    missed_by_unit (all when empty)."""
    query = select(appointments).order_by(appointments.c.due_on, appointments.c.appointment_id)
    if status:
        query = query.where(appointments.c.status == status)
    with engine.connect() as conn:
        return [_row(r) for r in conn.execute(query)]


def provisional_due_dates(engine: Engine) -> list[str]:
    """Aggregates with a running due date counted provisionally."""
    query = select(due_dates.c.aggregate_id).where(due_dates.c.open.is_(True), due_dates.c.provisional).distinct()
    with engine.connect() as conn:
        return [str(r) for r in conn.execute(query).scalars()]


def due_dates_to_revise(engine: Engine, year: int) -> list[str]:
    """Aggregates with a running due date an arrangement of `year` may move: due in that year or
    later, or counted provisionally."""
    query = (
        select(due_dates.c.aggregate_id)
        .where(due_dates.c.open.is_(True), or_(due_dates.c.due_on >= f"{year}-01-01", due_dates.c.provisional))
        .distinct()
    )
    with engine.connect() as conn:
        return [str(r) for r in conn.execute(query).scalars()]


def application_ids_of_unit(engine: Engine, uscc: str) -> list[str]:
    query = select(applications.c.application_id).where(applications.c.uscc == uscc)
    with engine.connect() as conn:
        return [str(r) for r in conn.execute(query.order_by(applications.c.submitted_at)).scalars()]
