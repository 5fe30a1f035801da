"""Verification of commitment-route permits (告知承诺核查): requested by permits, due in 20 working days."""

from __future__ import annotations

import datetime as dt
import uuid

from eventsourcing.domain import Aggregate, event

from services.supervision.domain.common import CommitmentResult, SupervisionError, stable_id


class CommitmentVerification(Aggregate):
    @staticmethod
    def create_id(application_id: str) -> uuid.UUID:
        return stable_id("commitment-verification", application_id)

    class Requested(Aggregate.Created):
        application_id: str
        permit_no: str
        uscc: str
        unit_name: str
        venue_name: str
        district: str
        address: str
        requested_at: str
        due_date: str
        #: As permits said: counted across a year the official arrangement has not reached yet.
        due_provisional: bool = False

    class Completed(Aggregate.Event):
        application_id: str
        permit_no: str
        uscc: str
        unit_name: str
        result: str
        verified_on: str
        inspection_id: str
        #: When the finding was recorded; "" in events recorded before it was kept.
        verified_at: str = ""

    class DueRevised(Aggregate.Event):
        """Permits revised the verification's due date by the official holiday arrangement."""

        previous_due_date: str
        due_date: str
        provisional: bool
        arrangement: str

    class Overdue(Aggregate.Event):
        application_id: str
        uscc: str
        unit_name: str
        due_date: str
        overdue_on: str

    @event(Requested)
    def __init__(
        self,
        application_id: str,
        permit_no: str,
        uscc: str,
        unit_name: str,
        venue_name: str,
        district: str,
        address: str,
        requested_at: str,
        due_date: str,
        due_provisional: bool = False,
    ) -> None:
        self.application_id = application_id
        self.permit_no = permit_no
        self.uscc = uscc
        self.unit_name = unit_name
        self.due_date = dt.date.fromisoformat(due_date)
        self.due_provisional = due_provisional
        self.result: str | None = None
        self.overdue = False

    def complete(
        self, result: CommitmentResult, verified_on: dt.date, inspection_id: str, verified_at: dt.datetime | None = None
    ) -> None:
        if self.result is not None:
            raise SupervisionError(f"the commitment of {self.permit_no} is already verified", "ALREADY_VERIFIED")
        self._completed(
            application_id=self.application_id,
            permit_no=self.permit_no,
            uscc=self.uscc,
            unit_name=self.unit_name,
            result=result.value,
            verified_on=verified_on.isoformat(),
            inspection_id=inspection_id,
            verified_at=verified_at.isoformat() if verified_at else "",
        )

    def revise_due(self, due_date: dt.date, provisional: bool, arrangement: str) -> bool:
        if self.result is not None or self.overdue or (due_date, provisional) == (self.due_date, self.due_provisional):
            return False
        self._due_revised(
            previous_due_date=self.due_date.isoformat(),
            due_date=due_date.isoformat(),
            provisional=provisional,
            arrangement=arrangement,
        )
        return True

    @event(DueRevised)
    def _due_revised(self, previous_due_date: str, due_date: str, provisional: bool, arrangement: str) -> None:
        self.due_date = dt.date.fromisoformat(due_date)
        self.due_provisional = provisional

    def close_day(self, day: dt.date) -> bool:
        """Raised by the day-close command: not verified by the end of its due date."""
        if self.result is not None or self.overdue or self.due_date > day:
            return False
        self._overdue(
            application_id=self.application_id,
            uscc=self.uscc,
            unit_name=self.unit_name,
            due_date=self.due_date.isoformat(),
            overdue_on=day.isoformat(),
        )
        return True

    @event(Completed)
    def _completed(
        self,
        application_id: str,
        permit_no: str,
        uscc: str,
        unit_name: str,
        result: str,
        verified_on: str,
        inspection_id: str,
        verified_at: str = "",
    ) -> None:
        self.result = result

    @event(Overdue)
    def _overdue(self, application_id: str, uscc: str, unit_name: str, due_date: str, overdue_on: str) -> None:
        self.overdue = True
