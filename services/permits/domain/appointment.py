"""Appointments with the agency (P7, N8): pre-opening guidance, off-hours inspections, training and drills."""

from __future__ import annotations

import datetime as dt
import uuid
from enum import StrEnum
from typing import Any

from eventsourcing.domain import Aggregate, event

from kit.calendar import CHINA_TIME
from services.permits.domain.errors import StepNotAllowed, TimeOutOfOrder

APPOINTMENT_NAMESPACE = uuid.UUID("5e0f7a3c-2d41-4b8e-9c16-8f2a7d3e1b05")


class AppointmentKind(StrEnum):
    GUIDANCE = "guidance"  # 开业前指导: on site within 2 working days
    OFF_HOURS_INSPECTION = "off_hours_inspection"  # 错时检查: at night or at the weekend, on request
    TRAINING = "training"  # 消防安全培训 booked with the agency (004 #16)
    DRILL = "drill"  # 灭火和应急疏散演练 booked with the agency (004 #16)


class Appointment(Aggregate):
    class Booked(Aggregate.Created):
        request_id: str
        kind: str
        unit: dict[str, Any]
        applicant: dict[str, str]
        requested_date: dt.date
        due_on: dt.date
        booked_at: dt.datetime
        #: A guidance visit counted across a year the official arrangement has not reached.
        provisional: bool = False
        #: The guidance visit's limit in working days; 0 for a visit on the date asked for.
        working_days: int = 0
        #: What makes a repeat of the booking's request_id the same request ("" in bookings made before).
        fingerprint: str = ""

    class DueDateRevised(Aggregate.Event):
        """The guidance visit's last day moved by the official holiday arrangement (节假日安排)."""

        what: str
        previous_due_on: dt.date
        due_on: dt.date
        provisional: bool
        arrangement: str
        revised_at: dt.datetime

    class Kept(Aggregate.Event):
        """The agency was there (开业前指导到场, 检查、培训或演练进行)."""

        kept_at: dt.datetime
        by: str
        #: After the appointment's last day (a late visit still counts as made, and says so).
        late: bool = False

    class MissedByUnit(Aggregate.Event):
        """The agency came on the day and the unit was not there or turned it away (单位爽约)."""

        missed_at: dt.datetime
        by: str
        reason: str

    class NotKept(Aggregate.Event):
        """Raised by the day close: its day ended and the agency's visit was not recorded."""

        kind: str
        due_on: dt.date
        missed_on: dt.date

    @staticmethod
    def create_id(request_id: str) -> uuid.UUID:
        return uuid.uuid5(APPOINTMENT_NAMESPACE, f"appointment:{request_id}")

    @event(Booked)
    def __init__(
        self,
        request_id: str,
        kind: str,
        unit: dict[str, Any],
        applicant: dict[str, str],
        requested_date: dt.date,
        due_on: dt.date,
        booked_at: dt.datetime,
        provisional: bool = False,
        working_days: int = 0,
        fingerprint: str = "",
    ) -> None:
        self.request_id = request_id
        self.fingerprint = fingerprint
        self.kind = kind
        self.unit = unit
        self.applicant = applicant
        self.requested_date = requested_date
        self.due_on = due_on
        self.booked_at = booked_at
        self.provisional = provisional
        self.working_days = working_days
        self.status = "booked"

    def revise_due_dates(self, calendar: Any, arrangement: str, at: dt.datetime) -> bool:
        """Count a guidance visit's working days again on `calendar`; True when its date was revised."""
        if not self.working_days or self.due_on < at.astimezone(CHINA_TIME).date():
            return False
        start = self.booked_at.astimezone(CHINA_TIME).date()
        due_on = calendar.add_working_days(start, self.working_days)
        provisional = calendar.provisional_between(start, due_on)
        if due_on == self.due_on and provisional == self.provisional:
            return False
        self._due_date_revised(
            what="guidance",
            previous_due_on=self.due_on,
            due_on=due_on,
            provisional=provisional,
            arrangement=arrangement,
            revised_at=at,
        )
        return True

    @event(DueDateRevised)
    def _due_date_revised(
        self,
        what: str,
        previous_due_on: dt.date,
        due_on: dt.date,
        provisional: bool,
        arrangement: str,
        revised_at: dt.datetime,
    ) -> None:
        self.due_on = due_on
        self.provisional = provisional

    def keep(self, at: dt.datetime, by: str) -> bool:
        """Record the visit; a repeated record changes nothing (a late visit still counts as made, late)."""
        if self.status == "kept":
            return False
        if self.status == "missed_by_unit":
            raise StepNotAllowed("the unit missed this appointment: book another one")
        self._check_after_booking(at)
        self._kept(kept_at=at, by=by, late=at.astimezone(CHINA_TIME).date() > self.due_on)
        return True

    def missed_by_unit(self, at: dt.datetime, by: str, reason: str) -> bool:
        """The agency came and the unit missed it; the agency's own deadline is then met, not breached."""
        if self.status == "missed_by_unit":
            return False
        if self.status == "kept":
            raise StepNotAllowed("this appointment was kept")
        if not reason.strip():
            raise StepNotAllowed("reason: say how the unit missed the appointment (absent, refused entry…)")
        self._check_after_booking(at)
        self._missed_by_unit(missed_at=at, by=by, reason=reason.strip())
        return True

    def _check_after_booking(self, at: dt.datetime) -> None:
        if at < self.booked_at:
            raise TimeOutOfOrder(f"at: {at.isoformat()} is before the booking of {self.booked_at.isoformat()}")

    def close_day(self, day: dt.date) -> bool:
        """At the close of `day`: a booked appointment whose day has ended unkept is raised, once."""
        if self.status != "booked" or self.due_on > day:
            return False
        self._not_kept(kind=self.kind, due_on=self.due_on, missed_on=day)
        return True

    @event(Kept)
    def _kept(self, kept_at: dt.datetime, by: str, late: bool = False) -> None:
        self.status = "kept"

    @event(MissedByUnit)
    def _missed_by_unit(self, missed_at: dt.datetime, by: str, reason: str) -> None:
        self.status = "missed_by_unit"

    @event(NotKept)
    def _not_kept(self, kind: str, due_on: dt.date, missed_on: dt.date) -> None:
        self.status = "not_kept"
