"""Complaints (12345), commitment verifications requested by permits, and the day-close command."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from eventsourcing.application import ProcessingEvent
from eventsourcing.domain import Aggregate

from firesafety.permits.v1 import events_pb2 as permit_events
from kit.arrangements import Arrangement, book_with
from kit.calendar import WorkingDayCalendar
from kit.envelope import Envelope
from kit.processing import handles
from services.supervision.application.base import SupervisionBase
from services.supervision.domain.agency_deadlines import AgencyDeadline, AgencyDeadlineKind
from services.supervision.domain.common import URGENT_COMPLAINTS, ComplaintCategory, local_day
from services.supervision.domain.complaints import Complaint, Reporter
from services.supervision.domain.inspectors import EnforcementTarget
from services.supervision.domain.rectification import OrderStatus, RectificationOrder
from services.supervision.domain.register import RegisteredUnit
from services.supervision.domain.verification import CommitmentVerification


@dataclass
class DayClosed:
    day: str
    orders_overdue: int = 0
    complaints_overdue: int = 0
    verifications_overdue: int = 0
    agency_deadlines_missed: int = 0


class Deadlines(SupervisionBase):
    @handles("permits", "CommitmentVerificationRequested")
    def _verification_requested(self, envelope: Envelope, processing: ProcessingEvent[Any]) -> None:
        requested = envelope.message(permit_events.CommitmentVerificationRequested)
        if self.find(CommitmentVerification, CommitmentVerification.create_id(requested.application_id)):
            return
        requested_at = requested.requested_at or envelope.business_time
        requested_on = local_day(dt.datetime.fromisoformat(requested_at))
        if requested.due_date:
            due = dt.date.fromisoformat(requested.due_date)
            provisional = requested.due_date_provisional
        else:
            due = self.add_working_days(requested_on, self.rules.commitment_verification_working_days)
            provisional = self.calendar.provisional_between(requested_on, due)
        processing.collect_events(
            CommitmentVerification(
                application_id=requested.application_id,
                permit_no=requested.permit_no,
                uscc=requested.uscc,
                unit_name=requested.unit_name,
                venue_name=requested.venue_name,
                district=requested.district,
                address=requested.address,
                requested_at=requested_at,
                due_date=due.isoformat(),
                due_provisional=provisional,
            )
        )

    @handles("permits", "DueDateRevised")
    def _due_date_revised(self, envelope: Envelope, processing: ProcessingEvent[Any]) -> None:
        """Permits counted a commitment verification's 20 working days again on the official arrangement."""
        revised = envelope.message(permit_events.DueDateRevised)
        if revised.what != "commitment_verification":
            return
        verification = self.find(CommitmentVerification, CommitmentVerification.create_id(revised.application_id))
        if verification is not None and verification.revise_due(
            dt.date.fromisoformat(revised.due_date), revised.due_date_provisional, revised.arrangement
        ):
            processing.collect_events(verification)

    def load_arrangement(
        self,
        arrangement: Arrangement,
        at: dt.datetime,
        order_ids: Iterable[uuid.UUID] = (),
        complaint_ids: Iterable[uuid.UUID] = (),
        agency_deadline_ids: Iterable[uuid.UUID] = (),
    ) -> tuple[bool, list[Aggregate]]:
        """Record the official arrangement of a year and, in the same transaction, revise the running
        deadlines it moves: orders, re-inspections, complaint checks. Loading it again changes nothing."""
        book, changed = book_with(self, arrangement, at, {})
        if not changed:
            return False, []
        calendar = self.calendar.after(book)
        on = local_day(at)
        revised: list[Aggregate] = []
        reason = f"arrangement {arrangement.notice_no}"
        counted: set[uuid.UUID] = set()
        for order_id in order_ids:
            order = self.find(RectificationOrder, order_id)
            if order is None:
                continue
            if order.revise_deadlines(
                calendar,
                lambda day: _next_working_day(calendar, day),
                self.rules.reinspection_working_days,
                arrangement.notice_no,
                at,
                on,
            ):
                revised.append(order)
            reinspection = self.agency_deadline(AgencyDeadlineKind.REINSPECTION, str(order.id))
            if reinspection is not None and order.status is OrderStatus.OPEN:
                counted.add(reinspection.id)  # the re-inspection counts from the order's deadline, as revised
                if reinspection.count_again(calendar, reason, order.deadline):
                    revised.append(reinspection)
        for complaint_id in complaint_ids:
            complaint = self.find(Complaint, complaint_id)
            if complaint is not None and complaint.revise_due(calendar, arrangement.notice_no, at):
                revised.append(complaint)
        for deadline_id in agency_deadline_ids:
            owed = self.find(AgencyDeadline, deadline_id) if deadline_id not in counted else None
            if owed is not None and owed.count_again(calendar, reason):
                revised.append(owed)
        self.save(book, *revised)
        self.calendar.invalidate()
        return True, revised

    def receive_complaint(
        self,
        ticket_no: str,
        category: ComplaintCategory,
        description: str,
        received_at: dt.datetime,
        reporter: Reporter,
        uscc: str = "",
        address: str = "",
    ) -> tuple[Complaint, bool]:
        """Register a 12345 report once per ticket; a repeated delivery returns the first (False)."""
        existing = self.find(Complaint, Complaint.create_id(ticket_no))
        if existing is not None:
            return existing, False
        unit = self.find(RegisteredUnit, RegisteredUnit.create_id(uscc)) if uscc else None
        due = Complaint.due_for(
            category,
            received_at,
            self.rules.urgent_complaint_hours,
            self.rules.complaint_working_days,
            self.add_working_days,
        )
        urgent = category in URGENT_COMPLAINTS
        complaint = Complaint.receive(
            ticket_no=ticket_no,
            category=category,
            uscc=uscc,
            unit_name=unit.unit_name if unit else "",
            address=address or (str(unit.details.get("address", "")) if unit else ""),
            description=description,
            reporter=reporter,
            received_at=received_at,
            due=due,
            due_provisional=not urgent and self.calendar.provisional_between(local_day(received_at), local_day(due)),
            working_days=0 if urgent else self.rules.complaint_working_days,
        )
        self.save(complaint)
        return complaint, True

    def give_complaint_feedback(self, ticket_no: str, feedback: str, at: dt.datetime) -> Complaint:
        complaint = self.complaint(ticket_no)
        complaint.give_feedback(feedback, at)
        self.save(complaint)
        return complaint

    def check_unregistered_venue(
        self,
        ticket_no: str,
        venue_name: str,
        address: str,
        substantiated: bool,
        findings: str,
        evidence: Sequence[str],
        inspector_ids: Sequence[str],
        at: dt.datetime,
    ) -> Complaint:
        """核查 of a reported venue the register does not hold, by two certified inspectors without ties."""
        complaint = self.complaint(ticket_no)
        self.check_team(inspector_ids, EnforcementTarget(""), local_day(at))
        complaint.check_unregistered_venue(
            venue_name, address, substantiated, findings, list(evidence), list(inspector_ids), at
        )
        self.save(complaint)
        return complaint

    def complaint(self, ticket_no: str) -> Complaint:
        return self.get(Complaint, Complaint.create_id(ticket_no), f"complaint {ticket_no}")

    def close_day(
        self,
        day: dt.date,
        order_ids: Iterable[uuid.UUID] = (),
        complaint_ids: Iterable[uuid.UUID] = (),
        verification_ids: Iterable[uuid.UUID] = (),
        agency_deadline_ids: Iterable[uuid.UUID] = (),
    ) -> DayClosed:
        """Raise the deadlines that expired by the end of `day`. Closing a day twice changes nothing."""
        closed = DayClosed(day.isoformat())
        changed: list[Aggregate] = []
        for order_id in order_ids:
            order = self.find(RectificationOrder, order_id)
            if order is not None and order.close_day(day):
                closed.orders_overdue += 1
                changed.append(order)
        for complaint_id in complaint_ids:
            complaint = self.find(Complaint, complaint_id)
            if complaint is not None and complaint.close_day(day):
                closed.complaints_overdue += 1
                changed.append(complaint)
        for verification_id in verification_ids:
            verification = self.find(CommitmentVerification, verification_id)
            if verification is not None and verification.close_day(day):
                closed.verifications_overdue += 1
                changed.append(verification)
        for deadline_id in agency_deadline_ids:
            owed = self.find(AgencyDeadline, deadline_id)
            if owed is not None and owed.close_day(day):
                closed.agency_deadlines_missed += 1
                changed.append(owed)
        self.save(*changed)
        return closed


def _next_working_day(calendar: WorkingDayCalendar, day: dt.date) -> dt.date:
    while not calendar.is_working_day(day):
        day += dt.timedelta(days=1)
    return day
