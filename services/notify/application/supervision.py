"""Notices caused by supervision events: N3 (rectification), N4 (referral letters), N6 (feedback), N7."""

from __future__ import annotations

from typing import Any

from eventsourcing.application import ProcessingEvent

from firesafety.supervision.v1 import events_pb2 as supervision
from kit.envelope import Envelope
from kit.processing import handles
from kit.sealed import process_reporter_contact_seal
from services.notify.application.base import Cause, Message, NoticeWriter, day_of
from services.notify.domain import RESPONSIBLE_PERSON, Contact, Deadline, DeadlineKind
from services.notify.domain.recipients import reporter, to_person, to_public, to_regulator, to_unit


def finding(message: supervision.OrderedFinding) -> dict[str, str]:
    """A hazard or violation as the order names it (its grade or type in `kind`)."""
    return {"id": message.id, "kind": message.kind, "description": message.description, "location": message.location}


class SupervisionNotices(NoticeWriter):
    @handles("supervision", "RectificationOrdered")
    def _rectification_ordered(self, envelope: Envelope, processing: ProcessingEvent[Any]) -> None:
        """责令改正通知书 (S5): to the unit's responsible person; its deadline is remembered for the reminder."""
        e = envelope.message(supervision.RectificationOrdered)
        responsible = Contact(name=e.responsible_person, phone=e.responsible_phone, email=e.responsible_email)
        facts = {
            "order_id": e.order_id,
            "unit_name": e.unit_name,
            "district": e.district,
            "hazard_ids": list(e.hazard_ids),
            "violation_ids": list(e.violation_ids),
            "hazards": [finding(h) for h in e.hazards],
            "violations": [finding(v) for v in e.violations],
            "legal_basis": e.legal_basis,
            "advice": e.advice,
            "deadline": e.deadline,
            "major": e.major,
            "ordered_on": e.ordered_on or day_of(envelope.business_time),
            "provisional": e.deadline_provisional,
        }
        context = {**facts, "hazard_count": len(e.hazard_ids), "violation_count": len(e.violation_ids)}
        contacts = self.contacts_of(e.uscc)
        contacts.record(RESPONSIBLE_PERSON, responsible, envelope.business_time, envelope.event_id)
        notices = self.compose(
            Cause.of(envelope),
            Message("rectification_ordered", e.uscc, e.order_id, context, facts),
            to_unit(e.uscc, RESPONSIBLE_PERSON, responsible if responsible.reachable else None),
        )
        processing.collect_events(contacts, *notices)
        if e.deadline and self.deadline(DeadlineKind.RECTIFICATION, e.order_id) is None:
            processing.collect_events(
                Deadline(
                    kind=DeadlineKind.RECTIFICATION.value,
                    reference=e.order_id,
                    uscc=e.uscc,
                    unit_name=e.unit_name,
                    due_on=e.deadline,
                    details={"order_id": e.order_id, "major": e.major, "provisional": e.deadline_provisional},
                    contact=responsible.to_record(),
                    opened_at=envelope.business_time,
                )
            )

    @handles("supervision", "RectificationExtended")
    def _rectification_extended(self, envelope: Envelope, processing: ProcessingEvent[Any]) -> None:
        """延期整改 (004 #08): the new deadline; the reminder follows it."""
        e = envelope.message(supervision.RectificationExtended)
        deadline = self.deadline(DeadlineKind.RECTIFICATION, e.order_id)
        facts = {
            "order_id": e.order_id,
            "unit_name": deadline.unit_name if deadline else f"统一社会信用代码为{e.uscc}的单位",
            "previous_deadline": e.previous_deadline,
            "deadline": e.deadline,
            "provisional": e.deadline_provisional,
        }
        self._to_responsible_person(
            processing, envelope, e.uscc, deadline, Message("rectification_extended", e.uscc, e.order_id, facts, facts)
        )
        if deadline is not None:
            deadline.move(e.deadline, moved_on=e.extended_on or day_of(envelope.business_time))
            processing.collect_events(deadline)

    @handles("supervision", "RectificationVerified")
    def _rectification_verified(self, envelope: Envelope, processing: ProcessingEvent[Any]) -> None:
        """Rectified on re-inspection (复查): no more reminders."""
        e = envelope.message(supervision.RectificationVerified)
        deadline = self.deadline(DeadlineKind.RECTIFICATION, e.order_id)
        if deadline is not None:
            deadline.close("rectified", closed_on=e.verified_on or day_of(envelope.business_time))
            processing.collect_events(deadline)

    @handles("supervision", "RectificationOverdue")
    def _rectification_overdue(self, envelope: Envelope, processing: ProcessingEvent[Any]) -> None:
        """逾期未改 or refused (S5): the unit is told what follows."""
        e = envelope.message(supervision.RectificationOverdue)
        deadline = self.deadline(DeadlineKind.RECTIFICATION, e.order_id)
        facts = {
            "order_id": e.order_id,
            "unit_name": e.unit_name,
            "district": e.district,
            "major": e.major,
            "refused": e.refused,
            "deadline": e.deadline,
            "overdue_on": e.overdue_on,
        }
        self._to_responsible_person(
            processing, envelope, e.uscc, deadline, Message("rectification_overdue", e.uscc, e.order_id, facts, facts)
        )
        if deadline is not None:
            deadline.close(
                "refused" if e.refused else "overdue", closed_on=e.overdue_on or day_of(envelope.business_time)
            )
            processing.collect_events(deadline)

    @handles("supervision", "AccountabilityMeasureTaken")
    def _accountability_measure_taken(self, envelope: Envelope, processing: ProcessingEvent[Any]) -> None:
        """函告、警示、约谈 (S5, 002 二(六)): to the person the order named, or whoever the unit is reached by."""
        e = envelope.message(supervision.AccountabilityMeasureTaken)
        facts = {
            "measure_id": e.measure_id,
            "order_id": e.order_id,
            "unit_name": e.unit_name,
            "district": e.district,
            "kind": e.kind,
            "addressee_kind": e.addressee_kind,
            "addressee": e.addressee,
            "content": e.content,
            "taken_on": e.taken_on or day_of(envelope.business_time),
            "interview_at": e.interview_at,
            "place": e.place,
        }
        deadline = self.deadline(DeadlineKind.RECTIFICATION, e.order_id)
        message = Message("accountability_measure", e.uscc, e.measure_id, facts, facts)
        self._to_responsible_person(processing, envelope, e.uscc, deadline, message)

    @handles("supervision", "ReferralLetterSent")
    def _referral_letter_sent(self, envelope: Envelope, processing: ProcessingEvent[Any]) -> None:
        """函告/隐患抄告/移送抄告 (S8): the letter goes to the industry regulator named in the directory."""
        e = envelope.message(supervision.ReferralLetterSent)
        facts = {
            "letter_id": e.letter_id,
            "unit_name": e.unit_name,
            "regulator": e.regulator,
            "hazard_ids": list(e.hazard_ids),
            "violation_ids": list(e.violation_ids),
            "all_corrected_on_the_spot": e.all_corrected_on_the_spot,
            "summary": e.summary,
            "sent_on": e.sent_on,
        }
        context = {**facts, "regulator_name": self.directory.regulator_name(e.regulator)}
        message = Message("referral_letter", e.uscc, e.letter_id, context, facts)
        processing.collect_events(*self.compose(Cause.of(envelope), message, to_regulator(e.regulator)))

    @handles("supervision", "ComplaintFeedbackGiven")
    def _complaint_feedback_given(self, envelope: Envelope, processing: ProcessingEvent[Any]) -> None:
        """12345 (S7): feedback to the reporter, by whatever contact they left."""
        e = envelope.message(supervision.ComplaintFeedbackGiven)
        if e.reporter_contact:
            sealed = process_reporter_contact_seal().open(e.reporter_contact)
            contact = Contact(name=sealed["name"], phone=sealed["phone"], email=sealed["email"])
        else:  # published before the contact was sealed
            contact = Contact(name=e.reporter_name, phone=e.reporter_phone, email=e.reporter_email)
        context = {"complaint_id": e.complaint_id, "reporter_name": contact.name, "feedback": e.feedback}
        message = Message("complaint_feedback", e.uscc, e.complaint_id, context, {"complaint_id": e.complaint_id})
        deliveries = to_person(reporter(e.complaint_id), "reporter", contact)
        processing.collect_events(*self.compose(Cause.of(envelope), message, deliveries))

    @handles("supervision", "PenaltyDecided")
    def _penalty_decided(self, envelope: Envelope, processing: ProcessingEvent[Any]) -> None:
        """双公示 (S6, N7): every penalty decision, public within the legal time."""
        e = envelope.message(supervision.PenaltyDecided)
        decided_on = e.decided_on or day_of(envelope.business_time)
        facts = {
            "kind": "penalty",
            "penalty_id": e.penalty_id,
            "uscc": e.uscc,
            "unit_name": e.unit_name,
            "district": e.district,
            "violation_type": e.violation_type,
            "severity": e.severity,
            "fine_yuan": e.fine_yuan,
            "warning": e.warning,
            "legal_basis": e.legal_basis,
            "document_no": e.document_no,
            "facts": e.facts,
            "legal_representative": e.legal_representative,
            "suspension": e.suspension,
            "suspension_scope": e.suspension_scope,
            "revocation": e.revocation,
            "revoked_document": e.revoked_document,
            "decided_on": decided_on,
            "publish_by": self.publish_by(decided_on),
        }
        message = Message("penalty_published", e.uscc, e.penalty_id, facts, facts)
        processing.collect_events(*self.compose(Cause.of(envelope), message, to_public()))

    @handles("supervision", "InspectionPlanAnnounced")
    def _inspection_plan_announced(self, envelope: Envelope, processing: ProcessingEvent[Any]) -> None:
        """一公开 (S1): the month's plan announced with the commitment that fixes its draw's seed."""
        e = envelope.message(supervision.InspectionPlanAnnounced)
        facts = {
            "kind": "inspection_plan_announcement",
            "plan_id": e.plan_id,
            "month": e.month,
            "district": e.district,
            "commitment": e.commitment,
            "decided_on": day_of(e.announced_at or envelope.business_time),
        }
        message = Message("inspection_plan_announced", "", e.plan_id, facts, facts)
        processing.collect_events(*self.compose(Cause.of(envelope), message, to_public()))

    @handles("supervision", "InspectionPlanPublished")
    def _inspection_plan_published(self, envelope: Envelope, processing: ProcessingEvent[Any]) -> None:
        """一公开 (S1): the month's plan; which units and inspectors were drawn stays internal until the results."""
        e = envelope.message(supervision.InspectionPlanPublished)
        facts = {
            "kind": "inspection_plan",
            "plan_id": e.plan_id,
            "month": e.month,
            "district": e.district,
            "seed": e.seed,
            "commitment": e.commitment,
            "reveal": e.reveal,
            "register_snapshot": e.register_snapshot,
            "draw_count": len(e.draws),
            "decided_on": day_of(e.published_at or envelope.business_time),
        }
        message = Message("inspection_plan_published", "", e.plan_id, facts, facts)
        processing.collect_events(*self.compose(Cause.of(envelope), message, to_public()))

    @handles("supervision", "InspectionResultsPublished")
    def _inspection_results_published(self, envelope: Envelope, processing: ProcessingEvent[Any]) -> None:
        """一公开 (S1): the month's results, unit by unit."""
        e = envelope.message(supervision.InspectionResultsPublished)
        results = [{"uscc": r.uscc, "unit_name": r.unit_name, "outcome": r.outcome} for r in e.results]
        facts = {
            "kind": "inspection_results",
            "plan_id": e.plan_id,
            "month": e.month,
            "district": e.district,
            "results": results,
            "decided_on": day_of(e.published_at or envelope.business_time),
        }
        message = Message("inspection_results_published", "", e.plan_id, facts, facts)
        processing.collect_events(*self.compose(Cause.of(envelope), message, to_public()))

    def _to_responsible_person(
        self,
        processing: ProcessingEvent[Any],
        envelope: Envelope,
        uscc: str,
        deadline: Deadline | None,
        message: Message,
    ) -> None:
        """The person the order named; without the order, whoever the unit is known to be reached by."""
        contact = Contact.from_record(deadline.contact) if deadline else None
        role = RESPONSIBLE_PERSON
        if contact is None or not contact.reachable:
            role, contact = self.preferred_contact(uscc)
        processing.collect_events(*self.compose(Cause.of(envelope), message, to_unit(uscc, role, contact)))
