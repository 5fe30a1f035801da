"""Questions staff systems ask of the read models. Every answer is plain JSON-able values."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Engine, Table, and_, or_, select

from kit.positions import PositionStore
from kit.projection import utc_iso
from services.supervision.application.register import RegisterHints
from services.supervision.domain.common import end_of_day
from services.supervision.domain.register import DETAIL_FIELDS
from services.supervision.read_models import tables as t

UNIT_COLUMNS = [c for c in t.register.c if c.name != "unit_id"]


def _rows(engine: Engine, query: Any) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        return [row._asdict() for row in conn.execute(query)]


def _one(engine: Engine, query: Any) -> dict[str, Any] | None:
    rows = _rows(engine, query.limit(1))
    return rows[0] if rows else None


def registered_unit(engine: Engine, uscc: str) -> dict[str, Any] | None:
    """A unit as the register has it, with its credit standing as credit last published it."""
    unit = _one(engine, select(*UNIT_COLUMNS).where(t.register.c.uscc == uscc))
    if unit is None:
        return None
    standing = _one(engine, select(t.credit_standings).where(t.credit_standings.c.uscc == uscc))
    unit["credit_tier"] = standing["tier"] if standing else "normal"
    unit["reduced_inspection"] = bool(standing and standing["reduced_inspection"])
    return unit


def register_size(engine: Engine, district: str | None = None) -> int:
    query = select(t.register.c.uscc)
    if district:
        query = query.where(t.register.c.district == district)
    with engine.connect() as conn:
        return len(conn.execute(query).all())


def unit_file(engine: Engine, uscc: str) -> dict[str, Any] | None:
    """Everything on one unit: register, inspections, orders, penalties, complaints, letters."""
    unit = registered_unit(engine, uscc)
    if unit is None:
        return None

    def of(table: Table, order: str) -> list[dict[str, Any]]:
        return _rows(engine, select(table).where(table.c.uscc == uscc).order_by(table.c[order]))

    unit["inspections"] = of(t.inspections, "inspected_on")
    unit["hazards"] = of(t.hazards, "found_on")
    unit["violations"] = of(t.violations, "found_on")
    unit["orders"] = of(t.orders, "ordered_on")
    unit["penalties"] = of(t.penalties, "proposed_on")
    unit["complaints"] = of(t.complaints, "received_at")
    unit["referral_letters"] = of(t.referrals, "sent_on")
    return unit


def enforcement_record(engine: Engine, uscc: str) -> list[dict[str, Any]]:
    rows = _rows(
        engine,
        select(t.record).where(t.record.c.uscc == uscc).order_by(t.record.c.recorded_at, t.record.c.version),
    )
    for row in rows:
        row["officers"] = [o for o in row["officers"].split(",") if o]
        row["evidence"] = json.loads(row["evidence"])
        row["details"] = json.loads(row["details"])
    return rows


def inspection(engine: Engine, inspection_id: str) -> dict[str, Any] | None:
    found = _one(engine, select(t.inspections).where(t.inspections.c.inspection_id == inspection_id))
    if found is None:
        return None
    found["links"] = json.loads(found["links"])
    found["inspector_ids"] = found["inspector_ids"].split(",")
    found["hazard_list"] = _rows(engine, select(t.hazards).where(t.hazards.c.inspection_id == inspection_id))
    found["violation_list"] = _rows(engine, select(t.violations).where(t.violations.c.inspection_id == inspection_id))
    found["department_finding_list"] = _rows(
        engine, select(t.department_findings).where(t.department_findings.c.inspection_id == inspection_id)
    )
    query = (
        select(t.transfers).where(t.transfers.c.inspection_id == inspection_id).order_by(t.transfers.c.transferred_on)
    )
    found["transfers"] = [_transfer(r) for r in _rows(engine, query)]
    return found


def plan(engine: Engine, plan_id: str) -> dict[str, Any] | None:
    found = _one(engine, select(t.plans).where(t.plans.c.plan_id == plan_id))
    if found is None:
        return None
    found["rules"] = json.loads(found["rules"])
    draws = _rows(engine, select(t.plan_draws).where(t.plan_draws.c.plan_id == plan_id).order_by(t.plan_draws.c.uscc))
    substitutions = _rows(
        engine,
        select(t.plan_substitutions)
        .where(t.plan_substitutions.c.plan_id == plan_id)
        .order_by(t.plan_substitutions.c.uscc, t.plan_substitutions.c.number),
    )
    for draw in draws:
        draw["inspector_ids"] = draw["inspector_ids"].split(",")
        draw["substitutions"] = [
            {
                "replaced": s["replaced"].split(","),
                "substitutes": s["substitutes"].split(","),
                "reason": s["reason"],
                "substituted_by": s["substituted_by"],
                "substituted_at": s["substituted_at"],
            }
            for s in substitutions
            if s["uscc"] == draw["uscc"]
        ]
    found["draw_list"] = draws
    guidance = _rows(
        engine,
        select(t.plan_guidance, t.register.c.unit_name)
        .join_from(t.plan_guidance, t.register, t.plan_guidance.c.uscc == t.register.c.uscc, isouter=True)
        .where(t.plan_guidance.c.plan_id == plan_id)
        .order_by(t.plan_guidance.c.uscc),
    )
    found["guidance_list"] = [
        {
            "uscc": g["uscc"],
            "unit_name": g["unit_name"] or "",
            "guided": g["given_on"] is not None,
            "mode": g["mode"],
            "summary": g["summary"],
            "inspector_ids": g["inspector_ids"].split(",") if g["inspector_ids"] else [],
            "given_on": g["given_on"],
        }
        for g in guidance
    ]
    return found


def plans(engine: Engine, district: str | None = None) -> list[dict[str, Any]]:
    query = select(t.plans).order_by(t.plans.c.month)
    if district:
        query = query.where(t.plans.c.district == district)
    return _rows(engine, query)


def order(engine: Engine, order_id: str) -> dict[str, Any] | None:
    """An order, with the letters, warnings and interviews that followed it (函告、警示、约谈)."""
    found = _one(engine, select(t.orders).where(t.orders.c.order_id == order_id))
    if found is not None:
        found["measures"] = _rows(
            engine,
            select(*[c for c in t.measures.c if c.name not in ("request_id", "order_id")])
            .where(t.measures.c.order_id == order_id)
            .order_by(t.measures.c.taken_on, t.measures.c.taken_at, t.measures.c.measure_id),
        )
    return found


def measure(engine: Engine, measure_id: str) -> dict[str, Any] | None:
    return _one(engine, select(t.measures).where(t.measures.c.measure_id == measure_id))


def _case(row: dict[str, Any]) -> dict[str, Any]:
    return {**row, "review_grounds": [g for g in row["review_grounds"].split(",") if g]}


def penalty(engine: Engine, penalty_id: str) -> dict[str, Any] | None:
    row = _one(engine, select(t.penalties).where(t.penalties.c.penalty_id == penalty_id))
    return _case(row) if row is not None else None


def penalties_awaiting_review(engine: Engine) -> list[dict[str, Any]]:
    """法制审核's queue, each case with why it is there (`review_grounds`)."""
    return [_case(r) for r in _rows(engine, select(t.penalties).where(t.penalties.c.status == "awaiting_legal_review"))]


def penalties_awaiting_deliberation(engine: Engine) -> list[dict[str, Any]]:
    query = select(t.penalties).where(t.penalties.c.status == "awaiting_collective_deliberation")
    return [_case(r) for r in _rows(engine, query)]


def complaint(engine: Engine, ticket_no: str) -> dict[str, Any] | None:
    return _one(engine, select(t.complaints).where(t.complaints.c.ticket_no == ticket_no))


def verification(engine: Engine, application_id: str) -> dict[str, Any] | None:
    return _one(engine, select(t.verifications).where(t.verifications.c.application_id == application_id))


def inspectors(engine: Engine, district: str | None = None) -> list[dict[str, Any]]:
    query = select(*[c for c in t.inspectors.c if c.name != "aggregate_id"]).order_by(t.inspectors.c.inspector_id)
    if district:
        query = query.where(t.inspectors.c.district == district)
    found = _rows(engine, query)
    ties = _rows(engine, select(t.inspector_ties))
    for inspector in found:
        inspector["roles"] = inspector["roles"].split(",")
        inspector["ties"] = [
            {"uscc": tie["uscc"], "relation": tie["relation"]}
            for tie in ties
            if tie["inspector_id"] == inspector["inspector_id"]
        ]
    return found


def reinspections_due(engine: Engine, day: dt.date) -> list[dict[str, Any]]:
    """Orders whose re-inspection falls due by `day`: reported ones by their report, the others by deadline.

    An order that became overdue at its deadline stays until its re-inspection is recorded: the
    agency still owes it (`reinspection_breached` once its own last day ended without it).
    """
    orders = t.orders.c
    return _rows(
        engine,
        select(t.orders)
        .where(
            or_(orders.status.in_(("open", "reported")), and_(orders.status == "overdue", orders.reinspection_owed)),
            orders.deadline <= day.isoformat(),
        )
        .order_by(orders.deadline),
    ) + _rows(
        engine,
        select(t.orders).where(
            and_(
                t.orders.c.status == "reported",
                t.orders.c.deadline > day.isoformat(),
                t.orders.c.reinspection_due <= day.isoformat(),
            )
        ),
    )


def revisable(engine: Engine, year: int) -> dict[str, list[str]]:
    """Running deadlines an arrangement of `year` may move: due in that year or later, or provisional."""
    first = f"{year}-01-01"
    orders = t.orders.c
    complaints = t.complaints.c
    with engine.connect() as conn:
        order_ids = conn.execute(
            select(orders.order_id).where(
                or_(
                    and_(orders.status == "open", or_(orders.deadline >= first, orders.deadline_provisional)),
                    and_(
                        orders.status == "reported",
                        or_(orders.reinspection_due >= first, orders.reinspection_due_provisional),
                    ),
                )
            )
        )
        complaint_ids = conn.execute(
            select(complaints.complaint_id).where(
                complaints.status == "received",
                complaints.breached.is_(False),
                or_(complaints.due >= first, complaints.due_provisional),
            )
        )
        owed = conn.execute(
            select(t.agency_deadlines.c.deadline_id).where(
                t.agency_deadlines.c.status == "open",
                or_(t.agency_deadlines.c.due_on >= first, t.agency_deadlines.c.provisional),
            )
        )
        return {
            "orders": [r[0] for r in order_ids],
            "complaints": [r[0] for r in complaint_ids],
            "agency_deadlines": [r[0] for r in owed],
        }


def expiring(engine: Engine, day: dt.date) -> dict[str, list[str]]:
    """What the day-close command looks at: open orders, unchecked complaints, pending verifications due."""
    with engine.connect() as conn:
        orders = conn.execute(
            select(t.orders.c.order_id).where(t.orders.c.status == "open", t.orders.c.deadline <= day.isoformat())
        )
        complaints = conn.execute(
            select(t.complaints.c.complaint_id).where(
                t.complaints.c.status == "received",
                t.complaints.c.breached.is_(False),
                t.complaints.c.due_utc <= utc_iso(end_of_day(day)),
            )
        )
        verifications = conn.execute(
            select(t.verifications.c.verification_id).where(
                t.verifications.c.status == "requested", t.verifications.c.due_date <= day.isoformat()
            )
        )
        owed = conn.execute(
            select(t.agency_deadlines.c.deadline_id).where(
                t.agency_deadlines.c.status == "open", t.agency_deadlines.c.due_on <= day.isoformat()
            )
        )
        return {
            "orders": [r[0] for r in orders],
            "complaints": [r[0] for r in complaints],
            "verifications": [r[0] for r in verifications],
            "agency_deadlines": [r[0] for r in owed],
        }


def agency_deadlines(engine: Engine, status: str = "", kind: str = "") -> list[dict[str, Any]]:
    """The agency's own deadlines for staff, soonest first: open, met, missed or cancelled."""
    query = select(t.agency_deadlines).order_by(t.agency_deadlines.c.due_on, t.agency_deadlines.c.deadline_id)
    if status:
        query = query.where(t.agency_deadlines.c.status == status)
    if kind:
        query = query.where(t.agency_deadlines.c.kind == kind)
    return _rows(engine, query)


def register_hints(engine: Engine, usccs: Sequence[str], log_position: int, projection: str) -> RegisterHints:
    """The register view's entries of `usccs`, current when the view has applied the log up to `log_position`."""
    columns = [t.register.c[name] for name in DETAIL_FIELDS]
    with engine.connect() as conn:
        rows = conn.execute(select(t.register.c.uscc, *columns).where(t.register.c.uscc.in_(list(usccs))))
        entries = {row.uscc: {name: getattr(row, name) for name in DETAIL_FIELDS} for row in rows}
        applied = PositionStore(engine).get(projection, conn)
    return RegisterHints(entries=entries, current=applied >= log_position)


def leniency_policies(engine: Engine, district: str | None = None) -> list[dict[str, Any]]:
    """The special-period leniency policies published, newest period first, optionally one district's."""
    rows = _rows(engine, select(t.leniency_policies).order_by(t.leniency_policies.c.starts_on.desc()))
    policies = [{**row, "districts": json.loads(row["districts"])} for row in rows]
    return [p for p in policies if district is None or district in p["districts"]]


def joint_inspection(engine: Engine, joint_inspection_id: str) -> dict[str, Any] | None:
    """A joint inspection (联合检查): its departments, each unit's visit, each department's findings."""
    plan = _one(
        engine, select(t.joint_inspections).where(t.joint_inspections.c.joint_inspection_id == joint_inspection_id)
    )
    if plan is None:
        return None
    plan["participants"] = json.loads(plan["participants"])
    plan["units"] = json.loads(plan["units"])
    visits = [u["inspection_id"] for u in plan["units"] if u["inspection_id"]]
    findings = _rows(engine, select(t.department_findings).where(t.department_findings.c.inspection_id.in_(visits)))
    plan["findings_by_department"] = {
        p["department"]: [f for f in findings if f["department"] == p["department"]] for p in plan["participants"]
    }
    return plan


def _transfer(row: dict[str, Any]) -> dict[str, Any]:
    return {**row, "findings": json.loads(row["findings"]), "officer_ids": row["officer_ids"].split(",")}


def transfer(engine: Engine, transfer_id: str) -> dict[str, Any] | None:
    row = _one(engine, select(t.transfers).where(t.transfers.c.transfer_id == transfer_id))
    return _transfer(row) if row is not None else None


def transfers(engine: Engine, uscc: str) -> list[dict[str, Any]]:
    """移送 of one unit's findings, oldest first."""
    query = select(t.transfers).where(t.transfers.c.uscc == uscc).order_by(t.transfers.c.transferred_on)
    return [_transfer(r) for r in _rows(engine, query)]
