"""The agency's own deadlines (机构自身的办理时限): what the fire rescue agency owes, by when.

- re-inspection (复查) within 3 working days of a rectification deadline, or of the unit's report
  that it rectified, whichever comes first;
- the rectification notice (责令改正通知书) within 3 working days of a commitment verification
  that found a problem (Fire Law art. 15);
- the pilot route's later on-site check (先开业后监管的事后检查) of a venue that opened first.

Each is opened when the fact that starts it is recorded, met when the act is recorded, and
raised as missed by the day-close command once its last day has ended, once. Counted in working
days from a day, so an official holiday arrangement can count it again.
"""

from __future__ import annotations

import datetime as dt
import uuid
from enum import StrEnum

from eventsourcing.domain import Aggregate, event

from services.supervision.domain.common import WorkingDays, stable_id


class AgencyDeadlineKind(StrEnum):
    REINSPECTION = "reinspection"  # 复查
    RECTIFICATION_NOTICE = "rectification_notice"  # 告知承诺核查发现问题后的责令改正通知
    PILOT_CHECK = "pilot_check"  # 先开业后监管的事后现场检查


class AgencyDeadline(Aggregate):
    @staticmethod
    def create_id(kind: str, reference: str) -> uuid.UUID:
        return stable_id("agency-deadline", f"{kind}:{reference}")

    class Opened(Aggregate.Created):
        kind: str
        reference: str
        uscc: str
        unit_name: str
        counted_from: str
        working_days: int
        due_on: str
        provisional: bool

    class Moved(Aggregate.Event):
        """Counted again: from another day (a report, an extension) or on an official arrangement."""

        counted_from: str
        working_days: int
        previous_due_on: str
        due_on: str
        provisional: bool
        reason: str

    class Met(Aggregate.Event):
        met_on: str
        by: str

    class Missed(Aggregate.Event):
        """Raised by the day-close command: the last day ended and the act was not recorded."""

        kind: str
        reference: str
        uscc: str
        unit_name: str
        due_on: str
        missed_on: str

    class Cancelled(Aggregate.Event):
        reason: str
        cancelled_on: str

    @event(Opened)
    def __init__(
        self,
        kind: str,
        reference: str,
        uscc: str,
        unit_name: str,
        counted_from: str,
        working_days: int,
        due_on: str,
        provisional: bool,
    ) -> None:
        self.kind = kind
        self.reference = reference
        self.uscc = uscc
        self.unit_name = unit_name
        self.counted_from = dt.date.fromisoformat(counted_from)
        self.working_days = working_days
        self.due_on = dt.date.fromisoformat(due_on)
        self.provisional = provisional
        self.status = "open"

    @classmethod
    def open(
        cls,
        kind: AgencyDeadlineKind,
        reference: str,
        uscc: str,
        unit_name: str,
        counted_from: dt.date,
        working_days: int,
        calendar: WorkingDays,
    ) -> AgencyDeadline:
        due_on = calendar.add_working_days(counted_from, working_days)
        return cls(
            kind=kind.value,
            reference=reference,
            uscc=uscc,
            unit_name=unit_name,
            counted_from=counted_from.isoformat(),
            working_days=working_days,
            due_on=due_on.isoformat(),
            provisional=calendar.provisional_between(counted_from, due_on),
        )

    @property
    def is_open(self) -> bool:
        return self.status == "open"

    def count_again(self, calendar: WorkingDays, reason: str, counted_from: dt.date | None = None) -> bool:
        """Count from `counted_from` (or the same day) on `calendar`; True when the date or its mark moved."""
        if not self.is_open:
            return False
        start = counted_from or self.counted_from
        due_on = calendar.add_working_days(start, self.working_days)
        provisional = calendar.provisional_between(start, due_on)
        if (start, due_on, provisional) == (self.counted_from, self.due_on, self.provisional):
            return False
        self._moved(
            counted_from=start.isoformat(),
            working_days=self.working_days,
            previous_due_on=self.due_on.isoformat(),
            due_on=due_on.isoformat(),
            provisional=provisional,
            reason=reason,
        )
        return True

    def meet(self, on: dt.date, by: str) -> bool:
        """The act was recorded (late or not: a missed deadline is still met when the act comes)."""
        if self.status not in ("open", "missed"):
            return False
        self._met(met_on=on.isoformat(), by=by)
        return True

    def cancel(self, reason: str, on: dt.date) -> None:
        if self.is_open:
            self._cancelled(reason=reason, cancelled_on=on.isoformat())

    def close_day(self, day: dt.date) -> bool:
        if not self.is_open or self.due_on > day:
            return False
        self._missed(
            kind=self.kind,
            reference=self.reference,
            uscc=self.uscc,
            unit_name=self.unit_name,
            due_on=self.due_on.isoformat(),
            missed_on=day.isoformat(),
        )
        return True

    @event(Moved)
    def _moved(
        self,
        counted_from: str,
        working_days: int,
        previous_due_on: str,
        due_on: str,
        provisional: bool,
        reason: str,
    ) -> None:
        self.counted_from = dt.date.fromisoformat(counted_from)
        self.due_on = dt.date.fromisoformat(due_on)
        self.provisional = provisional

    @event(Met)
    def _met(self, met_on: str, by: str) -> None:
        self.status = "met"

    @event(Missed)
    def _missed(self, kind: str, reference: str, uscc: str, unit_name: str, due_on: str, missed_on: str) -> None:
        self.status = "missed"

    @event(Cancelled)
    def _cancelled(self, reason: str, cancelled_on: str) -> None:
        self.status = "cancelled"
