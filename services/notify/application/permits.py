"""Notices caused by permit events: N1 (one-time list), N2 (decisions, delivery), N7 (publication), N8."""

from __future__ import annotations

from typing import Any

from eventsourcing.application import ProcessingEvent

from firesafety.permits.v1 import events_pb2 as permits
from kit.envelope import Envelope
from kit.processing import handles
from kit.sealed import process_applicant_contact_seal
from services.notify.application.base import Cause, Message, NoticeWriter, day_of
from services.notify.domain import APPLICANT, Contact, Deadline, DeadlineKind
from services.notify.domain.recipients import to_brigade, to_public, to_unit

DECISIONS = {
    "granted": "准予许可",
    "refused": "不予许可",
    "revoked": "撤销许可",
    "revoked_by_penalty": "吊销许可",
    "amended": "准予变更",
}
#: permits' reason when a penalty decision revoked the permit: the decision itself tells the unit.
PENALTY_REVOCATION = "penalty_revocation"
REVOCATION_REASONS = {
    "commitment_seriously_false": "经核查，告知承诺内容严重失实",
    "failed_to_rectify": "经核查不符合消防安全要求且逾期未改正",
}


def revocation_reason(reason: str) -> str:
    """The reason in the words of a decision; permits may send a code or a sentence."""
    if reason in REVOCATION_REASONS:
        return REVOCATION_REASONS[reason]
    if "严重失实" in reason or "seriously false" in reason.lower():
        return REVOCATION_REASONS["commitment_seriously_false"]
    if any("\u4e00" <= ch <= "\u9fff" for ch in reason):
        return reason
    return "存在依法应当撤销许可的情形"


def contact_of(message: permits.Contact) -> Contact:
    """The applicant permits names, sealed for notify (or in clear, in messages published before)."""
    if message.sealed:
        opened = process_applicant_contact_seal().open(message.sealed)
        return Contact(name=opened.get("name", ""), phone=opened.get("phone", ""), email=opened.get("email", ""))
    return Contact(name=message.name, phone=message.phone, email=message.email)


class PermitNotices(NoticeWriter):
    @handles("permits", "DeficienciesNotified")
    def _deficiencies_notified(self, envelope: Envelope, processing: ProcessingEvent[Any]) -> None:
        """一次性告知: one notice listing every missing item (P2)."""
        e = envelope.message(permits.DeficienciesNotified)
        missing = list(e.missing_materials)
        if not missing:
            return
        applicant = contact_of(e.applicant)
        message = Message(
            "missing_materials",
            e.uscc,
            e.application_id,
            context={
                "unit_name": e.unit_name,
                "venue_name": e.venue_name,
                "missing": missing,
                "application_id": e.application_id,
                "route": e.route,
            },
            data={
                "application_id": e.application_id,
                "venue_name": e.venue_name,
                "missing_materials": missing,
                "route": e.route,
            },
        )
        self._to_applicant(processing, envelope, e.uscc, applicant, message)

    @handles("permits", "PermitGranted")
    def _permit_granted(self, envelope: Envelope, processing: ProcessingEvent[Any]) -> None:
        e = envelope.message(permits.PermitGranted)
        if e.HasField("applicant"):
            applicant = contact_of(e.applicant)
        else:  # published before the applicant's contact was sealed
            applicant = Contact(name=e.applicant_name, phone=e.applicant_phone, email=e.applicant_email)
        facts = {
            "application_id": e.application_id,
            "permit_no": e.permit_no,
            "route": e.route,
            "unit_name": e.unit_name,
            "venue_name": e.venue_name,
            "district": e.district,
        }
        message = Message(
            "permit_granted",
            e.uscc,
            e.application_id,
            context={**facts, "delivery_method": e.delivery_method},
            data=facts,
        )
        self._to_applicant(processing, envelope, e.uscc, applicant, message)
        self._publish_decision(
            processing,
            envelope,
            decision="granted",
            uscc=e.uscc,
            reference=e.application_id,
            decided_on=day_of(e.granted_at or envelope.business_time),
            details={**facts, "address": e.address, "venue_category": e.venue_category},
        )

    @handles("permits", "PermitRefused")
    def _permit_refused(self, envelope: Envelope, processing: ProcessingEvent[Any]) -> None:
        """不予许可, with the reasons and the rectification advice (P8)."""
        e = envelope.message(permits.PermitRefused)
        facts = {
            "application_id": e.application_id,
            "unit_name": e.unit_name,
            "venue_name": e.venue_name,
            "district": e.district,
        }
        message = Message(
            "permit_refused",
            e.uscc,
            e.application_id,
            context={**facts, "reasons": list(e.reasons), "advice": e.rectification_advice},
            data={**facts, "reasons": list(e.reasons), "rectification_advice": e.rectification_advice},
        )
        self._to_applicant(processing, envelope, e.uscc, contact_of(e.applicant), message)
        self._publish_decision(
            processing,
            envelope,
            decision="refused",
            uscc=e.uscc,
            reference=e.application_id,
            decided_on=day_of(e.refused_at or envelope.business_time),
            details=facts,
        )

    @handles("permits", "PermitRevoked")
    def _permit_revoked(self, envelope: Envelope, processing: ProcessingEvent[Any]) -> None:
        e = envelope.message(permits.PermitRevoked)
        reason = revocation_reason(e.reason)
        facts = {
            "application_id": e.application_id,
            "permit_no": e.permit_no,
            "unit_name": e.unit_name,
            "district": e.district,
            "reason": e.reason,
        }
        by_penalty = e.reason == PENALTY_REVOCATION
        if not by_penalty:  # 吊销 by a penalty: the unit has the penalty decision, which says so
            message = Message(
                "permit_revoked", e.uscc, e.application_id, context={**facts, "reason": reason}, data=facts
            )
            self._to_unit(processing, envelope, e.uscc, message)
        self._publish_decision(
            processing,
            envelope,
            decision="revoked_by_penalty" if by_penalty else "revoked",
            uscc=e.uscc,
            reference=e.application_id,
            decided_on=day_of(e.revoked_at or envelope.business_time),
            details=facts,
        )

    @handles("permits", "PermitAmended")
    def _permit_amended(self, envelope: Envelope, processing: ProcessingEvent[Any]) -> None:
        """简化变更 (P5): name or legal representative only."""
        e = envelope.message(permits.PermitAmended)
        facts = {
            "application_id": e.application_id,
            "permit_no": e.permit_no,
            "previous_name": e.previous_name,
            "unit_name": e.unit_name,
            "previous_legal_representative": e.previous_legal_representative,
            "legal_representative": e.legal_representative,
        }
        self._to_unit(processing, envelope, e.uscc, Message("permit_amended", e.uscc, e.application_id, facts, facts))
        # P10: an amendment is a permit decision, published like the grant it amends.
        self._publish_decision(
            processing,
            envelope,
            decision="amended",
            uscc=e.uscc,
            reference=e.application_id,
            decided_on=day_of(e.amended_at or envelope.business_time),
            details={**facts, "venue_name": e.venue_name, "district": e.district, "address": e.address},
        )

    @handles("permits", "DocumentsDelivered")
    def _documents_delivered(self, envelope: Envelope, processing: ProcessingEvent[Any]) -> None:
        """送达 (P6): directly or by free post."""
        e = envelope.message(permits.DocumentsDelivered)
        facts = {
            "application_id": e.application_id,
            "permit_no": e.permit_no,
            "method": e.method,
            "delivered_on": day_of(e.delivered_at or envelope.business_time),
            "tracking_no": e.postal_tracking_no,
        }
        applicant = contact_of(e.applicant)
        message = Message(
            "documents_delivered",
            e.uscc,
            e.application_id,
            context={**facts, "addressee": applicant.name or "申请人"},
            data=facts,
        )
        self._to_applicant(processing, envelope, e.uscc, applicant, message)

    @handles("permits", "StatutoryClockBreached")
    def _statutory_clock_breached(self, envelope: Envelope, processing: ProcessingEvent[Any]) -> None:
        """超期: the district's brigade is alerted."""
        e = envelope.message(permits.StatutoryClockBreached)
        facts = {
            "application_id": e.application_id,
            "unit_name": e.unit_name,
            "district": e.district,
            "stage": e.stage,
            "due_date": e.due_date,
            "breached_on": e.breached_on,
        }
        brigade = self.directory.brigades.get(e.district)
        context = {**facts, "brigade_name": brigade.name if brigade else f"{e.district}消防救援机构"}
        message = Message("statutory_clock_breached", e.uscc, e.application_id, context, facts)
        processing.collect_events(*self.compose(Cause.of(envelope), message, to_brigade(e.district)))

    @handles("permits", "AppointmentBooked")
    def _appointment_booked(self, envelope: Envelope, processing: ProcessingEvent[Any]) -> None:
        """Guidance before opening (P7) or an off-hours inspection (错时): confirmed now, reminded later."""
        e = envelope.message(permits.AppointmentBooked)
        applicant = contact_of(e.applicant)
        facts: dict[str, Any] = {
            "appointment_id": e.appointment_id,
            "unit_name": e.unit_name,
            "venue_name": e.venue_name,
            "address": e.address,
            "kind": e.kind,
            "requested_date": e.requested_date or e.due_date,
            "due_date": e.due_date or e.requested_date,
            "provisional": e.due_date_provisional,
        }
        message = Message("appointment_booked", e.uscc, e.appointment_id, facts, facts)
        self._to_applicant(processing, envelope, e.uscc, applicant, message)
        if self.deadline(DeadlineKind.APPOINTMENT, e.appointment_id) is None and facts["requested_date"]:
            processing.collect_events(
                Deadline(
                    kind=DeadlineKind.APPOINTMENT.value,
                    reference=e.appointment_id,
                    uscc=e.uscc,
                    unit_name=e.unit_name,
                    due_on=str(facts["requested_date"]),
                    details=facts,
                    contact=applicant.to_record(),
                    opened_at=envelope.business_time,
                )
            )

    def _to_applicant(
        self,
        processing: ProcessingEvent[Any],
        envelope: Envelope,
        uscc: str,
        applicant: Contact,
        message: Message,
    ) -> None:
        """To the unit's inbox and the applicant named in the event, who is remembered for later notices."""
        contacts = self.contacts_of(uscc)
        contacts.record(APPLICANT, applicant, envelope.business_time, envelope.event_id)
        notices = self.compose(Cause.of(envelope), message, to_unit(uscc, APPLICANT, applicant))
        processing.collect_events(contacts, *notices)

    def _to_unit(self, processing: ProcessingEvent[Any], envelope: Envelope, uscc: str, message: Message) -> None:
        """To the unit's inbox and the person the unit is known to be reached by."""
        role, contact = self.preferred_contact(uscc)
        processing.collect_events(*self.compose(Cause.of(envelope), message, to_unit(uscc, role, contact)))

    def _publish_decision(
        self,
        processing: ProcessingEvent[Any],
        envelope: Envelope,
        *,
        decision: str,
        uscc: str,
        reference: str,
        decided_on: str,
        details: dict[str, Any],
    ) -> None:
        """双公示 (P10, N7): every permit decision, public within the legal time."""
        publish_by = self.publish_by(decided_on)
        facts = {
            **details,
            "kind": "permit",
            "decision": decision,
            "decision_label": DECISIONS[decision],
            "uscc": uscc,
            "decided_on": decided_on,
            "publish_by": publish_by,
        }
        context = {"venue_name": "", "address": "", "district": "", "permit_no": "", "route": "", **facts}
        message = Message("permit_decision_published", uscc, reference, context, facts)
        processing.collect_events(*self.compose(Cause.of(envelope), message, to_public()))
