"""A date someone is reminded of ahead of time (期限提醒).

Notify keeps what it needs from the events that set the date — a rectification
deadline (S5), an appointment with the agency (P7, 004 #16) — so that the
day-close command can remind the unit once per date, from its own log.
"""

from __future__ import annotations

import datetime as dt
import uuid
from enum import StrEnum
from typing import Any, Protocol

from eventsourcing.domain import Aggregate, event

DEADLINE_NAMESPACE = uuid.UUID("b1f0a6d2-37c5-4e8b-9a14-6c2d8e5f7a93")


class DeadlineKind(StrEnum):
    RECTIFICATION = "rectification"  # 整改期限
    APPOINTMENT = "appointment"  # 预约（开业前指导、错时检查）


class WorkingDays(Protocol):
    def working_days_between(self, start: dt.date, end: dt.date) -> int: ...


class Deadline(Aggregate):
    @staticmethod
    def create_id(kind: str, reference: str) -> uuid.UUID:
        return uuid.uuid5(DEADLINE_NAMESPACE, f"{kind}|{reference}")

    class Opened(Aggregate.Created):
        kind: str
        reference: str
        uscc: str
        unit_name: str
        due_on: str
        details: dict[str, Any]
        contact: dict[str, str]
        opened_at: str

    class Moved(Aggregate.Event):
        """延期: the date changed, e.g. an extension of a rectification deadline."""

        previous_due_on: str
        due_on: str
        moved_on: str

    class Closed(Aggregate.Event):
        outcome: str
        closed_on: str

    class ReminderIssued(Aggregate.Event):
        for_due_on: str
        issued_on: str

    @event(Opened)
    def __init__(
        self,
        kind: str,
        reference: str,
        uscc: str,
        unit_name: str,
        due_on: str,
        details: dict[str, Any],
        contact: dict[str, str],
        opened_at: str,
    ) -> None:
        self.kind = kind
        self.reference = reference
        self.uscc = uscc
        self.unit_name = unit_name
        self.due_on = due_on
        self.details = details
        self.contact = contact
        self.is_open = True
        self.reminded_for = ""

    def move(self, due_on: str, moved_on: str) -> None:
        if self.is_open and due_on != self.due_on:
            self._moved(previous_due_on=self.due_on, due_on=due_on, moved_on=moved_on)

    def close(self, outcome: str, closed_on: str) -> None:
        if self.is_open:
            self._closed(outcome=outcome, closed_on=closed_on)

    def needs_reminder(self, day: dt.date, lead_working_days: int, calendar: WorkingDays) -> bool:
        """Open, not yet reminded of this date, and at most `lead_working_days` working days away."""
        if not self.is_open or self.reminded_for == self.due_on:
            return False
        due = dt.date.fromisoformat(self.due_on)
        if day > due:
            return False
        return calendar.working_days_between(day, due) <= lead_working_days

    def issue_reminder(self, on: dt.date) -> None:
        self._reminder_issued(for_due_on=self.due_on, issued_on=on.isoformat())

    @event(Moved)
    def _moved(self, previous_due_on: str, due_on: str, moved_on: str) -> None:
        self.due_on = due_on

    @event(Closed)
    def _closed(self, outcome: str, closed_on: str) -> None:
        self.is_open = False

    @event(ReminderIssued)
    def _reminder_issued(self, for_due_on: str, issued_on: str) -> None:
        self.reminded_for = for_due_on
