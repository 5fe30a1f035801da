"""Due dates moved by the official holiday arrangement of a year: the party is told once (N1–N5).

Permits, supervision and credit each count their open dates again when the operator loads the
State Council's arrangement, and publish one revision per date that moved. The unit or the
applicant gets one notice per revision; a rectification deadline's reminder follows the new date.
"""

from __future__ import annotations

from typing import Any

from eventsourcing.application import ProcessingEvent

from firesafety.credit.v1 import events_pb2 as credit
from firesafety.permits.v1 import events_pb2 as permits
from firesafety.supervision.v1 import events_pb2 as supervision
from kit.envelope import Envelope
from kit.processing import handles
from services.notify.application.base import Cause, Message, NoticeWriter, day_of
from services.notify.application.permits import contact_of
from services.notify.domain import APPLICANT, RESPONSIBLE_PERSON, Contact, DeadlineKind
from services.notify.domain.recipients import to_unit

WHAT = {
    "inspection": "开业前消防安全检查的法定办理时限",
    "decision": "许可决定的法定办理时限",
    "commitment_verification": "告知承诺核查期限",
    "guidance": "开业前指导到场期限",
    "deadline": "责令改正通知书确定的整改期限",
    "reinspection": "整改复查期限",
    "objection": "列入失信名单事先告知的异议期限",
}


class RevisionNotices(NoticeWriter):
    @handles("permits", "DueDateRevised")
    def _permit_due_date_revised(self, envelope: Envelope, processing: ProcessingEvent[Any]) -> None:
        e = envelope.message(permits.DueDateRevised)
        reference = e.application_id or e.appointment_id
        facts = _facts(e.what, reference, e.unit_name, e.previous_due_date, e.due_date, e.due_date_provisional,
                       e.arrangement)  # fmt: skip
        applicant = contact_of(e.applicant)
        message = Message("deadline_revised", e.uscc, f"{reference}:{e.what}", facts, facts)
        recipient = applicant if applicant.reachable else None
        processing.collect_events(*self.compose(Cause.of(envelope), message, to_unit(e.uscc, APPLICANT, recipient)))

    @handles("supervision", "DeadlineRevised")
    def _rectification_deadline_revised(self, envelope: Envelope, processing: ProcessingEvent[Any]) -> None:
        e = envelope.message(supervision.DeadlineRevised)
        facts = _facts(e.what, e.order_id, e.unit_name, e.previous_deadline, e.deadline, e.deadline_provisional,
                       e.arrangement)  # fmt: skip
        deadline = self.deadline(DeadlineKind.RECTIFICATION, e.order_id) if e.what == "deadline" else None
        contact = Contact.from_record(deadline.contact) if deadline is not None else None
        role, recipient = (
            (RESPONSIBLE_PERSON, contact) if contact and contact.reachable else self.preferred_contact(e.uscc)
        )
        message = Message("deadline_revised", e.uscc, f"{e.order_id}:{e.what}", facts, facts)
        processing.collect_events(*self.compose(Cause.of(envelope), message, to_unit(e.uscc, role, recipient)))
        if deadline is not None:
            deadline.move(e.deadline, moved_on=day_of(e.revised_at or envelope.business_time))
            processing.collect_events(deadline)

    @handles("credit", "ObjectionDeadlineRevised")
    def _objection_deadline_revised(self, envelope: Envelope, processing: ProcessingEvent[Any]) -> None:
        e = envelope.message(credit.ObjectionDeadlineRevised)
        facts = _facts("objection", e.notice_id, e.unit_name, e.previous_deadline, e.objection_deadline,
                       e.objection_deadline_provisional, e.arrangement)  # fmt: skip
        role, recipient = self.preferred_contact(e.uscc)
        message = Message("deadline_revised", e.uscc, f"{e.notice_id}:objection", facts, facts)
        processing.collect_events(*self.compose(Cause.of(envelope), message, to_unit(e.uscc, role, recipient)))


def _facts(
    what: str, reference: str, unit_name: str, previous: str, deadline: str, provisional: bool, arrangement: str
) -> dict[str, Any]:
    return {
        "what": what,
        "what_label": WHAT.get(what, "期限"),
        "reference": reference,
        "unit_name": unit_name or "你单位",
        "previous_deadline": previous,
        "deadline": deadline,
        "provisional": provisional,
        "arrangement": arrangement,
        "revised_year": deadline[:4],
    }
