"""Complaints and tip-offs through 12345 (举报投诉, S7), checked within their limits, with feedback.

Locked exits, blocked evacuation routes and switched-off fire facilities are
checked within 24 hours of receipt; every other report within 3 working days.
A check later than its limit, or no check by the close of the day it was due,
is a breach, raised once.

A report may name only an address. It is checked either at a unit the inspectors register on
the spot (the complaint then concerns that unit), or, where the venue is no unit the register
can hold (no business licence, a rented flat used as a shop…), as a check of an unregistered
venue: what the two inspectors found there, whether the report was borne out, and the evidence.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from eventsourcing.domain import Aggregate, event

from services.supervision.domain.common import (
    URGENT_COMPLAINTS,
    ComplaintCategory,
    SupervisionError,
    WorkingDays,
    end_of_day,
    local_day,
    stable_id,
)


@dataclass(frozen=True)
class Reporter:
    """举报人: personal data, carried only to give feedback."""

    name: str = ""
    phone: str = ""
    email: str = ""


class Complaint(Aggregate):
    @staticmethod
    def create_id(ticket_no: str) -> uuid.UUID:
        return stable_id("complaint", ticket_no)

    class Received(Aggregate.Created):
        ticket_no: str
        uscc: str
        unit_name: str
        address: str
        category: str
        description: str
        reporter_name: str
        reporter_phone: str
        reporter_email: str
        received_at: str
        due: str
        #: Counted across a year the official arrangement has not reached yet.
        due_provisional: bool = False
        #: The check's limit in working days; 0 for the urgent ones, counted in hours.
        working_days: int = 0

    class Checked(Aggregate.Event):
        inspection_id: str
        checked_at: str
        #: The unit checked, when the report named only an address (registered on the spot).
        uscc: str = ""
        unit_name: str = ""

    class UnregisteredVenueChecked(Aggregate.Event):
        """核查 of a venue that is not on the register, by two inspectors."""

        ticket_no: str
        venue_name: str
        address: str
        substantiated: bool
        findings: str
        evidence: list[str]
        officer_ids: list[str]
        checked_at: str

    class CheckOverdue(Aggregate.Event):
        ticket_no: str
        uscc: str
        category: str
        due: str
        overdue_at: str

    class DueRevised(Aggregate.Event):
        """The check's limit moved by the official holiday arrangement (节假日安排)."""

        ticket_no: str
        previous_due: str
        due: str
        provisional: bool
        arrangement: str
        revised_at: str

    class FeedbackGiven(Aggregate.Event):
        ticket_no: str
        uscc: str
        reporter_name: str
        reporter_phone: str
        reporter_email: str
        feedback: str
        given_at: str

    @event(Received)
    def __init__(
        self,
        ticket_no: str,
        uscc: str,
        unit_name: str,
        address: str,
        category: str,
        description: str,
        reporter_name: str,
        reporter_phone: str,
        reporter_email: str,
        received_at: str,
        due: str,
        due_provisional: bool = False,
        working_days: int = 0,
    ) -> None:
        self.ticket_no = ticket_no
        self.received_at = dt.datetime.fromisoformat(received_at)
        self.due_provisional = due_provisional
        self.working_days = working_days
        self.uscc = uscc
        self.category = category
        self.reporter = Reporter(reporter_name, reporter_phone, reporter_email)
        self.due = dt.datetime.fromisoformat(due)
        self.checked_at: dt.datetime | None = None
        self.breached = False
        self.feedback_given = False

    @classmethod
    def receive(
        cls,
        ticket_no: str,
        category: ComplaintCategory,
        uscc: str,
        unit_name: str,
        address: str,
        description: str,
        reporter: Reporter,
        received_at: dt.datetime,
        due: dt.datetime,
        due_provisional: bool = False,
        working_days: int = 0,
    ) -> Complaint:
        return cls(
            ticket_no=ticket_no,
            uscc=uscc,
            unit_name=unit_name,
            address=address,
            category=category.value,
            description=description,
            reporter_name=reporter.name,
            reporter_phone=reporter.phone,
            reporter_email=reporter.email,
            received_at=received_at.isoformat(),
            due=due.isoformat(),
            due_provisional=due_provisional,
            working_days=working_days,
        )

    @staticmethod
    def due_for(
        category: ComplaintCategory,
        received_at: dt.datetime,
        urgent_hours: int,
        working_days: int,
        add_working_days: Callable[[dt.date, int], dt.date],
    ) -> dt.datetime:
        if category in URGENT_COMPLAINTS:
            return received_at + dt.timedelta(hours=urgent_hours)
        return end_of_day(add_working_days(local_day(received_at), working_days))

    def check(self, inspection_id: str, checked_at: dt.datetime, uscc: str = "", unit_name: str = "") -> None:
        """Checked by an inspection of `uscc`: the unit named, or the one found at the address."""
        self._check_open()
        if self.uscc and uscc and uscc != self.uscc:
            raise SupervisionError(f"the complaint concerns {self.uscc}, not {uscc}", "OTHER_UNIT")
        adopted = not self.uscc and bool(uscc)
        self._checked(
            inspection_id=inspection_id,
            checked_at=checked_at.isoformat(),
            uscc=uscc if adopted else "",
            unit_name=unit_name if adopted else "",
        )
        self._breach_if_late(checked_at)

    def check_unregistered_venue(
        self,
        venue_name: str,
        address: str,
        substantiated: bool,
        findings: str,
        evidence: list[str],
        officer_ids: list[str],
        checked_at: dt.datetime,
    ) -> None:
        """A report about a venue not on the register, checked there (the register cannot name it)."""
        self._check_open()
        if self.uscc:
            raise SupervisionError(
                f"the complaint names unit {self.uscc}: it is checked by an inspection of the unit", "UNIT_NAMED"
            )
        if checked_at < self.received_at:
            raise SupervisionError("a check cannot come before the report", "CHECK_BEFORE_REPORT")
        self._venue_checked(
            ticket_no=self.ticket_no,
            venue_name=venue_name,
            address=address,
            substantiated=substantiated,
            findings=findings,
            evidence=list(evidence),
            officer_ids=list(officer_ids),
            checked_at=checked_at.isoformat(),
        )
        self._breach_if_late(checked_at)

    def _check_open(self) -> None:
        if self.checked_at is not None:
            raise SupervisionError(f"complaint {self.ticket_no} is already checked", "ALREADY_CHECKED")

    def _breach_if_late(self, checked_at: dt.datetime) -> None:
        if checked_at > self.due and not self.breached:
            self._breach(checked_at)

    @property
    def status(self) -> str:
        """received, overdue (unchecked past its limit), checked, checked_late, feedback_given."""
        if self.feedback_given:
            return "feedback_given"
        if self.checked_at is not None:
            return "checked_late" if self.breached else "checked"
        return "overdue" if self.breached else "received"

    def close_day(self, day: dt.date) -> bool:
        """Raised by the day-close command: unchecked at the close of the day it was due."""
        if self.checked_at is not None or self.breached or local_day(self.due) > day:
            return False
        self._breach(self.due)
        return True

    def _breach(self, at: dt.datetime) -> None:
        self._overdue(
            ticket_no=self.ticket_no,
            uscc=self.uscc,
            category=self.category,
            due=self.due.isoformat(),
            overdue_at=at.isoformat(),
        )

    def revise_due(self, calendar: WorkingDays, arrangement: str, at: dt.datetime) -> bool:
        """Count an unchecked report's working days again (an arrangement was loaded `at`)."""
        if not self.working_days or self.checked_at is not None or self.breached or self.due < at:
            return False
        received_on = local_day(self.received_at)
        due_on = calendar.add_working_days(received_on, self.working_days)
        provisional = calendar.provisional_between(received_on, due_on)
        due = end_of_day(due_on)
        if due == self.due and provisional == self.due_provisional:
            return False
        self._due_revised(
            ticket_no=self.ticket_no,
            previous_due=self.due.isoformat(),
            due=due.isoformat(),
            provisional=provisional,
            arrangement=arrangement,
            revised_at=at.isoformat(),
        )
        return True

    @event(DueRevised)
    def _due_revised(
        self, ticket_no: str, previous_due: str, due: str, provisional: bool, arrangement: str, revised_at: str
    ) -> None:
        self.due = dt.datetime.fromisoformat(due)
        self.due_provisional = provisional

    def give_feedback(self, feedback: str, given_at: dt.datetime) -> None:
        """反馈核查情况 to the reporter, once the report has been checked."""
        if self.checked_at is None:
            raise SupervisionError("feedback follows the check of the report", "NOT_CHECKED")
        self._feedback_given(
            ticket_no=self.ticket_no,
            uscc=self.uscc,
            reporter_name=self.reporter.name,
            reporter_phone=self.reporter.phone,
            reporter_email=self.reporter.email,
            feedback=feedback,
            given_at=given_at.isoformat(),
        )

    @event(Checked)
    def _checked(self, inspection_id: str, checked_at: str, uscc: str = "", unit_name: str = "") -> None:
        self.checked_at = dt.datetime.fromisoformat(checked_at)
        if uscc:
            self.uscc = uscc

    @event(UnregisteredVenueChecked)
    def _venue_checked(
        self,
        ticket_no: str,
        venue_name: str,
        address: str,
        substantiated: bool,
        findings: str,
        evidence: list[str],
        officer_ids: list[str],
        checked_at: str,
    ) -> None:
        self.checked_at = dt.datetime.fromisoformat(checked_at)

    @event(CheckOverdue)
    def _overdue(self, ticket_no: str, uscc: str, category: str, due: str, overdue_at: str) -> None:
        self.breached = True

    @event(FeedbackGiven)
    def _feedback_given(
        self,
        ticket_no: str,
        uscc: str,
        reporter_name: str,
        reporter_phone: str,
        reporter_email: str,
        feedback: str,
        given_at: str,
    ) -> None:
        self.feedback_given = True
