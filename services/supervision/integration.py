"""Which supervision events leave the service, and in what form (protos/firesafety/supervision/v1/events.proto).

Each published domain event carries everything its message needs, so that a
relay translates one event without loading anything.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

from google.protobuf.message import Message

from firesafety.supervision.v1 import events_pb2 as pb
from kit.envelope import Envelope
from kit.sealed import process_reporter_contact_seal
from services.supervision.domain.accountability import AccountabilityMeasure
from services.supervision.domain.common import end_of_day
from services.supervision.domain.complaints import Complaint
from services.supervision.domain.fires import FireRegistration
from services.supervision.domain.firms import TechnicalServiceFirm
from services.supervision.domain.inspections import Inspection
from services.supervision.domain.joint import CaseTransfer, JointInspection
from services.supervision.domain.leniency import LeniencyPolicies
from services.supervision.domain.penalties import PenaltyCase
from services.supervision.domain.plans import InspectionPlan, PlanAnnouncement
from services.supervision.domain.rectification import RectificationOrder
from services.supervision.domain.referrals import ReferralLetter
from services.supervision.domain.verification import CommitmentVerification

SOURCE = "supervision"

Published = tuple[Message, str, str]
"""(message, subject, business time)."""


def _day(value: str) -> str:
    """A business day as a time: its close, in China Standard Time."""
    return end_of_day(dt.date.fromisoformat(value)).isoformat()


def _plan_published(e: InspectionPlan.Published) -> Published:
    message = pb.InspectionPlanPublished(
        plan_id=str(e.originator_id),
        month=e.month,
        district=e.district,
        seed=e.seed,
        register_snapshot=e.register_snapshot,
        draws=[
            pb.InspectionPlanPublished.Draw(
                uscc=d["uscc"], unit_name=d["unit_name"], inspector_ids=d["inspector_ids"], reason=d["reason"]
            )
            for d in e.draws
        ],
        published_at=e.published_at,
        rules=json.dumps(e.rules, sort_keys=True, separators=(",", ":")),
        pool_size=e.pool_size,
        units_in_snapshot=e.units_in_snapshot,
        guidance=e.guidance,
        unstaffed=e.unstaffed,
        commitment=e.commitment,
        reveal=e.reveal,
        announced_at=e.announced_at,
    )
    return message, e.district, e.published_at


def _plan_announced(e: PlanAnnouncement.Announced) -> Published:
    """The commitment only: the value behind it stays inside until the draw."""
    message = pb.InspectionPlanAnnounced(
        plan_id=str(InspectionPlan.create_id(e.district, e.month)),
        month=e.month,
        district=e.district,
        commitment=e.commitment,
        announced_at=e.announced_at,
    )
    return message, e.district, e.announced_at


def _results_published(e: InspectionPlan.ResultsPublished) -> Published:
    message = pb.InspectionResultsPublished(
        plan_id=str(e.originator_id),
        month=e.month,
        district=e.district,
        results=[pb.InspectionResultsPublished.Result(**r) for r in e.results],
        published_at=e.published_at,
    )
    return message, e.district, e.published_at


def _inspection_recorded(e: Inspection.Recorded) -> Published:
    message = pb.InspectionRecorded(
        inspection_id=str(e.originator_id),
        uscc=e.uscc,
        unit_name=e.unit_name,
        district=e.district,
        mode=e.mode,
        purpose=e.purpose,
        inspector_ids=e.inspector_ids,
        hazards=e.hazards,
        major_hazards=e.major_hazards,
        violations=e.violations,
        inspected_on=e.inspected_on,
        firm_violations=e.firm_violations,
    )
    return message, e.uscc, e.recorded_at


def _hazard_found(e: Inspection.HazardFound) -> Published:
    message = pb.HazardFound(
        hazard_id=e.hazard_id,
        inspection_id=str(e.originator_id),
        uscc=e.uscc,
        unit_name=e.unit_name,
        district=e.district,
        grade=e.grade,
        description=e.description,
        found_on=e.found_on,
        industry_regulator=e.industry_regulator,
        location=e.location,
        hazard_type=e.hazard_type,
    )
    return message, e.uscc, _day(e.found_on)


def _violation_found(e: Inspection.ViolationFound) -> Published:
    message = pb.ViolationFound(
        violation_id=e.violation_id,
        inspection_id=str(e.originator_id),
        uscc=e.uscc,
        unit_name=e.unit_name,
        violation_type=e.violation_type,
        description=e.description,
        found_on=e.found_on,
        corrected_on_the_spot=e.corrected_on_the_spot,
        district=e.district,
        severity=e.severity,
        party_kind=e.party_kind,
        service_type=e.service_type,
        site_uscc=e.site_uscc,
    )
    return message, e.uscc, _day(e.found_on)


def _ordered(e: RectificationOrder.Ordered) -> Published:
    message = pb.RectificationOrdered(
        order_id=str(e.originator_id),
        uscc=e.uscc,
        unit_name=e.unit_name,
        district=e.district,
        hazard_ids=e.hazard_ids,
        advice=e.advice,
        deadline=e.deadline,
        major=e.major,
        ordered_on=e.ordered_on,
        responsible_person=e.responsible_person,
        responsible_phone=e.responsible_phone,
        responsible_email=e.responsible_email,
        violation_ids=e.violation_ids,
        listed_for_supervision=e.listed_for_supervision,
        officer_ids=e.officer_ids,
        inspection_id=e.inspection_id,
        deadline_provisional=e.deadline_provisional,
        hazards=[pb.OrderedFinding(**f) for f in e.hazards],
        violations=[pb.OrderedFinding(**f) for f in e.violations],
        legal_basis=e.legal_basis,
    )
    return message, e.uscc, _day(e.ordered_on)


def _extended(e: RectificationOrder.Extended) -> Published:
    message = pb.RectificationExtended(
        order_id=str(e.originator_id),
        uscc=e.uscc,
        previous_deadline=e.previous_deadline,
        deadline=e.deadline,
        extended_on=e.extended_on,
        reason=e.reason,
        deadline_provisional=e.deadline_provisional,
    )
    return message, e.uscc, _day(e.extended_on)


def _verified(e: RectificationOrder.Verified) -> Published:
    message = pb.RectificationVerified(
        order_id=str(e.originator_id),
        uscc=e.uscc,
        unit_name=e.unit_name,
        major=e.major,
        verified_on=e.verified_on,
        inspection_id=e.inspection_id,
    )
    return message, e.uscc, _day(e.verified_on)


def _overdue(e: RectificationOrder.Overdue) -> Published:
    message = pb.RectificationOverdue(
        order_id=str(e.originator_id),
        uscc=e.uscc,
        unit_name=e.unit_name,
        district=e.district,
        major=e.major,
        refused=e.refused,
        deadline=e.deadline,
        overdue_on=e.overdue_on,
        inspection_id=e.inspection_id,
    )
    return message, e.uscc, _day(e.overdue_on)


def _deadline_revised(e: RectificationOrder.DeadlineRevised) -> Published:
    message = pb.DeadlineRevised(
        order_id=str(e.originator_id),
        uscc=e.uscc,
        unit_name=e.unit_name,
        what=e.what,
        previous_deadline=e.previous,
        deadline=e.revised,
        deadline_provisional=e.provisional,
        arrangement=e.arrangement,
        revised_at=e.revised_at,
    )
    return message, e.uscc, e.revised_at


def _suspended(e: RectificationOrder.BusinessSuspended) -> Published:
    message = pb.BusinessSuspended(
        uscc=e.uscc, unit_name=e.unit_name, order_id=str(e.originator_id), suspended_on=e.suspended_on
    )
    return message, e.uscc, _day(e.suspended_on)


def _resumed(e: RectificationOrder.SuspensionLifted) -> Published:
    message = pb.BusinessResumed(
        uscc=e.uscc, unit_name=e.unit_name, order_id=str(e.originator_id), resumed_on=e.lifted_on
    )
    return message, e.uscc, _day(e.lifted_on)


def _measure_taken(e: AccountabilityMeasure.Taken) -> Published:
    message = pb.AccountabilityMeasureTaken(
        measure_id=str(e.originator_id),
        order_id=e.order_id,
        uscc=e.uscc,
        unit_name=e.unit_name,
        district=e.district,
        kind=e.kind,
        addressee_kind=e.addressee_kind,
        addressee=e.addressee,
        content=e.content,
        taken_on=e.taken_on,
        officer_ids=e.officer_ids,
        interview_at=e.interview_at,
        place=e.place,
        responsible_person=e.responsible_person,
    )
    return message, e.uscc, _day(e.taken_on)


def _penalty_decided(e: PenaltyCase.Decided) -> Published:
    message = pb.PenaltyDecided(
        penalty_id=str(e.originator_id),
        uscc=e.uscc,
        unit_name=e.unit_name,
        district=e.district,
        violation_type=e.violation_type,
        severity=e.severity,
        fine_yuan=e.fine_yuan,
        major=e.major,
        decided_on=e.decided_on,
        legal_basis=e.legal_basis,
        inspection_id=e.inspection_id,
        violation_id=e.violation_id,
        baseline_version=e.baseline_version,
        party_kind=e.party_kind,
        service_type=e.service_type,
        document_no=e.document_no,
        facts=e.facts,
        legal_representative=e.legal_representative,
        suspension=e.suspension,
        suspension_scope=e.suspension_scope,
        revocation=e.revocation,
        revoked_document=e.revoked_document,
        revoked_application_id=e.revoked_application_id,
    )
    return message, e.uscc, _day(e.decided_on)


def _joint_planned(e: JointInspection.Planned) -> Published:
    message = pb.JointInspectionPlanned(
        joint_inspection_id=str(e.originator_id),
        district=e.district,
        title=e.title,
        participants=[
            pb.JointInspectionPlanned.Participant(department=p["department"], name=p["name"], officers=p["officers"])
            for p in e.participants
        ],
        units=[pb.JointInspectionPlanned.Unit(uscc=u, unit_name=n) for u, n in zip(e.usccs, e.unit_names, strict=True)],
        planned_for=e.planned_for,
        planned_at=e.planned_at,
    )
    return message, str(e.originator_id), e.planned_at


def _case_transferred(e: CaseTransfer.Transferred) -> Published:
    message = pb.CaseTransferred(
        transfer_id=str(e.originator_id),
        inspection_id=e.inspection_id,
        uscc=e.uscc,
        unit_name=e.unit_name,
        district=e.district,
        department=e.department,
        department_name=e.department_name,
        findings=[pb.CaseTransferred.Finding(**f) for f in e.findings],
        reason=e.reason,
        legal_basis=e.legal_basis,
        transferred_on=e.transferred_on,
    )
    return message, e.uscc, _day(e.transferred_on)


def _leniency_published(e: LeniencyPolicies.Published) -> Published:
    message = pb.LeniencyPolicyPublished(
        document_no=e.document_no,
        title=e.title,
        districts=e.districts,
        starts_on=e.starts_on,
        ends_on=e.ends_on,
        published_by=e.published_by,
        published_at=e.published_at,
    )
    return message, e.document_no, e.published_at


def _commitment_verified(e: CommitmentVerification.Completed) -> Published:
    message = pb.CommitmentVerified(
        application_id=e.application_id,
        permit_no=e.permit_no,
        uscc=e.uscc,
        unit_name=e.unit_name,
        result=e.result,
        verified_on=e.verified_on,
        inspection_id=e.inspection_id,
        verified_at=e.verified_at,
    )
    return message, e.uscc, e.verified_at or _day(e.verified_on)


def _verification_overdue(e: CommitmentVerification.Overdue) -> Published:
    message = pb.CommitmentVerificationOverdue(
        application_id=e.application_id,
        uscc=e.uscc,
        unit_name=e.unit_name,
        due_date=e.due_date,
        overdue_on=e.overdue_on,
    )
    return message, e.uscc, _day(e.overdue_on)


def _feedback_given(e: Complaint.FeedbackGiven) -> Published:
    message = pb.ComplaintFeedbackGiven(
        complaint_id=e.ticket_no,
        uscc=e.uscc,
        reporter_contact=process_reporter_contact_seal().seal(
            {"name": e.reporter_name, "phone": e.reporter_phone, "email": e.reporter_email}
        ),
        feedback=e.feedback,
        given_at=e.given_at,
    )
    return message, e.uscc or e.ticket_no, e.given_at


def _complaint_overdue(e: Complaint.CheckOverdue) -> Published:
    message = pb.ComplaintCheckOverdue(
        complaint_id=e.ticket_no, uscc=e.uscc, category=e.category, due=e.due, overdue_at=e.overdue_at
    )
    return message, e.uscc or e.ticket_no, e.overdue_at


def _referral_sent(e: ReferralLetter.Sent) -> Published:
    message = pb.ReferralLetterSent(
        letter_id=str(e.originator_id),
        uscc=e.uscc,
        unit_name=e.unit_name,
        regulator=e.regulator,
        hazard_ids=e.hazard_ids,
        summary=e.summary,
        sent_on=e.sent_on,
        inspection_id=e.inspection_id,
        violation_ids=e.violation_ids or [],
        all_corrected_on_the_spot=e.all_corrected_on_the_spot,
    )
    return message, e.uscc, _day(e.sent_on)


def _fire_registered(e: FireRegistration.SimplyRegistered) -> Published:
    message = pb.SimpleFireRegistered(
        registration_id=str(e.originator_id),
        uscc=e.uscc,
        unit_name=e.unit_name,
        address=e.address,
        district=e.district,
        occurred_at=e.occurred_at,
        description=e.description,
        direct_loss_yuan=e.direct_loss_yuan,
        registered_on=e.registered_on,
    )
    return message, e.uscc or e.address, _day(e.registered_on)


def _firm_registered(e: TechnicalServiceFirm.Registered | TechnicalServiceFirm.Corrected) -> Published:
    corrected = isinstance(e, TechnicalServiceFirm.Corrected)
    at = e.corrected_at if isinstance(e, TechnicalServiceFirm.Corrected) else e.registered_at
    message = pb.TechnicalServiceFirmRegistered(
        uscc=e.uscc,
        firm_name=e.firm_name,
        district=e.district,
        service_types=e.service_types,
        address=e.address,
        registered_at=at,
        corrected=corrected,
    )
    return message, e.uscc, at


TRANSLATIONS: dict[type[Any], Callable[[Any], Published]] = {
    PlanAnnouncement.Announced: _plan_announced,
    InspectionPlan.Published: _plan_published,
    InspectionPlan.ResultsPublished: _results_published,
    Inspection.Recorded: _inspection_recorded,
    Inspection.HazardFound: _hazard_found,
    Inspection.ViolationFound: _violation_found,
    RectificationOrder.Ordered: _ordered,
    RectificationOrder.Extended: _extended,
    RectificationOrder.Verified: _verified,
    RectificationOrder.Overdue: _overdue,
    RectificationOrder.DeadlineRevised: _deadline_revised,
    RectificationOrder.BusinessSuspended: _suspended,
    RectificationOrder.SuspensionLifted: _resumed,
    AccountabilityMeasure.Taken: _measure_taken,
    PenaltyCase.Decided: _penalty_decided,
    LeniencyPolicies.Published: _leniency_published,
    JointInspection.Planned: _joint_planned,
    CaseTransfer.Transferred: _case_transferred,
    CommitmentVerification.Completed: _commitment_verified,
    CommitmentVerification.Overdue: _verification_overdue,
    Complaint.FeedbackGiven: _feedback_given,
    Complaint.CheckOverdue: _complaint_overdue,
    ReferralLetter.Sent: _referral_sent,
    FireRegistration.SimplyRegistered: _fire_registered,
    TechnicalServiceFirm.Registered: _firm_registered,
    TechnicalServiceFirm.Corrected: _firm_registered,
}


def translate(domain_event: Any, position: int) -> Envelope | None:
    translation = TRANSLATIONS.get(type(domain_event))
    if translation is None:
        return None
    message, subject, business_time = translation(domain_event)
    return Envelope.wrap(
        source=SOURCE,
        position=position,
        originator_id=domain_event.originator_id,
        originator_version=domain_event.originator_version,
        message=message,
        subject=subject,
        business_time=business_time,
        correlation_id=str(domain_event.originator_id),
    )
