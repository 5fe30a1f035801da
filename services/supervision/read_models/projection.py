"""Applies each domain event of the supervision log to the read models."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection, Table, case, func, select, update

from kit.projection import insert_or_ignore, update_row, utc_iso
from services.supervision.domain.accountability import AccountabilityMeasure
from services.supervision.domain.agency_deadlines import AgencyDeadline, AgencyDeadlineKind
from services.supervision.domain.complaints import Complaint
from services.supervision.domain.fires import FireRegistration
from services.supervision.domain.inspections import Inspection
from services.supervision.domain.inspectors import Inspector
from services.supervision.domain.joint import CaseTransfer, JointInspection
from services.supervision.domain.leniency import LeniencyPolicies
from services.supervision.domain.penalties import PenaltyCase
from services.supervision.domain.plans import InspectionPlan
from services.supervision.domain.rectification import RectificationOrder
from services.supervision.domain.referrals import ReferralLetter
from services.supervision.domain.register import CreditStanding, RegisteredUnit, UnitDetails
from services.supervision.domain.verification import CommitmentVerification
from services.supervision.read_models import tables as t

DETAIL_COLUMNS = frozenset(UnitDetails.__dataclass_fields__)
R = RegisteredUnit
O = RectificationOrder  # noqa: E741
P = PenaltyCase


def _set(conn: Connection, table: Table, key: str, value: Any, **values: Any) -> None:
    """Values may be SQL expressions (a counter + 1), which kit.projection.update_row does not take."""
    conn.execute(update(table).where(table.c[key] == value).values(**values))


def _id(e: Any) -> str:
    return str(e.originator_id)


def _unit(conn: Connection, e: Any, **values: Any) -> None:
    _set(conn, t.register, "unit_id", _id(e), **values)


REGISTER_DEFAULTS = {
    c.name: c.default.arg  # type: ignore[attr-defined]
    for c in t.register.columns
    if c.default is not None and c.default.is_scalar
}
"""Every column's default given in the row: all registrations have one shape, one executemany."""


def _registered(conn: Connection, e: R.Registered) -> None:
    values = dict(REGISTER_DEFAULTS)
    values.update((k, v) for k, v in (e.details or {}).items() if k in DETAIL_COLUMNS)
    values.update(
        uscc=e.uscc,
        unit_id=_id(e),
        unit_name=e.unit_name,
        venue_name=e.venue_name,
        district=e.district,
        venue_category=e.venue_category,
        since=e.since,
        source=e.source,
    )
    # Held back and sent with the batch's other registrations in one executemany (an import
    # registers thousands at a time); the unit's id is derived from its USCC, so a row already
    # there is this very event applied before.
    insert_or_ignore(conn, t.register, **values)


def _details_updated(conn: Connection, e: R.DetailsUpdated) -> None:
    changes = {k: v for k, v in e.changes.items() if k in DETAIL_COLUMNS}
    if changes:
        update_row(conn, t.register, "unit_id", _id(e), **changes)


def _standing_opened(conn: Connection, e: CreditStanding.Opened) -> None:
    conn.execute(t.credit_standings.insert(), {"uscc": e.uscc, "standing_id": _id(e), "tier": "normal"})


def _standing_noted(conn: Connection, e: CreditStanding.Noted) -> None:
    _set(
        conn,
        t.credit_standings,
        "standing_id",
        _id(e),
        tier=e.tier,
        colour=e.colour,
        reduced_inspection=e.reduced_inspection,
        effective_on=e.effective_on,
        cause_event_id=e.cause_event_id,
    )


def _enrolled(conn: Connection, e: Inspector.Enrolled) -> None:
    conn.execute(
        t.inspectors.insert(),
        dict(
            inspector_id=e.inspector_id,
            aggregate_id=_id(e),
            name=e.name,
            district=e.district,
            roles=",".join(e.roles),
            enrolled_at=e.enrolled_at,
        ),
    )


def _tie_declared(conn: Connection, e: Inspector.TieDeclared) -> None:
    inspector_id = conn.execute(
        t.inspectors.select()
        .with_only_columns(t.inspectors.c.inspector_id)
        .where(t.inspectors.c.aggregate_id == _id(e))
    ).scalar_one()
    conn.execute(
        t.inspector_ties.delete().where(
            t.inspector_ties.c.inspector_id == inspector_id, t.inspector_ties.c.uscc == e.uscc
        )
    )
    conn.execute(
        t.inspector_ties.insert(),
        dict(inspector_id=inspector_id, uscc=e.uscc, relation=e.relation, note=e.note, declared_at=e.declared_at),
    )


def _plan_published(conn: Connection, e: InspectionPlan.Published) -> None:
    conn.execute(
        t.plans.insert(),
        dict(
            plan_id=_id(e),
            district=e.district,
            month=e.month,
            seed=e.seed,
            register_snapshot=e.register_snapshot,
            rules=json.dumps(e.rules, sort_keys=True),
            draws=len(e.draws),
            pool_size=e.pool_size,
            units_in_snapshot=e.units_in_snapshot,
            published_at=e.published_at,
            published_by=e.published_by,
        ),
    )
    if e.draws:
        conn.execute(
            t.plan_draws.insert(),
            [
                {
                    "plan_id": _id(e),
                    "uscc": d["uscc"],
                    "unit_name": d["unit_name"],
                    "month": e.month,
                    "inspector_ids": ",".join(d["inspector_ids"]),
                    "reason": d["reason"],
                }
                for d in e.draws
            ],
        )
    if e.guidance:
        conn.execute(t.plan_guidance.insert(), [{"plan_id": _id(e), "uscc": uscc} for uscc in e.guidance])


def _plan_guidance_given(conn: Connection, e: InspectionPlan.GuidanceGiven) -> None:
    conn.execute(
        update(t.plan_guidance)
        .where(t.plan_guidance.c.plan_id == _id(e), t.plan_guidance.c.uscc == e.uscc)
        .values(mode=e.mode, summary=e.summary, inspector_ids=",".join(e.inspector_ids), given_on=e.given_on)
    )


def _plan_inspection(conn: Connection, e: InspectionPlan.InspectionNoted) -> None:
    conn.execute(
        update(t.plan_draws)
        .where(t.plan_draws.c.plan_id == _id(e), t.plan_draws.c.uscc == e.uscc)
        .values(inspection_id=e.inspection_id, outcome=e.outcome)
    )


def _plan_substitution(conn: Connection, e: InspectionPlan.InspectorsSubstituted) -> None:
    where = (t.plan_draws.c.plan_id == _id(e), t.plan_draws.c.uscc == e.uscc)
    team = conn.execute(select(t.plan_draws.c.inspector_ids).where(*where)).scalar_one()
    kept = [i for i in team.split(",") if i not in e.replaced]
    conn.execute(update(t.plan_draws).where(*where).values(inspector_ids=",".join(sorted(kept + e.substitutes))))
    number = conn.execute(
        select(func.count()).where(t.plan_substitutions.c.plan_id == _id(e), t.plan_substitutions.c.uscc == e.uscc)
    ).scalar_one()
    conn.execute(
        t.plan_substitutions.insert(),
        dict(
            plan_id=_id(e),
            uscc=e.uscc,
            number=number + 1,
            replaced=",".join(e.replaced),
            substitutes=",".join(e.substitutes),
            reason=e.reason,
            substituted_by=e.substituted_by,
            substituted_at=e.substituted_at,
        ),
    )


def _inspection_recorded(conn: Connection, e: Inspection.Recorded) -> None:
    conn.execute(
        t.inspections.insert(),
        dict(
            inspection_id=_id(e),
            request_id=e.request_id,
            uscc=e.uscc,
            unit_name=e.unit_name,
            district=e.district,
            mode=e.mode,
            purpose=e.purpose,
            inspector_ids=",".join(e.inspector_ids),
            inspected_on=e.inspected_on,
            hazards=e.hazards,
            major_hazards=e.major_hazards,
            violations=e.violations,
            links=json.dumps(e.links, sort_keys=True),
            recorded_by=e.recorded_by,
            recorded_at=e.recorded_at,
        ),
    )


def _hazard_found(conn: Connection, e: Inspection.HazardFound) -> None:
    conn.execute(
        t.hazards.insert(),
        dict(
            hazard_id=e.hazard_id,
            inspection_id=_id(e),
            uscc=e.uscc,
            grade=e.grade,
            description=e.description,
            location=e.location,
            found_on=e.found_on,
        ),
    )


def _violation_found(conn: Connection, e: Inspection.ViolationFound) -> None:
    conn.execute(
        t.violations.insert(),
        dict(
            violation_id=e.violation_id,
            inspection_id=_id(e),
            uscc=e.uscc,
            violation_type=e.violation_type,
            severity=e.severity,
            description=e.description,
            corrected_on_the_spot=e.corrected_on_the_spot,
            found_on=e.found_on,
        ),
    )


def _ordered(conn: Connection, e: O.Ordered) -> None:
    conn.execute(
        t.orders.insert(),
        dict(
            order_id=_id(e),
            request_id=e.request_id,
            inspection_id=e.inspection_id,
            uscc=e.uscc,
            unit_name=e.unit_name,
            district=e.district,
            advice=e.advice,
            major=e.major,
            status="open",
            ordered_on=e.ordered_on,
            deadline=e.deadline,
            deadline_provisional=e.deadline_provisional,
        ),
    )


def _order(conn: Connection, e: Any, **values: Any) -> None:
    _set(conn, t.orders, "order_id", _id(e), **values)


def _agency_deadline_opened(conn: Connection, e: AgencyDeadline.Opened) -> None:
    conn.execute(
        t.agency_deadlines.insert(),
        dict(
            deadline_id=_id(e),
            kind=e.kind,
            reference=e.reference,
            uscc=e.uscc,
            unit_name=e.unit_name,
            counted_from=e.counted_from,
            due_on=e.due_on,
            provisional=e.provisional,
            status="open",
        ),
    )


def _agency_deadline(conn: Connection, e: Any, **values: Any) -> None:
    _set(conn, t.agency_deadlines, "deadline_id", _id(e), **values)


def _order_of_reinspection(conn: Connection, deadline_id: str) -> str | None:
    """The order whose re-inspection the agency deadline `deadline_id` is, if it is one."""
    row = conn.execute(
        select(t.agency_deadlines.c.kind, t.agency_deadlines.c.reference).where(
            t.agency_deadlines.c.deadline_id == deadline_id
        )
    ).first()
    return str(row.reference) if row is not None and row.kind == AgencyDeadlineKind.REINSPECTION else None


def _agency_deadline_opened_for_order(conn: Connection, e: AgencyDeadline.Opened) -> None:
    _agency_deadline_opened(conn, e)
    if e.kind == AgencyDeadlineKind.REINSPECTION:
        _set(conn, t.orders, "order_id", e.reference, reinspection_owed_by=e.due_on)


def _agency_deadline_moved(conn: Connection, e: AgencyDeadline.Moved) -> None:
    _agency_deadline(conn, e, counted_from=e.counted_from, due_on=e.due_on, provisional=e.provisional)
    order_id = _order_of_reinspection(conn, _id(e))
    if order_id is not None:
        _set(conn, t.orders, "order_id", order_id, reinspection_owed_by=e.due_on)


def _agency_deadline_missed(conn: Connection, e: AgencyDeadline.Missed) -> None:
    _agency_deadline(conn, e, status="missed", missed_on=e.missed_on)
    if e.kind == AgencyDeadlineKind.REINSPECTION:
        _set(conn, t.orders, "order_id", e.reference, reinspection_breached=True)


def _agency_deadline_ended(conn: Connection, e: Any, status: str, **values: Any) -> None:
    """Met or cancelled: an order's re-inspection is no longer owed."""
    _agency_deadline(conn, e, status=status, **values)
    order_id = _order_of_reinspection(conn, _id(e))
    if order_id is not None:
        _set(conn, t.orders, "order_id", order_id, reinspection_owed=False)


def _measure_taken(conn: Connection, e: AccountabilityMeasure.Taken) -> None:
    conn.execute(
        t.measures.insert(),
        dict(
            measure_id=_id(e),
            request_id=e.request_id,
            order_id=e.order_id,
            uscc=e.uscc,
            unit_name=e.unit_name,
            kind=e.kind,
            addressee_kind=e.addressee_kind,
            addressee=e.addressee,
            content=e.content,
            taken_on=e.taken_on,
            taken_at=utc_iso(dt.datetime.fromisoformat(e.taken_at)) if e.taken_at else "",
            interview_at=e.interview_at,
            place=e.place,
        ),
    )


def _order_deadline_revised(conn: Connection, e: O.DeadlineRevised) -> None:
    if e.what == "deadline":
        _order(conn, e, deadline=e.revised, deadline_provisional=e.provisional)
    else:
        _order(conn, e, reinspection_due=e.revised, reinspection_due_provisional=e.provisional)


def _suspension(conn: Connection, e: Any, suspended: bool) -> None:
    _order(conn, e, suspended=suspended)
    _set(conn, t.register, "uscc", e.uscc, suspended=suspended)


def _penalty_proposed(conn: Connection, e: P.Proposed) -> None:
    conn.execute(
        t.penalties.insert(),
        dict(
            penalty_id=_id(e),
            request_id=e.request_id,
            uscc=e.uscc,
            unit_name=e.unit_name,
            inspection_id=e.inspection_id,
            violation_id=e.violation_id,
            violation_type=e.violation_type,
            severity=e.severity,
            fine_yuan=e.fine_yuan,
            major=e.major,
            legal_basis=e.legal_basis,
            baseline_version=e.baseline_version,
            status="awaiting_legal_review" if e.major else "proposed",
            proposed_on=e.proposed_on,
            mitigation=e.mitigation,
            mitigation_grounds=e.mitigation_grounds,
            collective_deliberation=e.collective_deliberation,
            suspension=e.suspension,
            suspension_scope=e.suspension_scope,
            revocation=e.revocation,
            revoked_document=e.revoked_document,
            review_grounds=",".join(_review_grounds(e)),
        ),
    )


def _review_grounds(e: P.Proposed) -> list[str]:
    """Cases proposed before the grounds were stored: a reduced penalty, or else a large fine."""
    if e.review_grounds is not None:
        return list(e.review_grounds)
    if not e.major:
        return []
    return ["reduced_penalty"] if e.mitigation == "reduced" else ["large_fine"]


def _penalty(conn: Connection, e: Any, **values: Any) -> None:
    _set(conn, t.penalties, "penalty_id", _id(e), **values)


def _complaint_received(conn: Connection, e: Complaint.Received) -> None:
    conn.execute(
        t.complaints.insert(),
        dict(
            ticket_no=e.ticket_no,
            complaint_id=_id(e),
            uscc=e.uscc,
            category=e.category,
            received_at=e.received_at,
            due=e.due,
            due_utc=utc_iso(dt.datetime.fromisoformat(e.due)),
            due_provisional=e.due_provisional,
            status="received",
        ),
    )


def _complaint(conn: Connection, e: Any, **values: Any) -> None:
    _set(conn, t.complaints, "complaint_id", _id(e), **values)


def _checked_status() -> Any:
    """A check after the complaint was already raised as overdue is a late one."""
    return case((t.complaints.c.breached.is_(True), "checked_late"), else_="checked")


def _complaint_checked(conn: Connection, e: Complaint.Checked) -> None:
    unit = {"uscc": e.uscc} if e.uscc else {}
    _complaint(conn, e, status=_checked_status(), checked_at=e.checked_at, inspection_id=e.inspection_id, **unit)


def _verification_requested(conn: Connection, e: CommitmentVerification.Requested) -> None:
    conn.execute(
        t.verifications.insert(),
        dict(
            application_id=e.application_id,
            verification_id=_id(e),
            permit_no=e.permit_no,
            uscc=e.uscc,
            unit_name=e.unit_name,
            due_date=e.due_date,
            due_provisional=e.due_provisional,
            status="requested",
        ),
    )


def _verification(conn: Connection, e: Any, **values: Any) -> None:
    _set(conn, t.verifications, "verification_id", _id(e), **values)


def _letter_sent(conn: Connection, e: ReferralLetter.Sent) -> None:
    conn.execute(
        t.referrals.insert(),
        dict(
            letter_id=_id(e),
            inspection_id=e.inspection_id,
            uscc=e.uscc,
            regulator=e.regulator,
            hazards=len(e.hazard_ids),
            violations=len(e.violation_ids or []),
            summary=e.summary,
            sent_on=e.sent_on,
        ),
    )


def _joint_planned(conn: Connection, e: JointInspection.Planned) -> None:
    units = [{"uscc": u, "inspection_id": "", "departments": [], "department_findings": 0} for u in e.usccs]
    conn.execute(
        t.joint_inspections.insert(),
        dict(
            joint_inspection_id=_id(e),
            request_id=e.request_id,
            district=e.district,
            title=e.title,
            participants=json.dumps(e.participants, ensure_ascii=False),
            units=json.dumps(units, ensure_ascii=False),
            planned_for=e.planned_for,
            planned_by=e.planned_by,
        ),
    )


def _joint_unit_inspected(conn: Connection, e: JointInspection.UnitInspected) -> None:
    key = t.joint_inspections.c.joint_inspection_id
    units = json.loads(conn.execute(select(t.joint_inspections.c.units).where(key == _id(e))).scalar_one())
    for unit in units:
        if unit["uscc"] == e.uscc:
            unit.update(
                inspection_id=e.inspection_id, departments=e.departments, department_findings=e.department_findings
            )
    _set(conn, t.joint_inspections, "joint_inspection_id", _id(e), units=json.dumps(units, ensure_ascii=False))


def _department_finding(conn: Connection, e: Inspection.DepartmentFindingRecorded) -> None:
    conn.execute(
        t.department_findings.insert(),
        dict(
            finding_id=e.finding_id,
            inspection_id=_id(e),
            uscc=e.uscc,
            department=e.department,
            description=e.description,
            location=e.location,
            found_on=e.found_on,
        ),
    )


def _transferred(conn: Connection, e: CaseTransfer.Transferred) -> None:
    conn.execute(
        t.transfers.insert(),
        dict(
            transfer_id=_id(e),
            inspection_id=e.inspection_id,
            uscc=e.uscc,
            department=e.department,
            department_name=e.department_name,
            findings=json.dumps(e.findings, ensure_ascii=False),
            reason=e.reason,
            legal_basis=e.legal_basis,
            officer_ids=",".join(e.officer_ids),
            transferred_on=e.transferred_on,
        ),
    )
    ids = [f["id"] for f in e.findings]
    conn.execute(
        update(t.department_findings).where(t.department_findings.c.finding_id.in_(ids)).values(transfer_id=_id(e))
    )


def _leniency_published(conn: Connection, e: LeniencyPolicies.Published) -> None:
    conn.execute(
        t.leniency_policies.insert(),
        dict(
            document_no=e.document_no,
            title=e.title,
            districts=json.dumps(e.districts, ensure_ascii=False),
            starts_on=e.starts_on,
            ends_on=e.ends_on,
            published_by=e.published_by,
            published_at=e.published_at,
        ),
    )


def _fire_registered(conn: Connection, e: FireRegistration.SimplyRegistered) -> None:
    conn.execute(
        t.fires.insert(),
        dict(
            registration_id=_id(e),
            uscc=e.uscc,
            address=e.address,
            district=e.district,
            occurred_at=e.occurred_at,
            direct_loss_yuan=e.direct_loss_yuan,
            registered_on=e.registered_on,
        ),
    )


PROJECTIONS: dict[type[Any], Callable[[Connection, Any], None]] = {
    R.Registered: _registered,
    R.DetailsUpdated: _details_updated,
    R.PermitNoted: lambda c, e: _unit(c, e, permits=t.register.c.permits + 1),
    R.PermitRevocationNoted: lambda c, e: _unit(c, e, permits_revoked=t.register.c.permits_revoked + 1),
    R.PilotNoted: lambda c, e: _unit(c, e, pilot_check_due=True),
    R.PilotChecked: lambda c, e: _unit(c, e, pilot_check_due=False),
    R.RiskMarked: lambda c, e: _unit(c, e, high_risk=e.high_risk),
    CreditStanding.Opened: _standing_opened,
    CreditStanding.Noted: _standing_noted,
    Inspector.Enrolled: _enrolled,
    Inspector.Certified: lambda c, e: _set(
        c, t.inspectors, "aggregate_id", _id(e), certificate_no=e.certificate_no, certified_until=e.valid_until
    ),
    Inspector.CertificationWithdrawn: lambda c, e: _set(
        c, t.inspectors, "aggregate_id", _id(e), certificate_no="", certified_until=None
    ),
    Inspector.TieDeclared: _tie_declared,
    InspectionPlan.Published: _plan_published,
    InspectionPlan.InspectionNoted: _plan_inspection,
    InspectionPlan.GuidanceGiven: _plan_guidance_given,
    InspectionPlan.InspectorsSubstituted: _plan_substitution,
    InspectionPlan.ResultsPublished: lambda c, e: _set(
        c, t.plans, "plan_id", _id(e), results_published_at=e.published_at
    ),
    Inspection.Recorded: _inspection_recorded,
    Inspection.HazardFound: _hazard_found,
    Inspection.ViolationFound: _violation_found,
    Inspection.OralOrderGiven: lambda c, e: _set(c, t.violations, "violation_id", e.violation_id, oral_order=True),
    O.Ordered: _ordered,
    O.Extended: lambda c, e: _order(
        c, e, deadline=e.deadline, deadline_provisional=e.deadline_provisional, extensions=t.orders.c.extensions + 1
    ),
    O.RectificationReported: lambda c, e: _order(
        c,
        e,
        status="reported",
        reported_on=e.reported_on,
        reinspection_due=e.reinspection_due,
        reinspection_due_provisional=e.reinspection_due_provisional,
    ),
    O.FoundIncomplete: lambda c, e: _order(c, e, status="open", reinspection_due=None),
    O.DeadlineRevised: _order_deadline_revised,
    O.Verified: lambda c, e: _order(c, e, status="verified", verified_on=e.verified_on),
    O.Overdue: lambda c, e: _order(c, e, status="overdue", overdue_on=e.overdue_on, refused=e.refused),
    O.BusinessSuspended: lambda c, e: _suspension(c, e, suspended=True),
    O.SuspensionLifted: lambda c, e: _suspension(c, e, suspended=False),
    P.Proposed: _penalty_proposed,
    P.LegalReviewed: lambda c, e: _penalty(
        c,
        e,
        status=case(
            (t.penalties.c.collective_deliberation.is_(True), "awaiting_collective_deliberation"), else_="reviewed"
        )
        if e.approved
        else "reviewed",
        reviewed_by=e.reviewer_id,
    ),
    P.CollectivelyDeliberated: lambda c, e: _penalty(c, e, status="deliberated", deliberated_by=e.chair_id),
    P.Decided: lambda c, e: _penalty(c, e, status="decided", decided_on=e.decided_on),
    P.Withdrawn: lambda c, e: _penalty(c, e, status="withdrawn"),
    Complaint.Received: _complaint_received,
    Complaint.Checked: _complaint_checked,
    Complaint.UnregisteredVenueChecked: lambda c, e: _complaint(
        c,
        e,
        status=_checked_status(),
        checked_at=e.checked_at,
        venue_name=e.venue_name,
        venue_address=e.address,
        substantiated=e.substantiated,
    ),
    Complaint.CheckOverdue: lambda c, e: _complaint(
        c,
        e,
        breached=True,
        status=case(
            (t.complaints.c.status == "received", "overdue"),
            (t.complaints.c.status == "checked", "checked_late"),
            else_=t.complaints.c.status,
        ),
    ),
    Complaint.DueRevised: lambda c, e: _complaint(
        c, e, due=e.due, due_utc=utc_iso(dt.datetime.fromisoformat(e.due)), due_provisional=e.provisional
    ),
    Complaint.FeedbackGiven: lambda c, e: _complaint(c, e, status="feedback_given", feedback_at=e.given_at),
    CommitmentVerification.Requested: _verification_requested,
    CommitmentVerification.Completed: lambda c, e: _verification(
        c, e, status="verified", result=e.result, verified_on=e.verified_on
    ),
    CommitmentVerification.Overdue: lambda c, e: _verification(c, e, status="overdue"),
    CommitmentVerification.DueRevised: lambda c, e: _verification(
        c, e, due_date=e.due_date, due_provisional=e.provisional
    ),
    AgencyDeadline.Opened: _agency_deadline_opened_for_order,
    AgencyDeadline.Moved: _agency_deadline_moved,
    AgencyDeadline.Met: lambda c, e: _agency_deadline_ended(c, e, "met", met_on=e.met_on),
    AgencyDeadline.Missed: _agency_deadline_missed,
    AgencyDeadline.Cancelled: lambda c, e: _agency_deadline_ended(c, e, "cancelled"),
    AccountabilityMeasure.Taken: _measure_taken,
    ReferralLetter.Sent: _letter_sent,
    FireRegistration.SimplyRegistered: _fire_registered,
    LeniencyPolicies.Published: _leniency_published,
    JointInspection.Planned: _joint_planned,
    JointInspection.UnitInspected: _joint_unit_inspected,
    Inspection.DepartmentFindingRecorded: _department_finding,
    CaseTransfer.Transferred: _transferred,
}
