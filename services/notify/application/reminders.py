"""The day-close command: reminders before deadlines and appointments, once per date (N3, N8)."""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from eventsourcing.persistence import IntegrityError

from kit.calendar import CHINA_TIME, CalendarYearNotCovered
from services.notify.application.base import Cause, Message, NoticeWriter
from services.notify.domain import APPLICANT, RESPONSIBLE_PERSON, Contact, Deadline, DeadlineKind
from services.notify.domain.recipients import to_unit

log = logging.getLogger(__name__)

REMINDERS = {
    DeadlineKind.RECTIFICATION: ("rectification_reminder", RESPONSIBLE_PERSON),
    DeadlineKind.APPOINTMENT: ("appointment_reminder", APPLICANT),
}


@dataclass
class DayClosed:
    day: dt.date
    reminders: list[dict[str, str]] = field(default_factory=list)
    #: Deadlines in a year the working-day calendar does not know: reported, never guessed.
    not_covered: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"day": self.day.isoformat(), "reminders": self.reminders, "not_covered": self.not_covered}


class Reminders(NoticeWriter):
    def lead_working_days(self, kind: DeadlineKind) -> int:
        if kind is DeadlineKind.RECTIFICATION:
            return self.settings.deadline_reminder_working_days
        return self.settings.appointment_reminder_working_days

    def reminder_window(self, day: dt.date, kind: DeadlineKind) -> tuple[dt.date, dt.date]:
        """Due dates that may need a reminder on `day`: from `day` up to (excluding) one working day past the lead.

        Where the calendar does not reach that far, a wide window in calendar days: each
        candidate is then checked against the calendar, and one it cannot judge is reported.
        """
        lead = self.lead_working_days(kind)
        try:
            return day, self.calendar.add_working_days(day, lead + 1)
        except CalendarYearNotCovered:
            return day, day + dt.timedelta(days=7 * (lead + 1) + 14)

    def close_day(self, day: dt.date, candidates: Iterable[tuple[DeadlineKind, uuid.UUID]]) -> DayClosed:
        """Remind of every open date within its lead time that was not yet reminded of.

        `candidates` come from the deadlines read model; each is checked against its
        aggregate, so a stale read model sends no reminder twice.
        """
        closed = DayClosed(day)
        for kind, deadline_id in candidates:
            try:
                self._remind(day, kind, deadline_id, closed)
            except CalendarYearNotCovered as exc:
                closed.not_covered.append({"deadline_id": str(deadline_id), "year": exc.year, "error": str(exc)})
        return closed

    def _remind(self, day: dt.date, kind: DeadlineKind, deadline_id: uuid.UUID, closed: DayClosed) -> None:
        deadline: Deadline = self.repository.get(deadline_id)
        lead = self.lead_working_days(kind)
        if not deadline.needs_reminder(day, lead, self.calendar):
            return
        due = dt.date.fromisoformat(deadline.due_on)
        notice_type, role = REMINDERS[kind]
        context = {
            **deadline.details,
            "unit_name": deadline.unit_name,
            "due_on": deadline.due_on,
            "working_days_left": self.calendar.working_days_between(day, due),
            "provisional": bool(deadline.details.get("provisional")) and self.calendar.provisional_between(day, due),
        }
        contact: Contact | None = Contact.from_record(deadline.contact)
        if contact is None or not contact.reachable:
            role, contact = self.preferred_contact(deadline.uscc)
        start_of_day = dt.datetime.combine(day, dt.time(), CHINA_TIME).isoformat()
        cause = Cause(f"reminder:{deadline.id}:{deadline.due_on}", f"{kind.value.title()}Reminder", start_of_day)
        message = Message(
            notice_type, deadline.uscc, deadline.reference, context, {**deadline.details, "due_on": deadline.due_on}
        )
        notices = self.compose(cause, message, to_unit(deadline.uscc, role, contact))
        deadline.issue_reminder(day)
        try:
            self.save(deadline, *notices)
        except IntegrityError:
            log.info("reminder for %s %s was issued concurrently", kind.value, deadline.reference)
            return
        closed.reminders.append(
            {"kind": kind.value, "reference": deadline.reference, "uscc": deadline.uscc, "due_on": deadline.due_on}
        )
