"""Rectification orders (责令改正通知书, S5): deadline, extension, re-inspection, overdue, suspension.

Lifecycle: ordered → (extended)* → reported by the unit → verified by a
re-inspection; or overdue, when the deadline passes unreported (raised by the
day-close command), when a re-inspection finds it not rectified, or when the
unit refuses. An overdue major hazard (listed for supervision, 挂牌督办) leads
to suspension of business (停产停业), lifted once a re-inspection verifies it.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from eventsourcing.domain import Aggregate, event

from services.supervision.domain.common import SupervisionError, WorkingDays, stable_id


class OrderStatus(StrEnum):
    OPEN = "open"
    REPORTED = "reported"  # the unit reports it has rectified; a re-inspection is due
    VERIFIED = "verified"
    OVERDUE = "overdue"


@dataclass(frozen=True)
class OrderTerms:
    hazard_ids: tuple[str, ...]
    violation_ids: tuple[str, ...]
    advice: str
    deadline: dt.date
    major: bool
    #: The deadline was counted across a year the official arrangement has not reached yet.
    provisional: bool = False
    #: Working days the deadline was counted from the order's day; 0 for a date the staff set.
    working_days: int = 0
    #: The findings as the inspection recorded them ({id, kind, description, location}), for the
    #: order's text; and the law it rests on.
    hazards: Sequence[dict[str, str]] = ()
    violations: Sequence[dict[str, str]] = ()
    legal_basis: str = ""


@dataclass(frozen=True)
class ExtensionLimits:
    """How far the district lets an order be extended (the seeds name no limit)."""

    max_extensions: int
    max_added_working_days: int


@dataclass(frozen=True)
class Addressee:
    uscc: str
    unit_name: str
    district: str
    responsible_person: str = ""
    responsible_phone: str = ""
    responsible_email: str = ""


class RectificationOrder(Aggregate):
    @staticmethod
    def create_id(request_id: str) -> uuid.UUID:
        return stable_id("order", request_id)

    class Ordered(Aggregate.Created):
        request_id: str
        inspection_id: str
        uscc: str
        unit_name: str
        district: str
        hazard_ids: list[str]
        violation_ids: list[str]
        advice: str
        deadline: str
        major: bool
        listed_for_supervision: bool
        ordered_on: str
        officer_ids: list[str]
        responsible_person: str
        responsible_phone: str
        responsible_email: str
        deadline_provisional: bool = False
        working_days: int = 0
        # Orders stored before these existed name their findings by id only.
        hazards: Sequence[dict[str, str]] = ()
        violations: Sequence[dict[str, str]] = ()
        legal_basis: str = ""

    class Extended(Aggregate.Event):
        uscc: str
        previous_deadline: str
        deadline: str
        reason: str
        extended_on: str
        officer_ids: list[str]
        deadline_provisional: bool = False

    class RectificationReported(Aggregate.Event):
        reported_on: str
        reinspection_due: str
        reinspection_due_provisional: bool = False

    class FoundIncomplete(Aggregate.Event):
        """A re-inspection before the deadline found work left: the order stays open."""

        found_on: str
        inspection_id: str

    class Verified(Aggregate.Event):
        uscc: str
        unit_name: str
        major: bool
        verified_on: str
        inspection_id: str

    class Overdue(Aggregate.Event):
        uscc: str
        unit_name: str
        district: str
        major: bool
        refused: bool
        deadline: str
        overdue_on: str
        inspection_id: str

    class DeadlineRevised(Aggregate.Event):
        """The deadline (or the re-inspection's) moved by the official holiday arrangement (节假日安排)."""

        what: str  # "deadline" or "reinspection"
        uscc: str
        unit_name: str
        previous: str
        revised: str
        provisional: bool
        arrangement: str
        revised_at: str

    class BusinessSuspended(Aggregate.Event):
        uscc: str
        unit_name: str
        suspended_on: str

    class SuspensionLifted(Aggregate.Event):
        uscc: str
        unit_name: str
        lifted_on: str

    @event(Ordered)
    def __init__(
        self,
        request_id: str,
        inspection_id: str,
        uscc: str,
        unit_name: str,
        district: str,
        hazard_ids: list[str],
        violation_ids: list[str],
        advice: str,
        deadline: str,
        major: bool,
        listed_for_supervision: bool,
        ordered_on: str,
        officer_ids: list[str],
        responsible_person: str,
        responsible_phone: str,
        responsible_email: str,
        deadline_provisional: bool = False,
        working_days: int = 0,
        hazards: Sequence[dict[str, str]] = (),
        violations: Sequence[dict[str, str]] = (),
        legal_basis: str = "",
    ) -> None:
        self.inspection_id = inspection_id
        self.ordered_on = dt.date.fromisoformat(ordered_on)
        self.deadline_provisional = deadline_provisional
        self.working_days = working_days
        self.reinspection_due_provisional = False
        self.reported_on: dt.date | None = None
        self.uscc = uscc
        self.unit_name = unit_name
        self.district = district
        self.major = major
        self.deadline = dt.date.fromisoformat(deadline)
        self.status = OrderStatus.OPEN
        self.reinspection_due: dt.date | None = None
        self.suspended = False
        self.responsible_person = responsible_person
        self.first_deadline = self.deadline
        self.extensions = 0
        self.overdue_on: dt.date | None = None
        self.verified_on: dt.date | None = None

    @classmethod
    def issue(
        cls,
        request_id: str,
        inspection_id: str,
        addressee: Addressee,
        terms: OrderTerms,
        ordered_on: dt.date,
        officer_ids: list[str],
    ) -> RectificationOrder:
        if not terms.hazard_ids and not terms.violation_ids:
            raise SupervisionError("an order names at least one hazard or violation", "NOTHING_TO_RECTIFY")
        if terms.deadline <= ordered_on:
            raise SupervisionError("the deadline must come after the day of the order", "DEADLINE_NOT_AFTER_ORDER")
        return cls(
            request_id=request_id,
            inspection_id=inspection_id,
            uscc=addressee.uscc,
            unit_name=addressee.unit_name,
            district=addressee.district,
            hazard_ids=list(terms.hazard_ids),
            violation_ids=list(terms.violation_ids),
            advice=terms.advice,
            deadline=terms.deadline.isoformat(),
            major=terms.major,
            listed_for_supervision=terms.major,
            ordered_on=ordered_on.isoformat(),
            officer_ids=list(officer_ids),
            responsible_person=addressee.responsible_person,
            responsible_phone=addressee.responsible_phone,
            responsible_email=addressee.responsible_email,
            deadline_provisional=terms.provisional,
            working_days=terms.working_days,
            hazards=[dict(h) for h in terms.hazards],
            violations=[dict(v) for v in terms.violations],
            legal_basis=terms.legal_basis,
        )

    @property
    def is_closed(self) -> bool:
        return self.status in (OrderStatus.VERIFIED, OrderStatus.OVERDUE)

    def extend(
        self,
        deadline: dt.date,
        reason: str,
        requested_on: dt.date,
        officer_ids: list[str],
        provisional: bool = False,
        limits: ExtensionLimits | None = None,
        added_working_days: int = 0,
    ) -> None:
        """延期整改: asked for before the deadline passes, to a later day, within the district's limits:
        so many extensions, adding so many working days in all to the first deadline."""
        if self.is_closed:
            raise SupervisionError(f"the order is {self.status.value}", "ORDER_CLOSED")
        if requested_on > self.deadline:
            raise SupervisionError("an extension is asked for before the deadline passes", "DEADLINE_PASSED")
        if deadline <= self.deadline:
            raise SupervisionError("an extension moves the deadline later", "EXTENSION_NOT_LATER")
        if limits is not None:
            if self.extensions >= limits.max_extensions:
                raise SupervisionError(
                    f"the order was extended {self.extensions} time(s), the most the district allows", "EXTENSION_LIMIT"
                )
            if added_working_days > limits.max_added_working_days:
                raise SupervisionError(
                    f"the extension would add {added_working_days} working days to the first deadline "
                    f"{self.first_deadline.isoformat()}, more than {limits.max_added_working_days}",
                    "EXTENSION_TOO_LONG",
                )
        self._extended(
            uscc=self.uscc,
            previous_deadline=self.deadline.isoformat(),
            deadline=deadline.isoformat(),
            reason=reason,
            extended_on=requested_on.isoformat(),
            officer_ids=list(officer_ids),
            deadline_provisional=provisional,
        )

    @event(Extended)
    def _extended(
        self,
        uscc: str,
        previous_deadline: str,
        deadline: str,
        reason: str,
        extended_on: str,
        officer_ids: list[str],
        deadline_provisional: bool = False,
    ) -> None:
        self.deadline = dt.date.fromisoformat(deadline)
        self.deadline_provisional = deadline_provisional
        self.working_days = 0  # the staff set this date
        self.extensions += 1

    def report_rectified(self, reported_on: dt.date, reinspection_due: dt.date, provisional: bool = False) -> None:
        if self.status is not OrderStatus.OPEN:
            raise SupervisionError(f"the order is {self.status.value}", "ORDER_NOT_OPEN")
        self._reported(
            reported_on=reported_on.isoformat(),
            reinspection_due=reinspection_due.isoformat(),
            reinspection_due_provisional=provisional,
        )

    @event(RectificationReported)
    def _reported(self, reported_on: str, reinspection_due: str, reinspection_due_provisional: bool = False) -> None:
        self.status = OrderStatus.REPORTED
        self.reported_on = dt.date.fromisoformat(reported_on)
        self.reinspection_due = dt.date.fromisoformat(reinspection_due)
        self.reinspection_due_provisional = reinspection_due_provisional

    def reinspect(self, rectified: bool, on: dt.date, inspection_id: str) -> None:
        """复查: finds the order complied with, or not (then overdue, and for a major hazard suspension)."""
        if self.status is OrderStatus.VERIFIED:
            raise SupervisionError("the order is already verified", "ORDER_CLOSED")
        if rectified:
            self._verified(
                uscc=self.uscc,
                unit_name=self.unit_name,
                major=self.major,
                verified_on=on.isoformat(),
                inspection_id=inspection_id,
            )
            if self.suspended:
                self._suspension_lifted(uscc=self.uscc, unit_name=self.unit_name, lifted_on=on.isoformat())
        elif self.status is OrderStatus.OVERDUE:
            return
        elif on <= self.deadline:
            self._found_incomplete(found_on=on.isoformat(), inspection_id=inspection_id)
        else:
            self._become_overdue(on, refused=False, inspection_id=inspection_id)

    @property
    def rectified_in_time(self) -> bool:
        """Verified rectified, and done by the deadline: reported by then, or verified by then."""
        if self.status is not OrderStatus.VERIFIED or self.overdue_on is not None or self.verified_on is None:
            return False
        done = self.reported_on if self.reported_on is not None else self.verified_on
        return done <= self.deadline

    def revise_deadlines(
        self,
        calendar: WorkingDays,
        next_working_day: Callable[[dt.date], dt.date],
        reinspection_working_days: int,
        arrangement: str,
        at: dt.datetime,
        on: dt.date,
    ) -> bool:
        """Count the running deadline again on `calendar` (an arrangement loaded `at`, on day `on`):
        a deadline in working days from the order's day, a date the staff set moved off a holiday,
        a reported order's re-inspection in working days from the report."""
        if self.status is OrderStatus.OPEN and self.deadline >= on:
            if self.working_days:
                revised = calendar.add_working_days(self.ordered_on, self.working_days)
            else:
                revised = next_working_day(self.deadline)
            provisional = calendar.provisional_between(self.ordered_on, revised)
            return self._revise("deadline", self.deadline, self.deadline_provisional, revised, provisional,
                                arrangement, at)  # fmt: skip
        if self.status is OrderStatus.REPORTED and self.reported_on and self.reinspection_due:
            if self.reinspection_due < on:
                return False
            revised = calendar.add_working_days(self.reported_on, reinspection_working_days)
            provisional = calendar.provisional_between(self.reported_on, revised)
            return self._revise("reinspection", self.reinspection_due, self.reinspection_due_provisional, revised,
                                provisional, arrangement, at)  # fmt: skip
        return False

    def _revise(
        self,
        what: str,
        previous: dt.date,
        was_provisional: bool,
        revised: dt.date,
        provisional: bool,
        arrangement: str,
        at: dt.datetime,
    ) -> bool:
        if revised == previous and provisional == was_provisional:
            return False
        self._deadline_revised(
            what=what,
            uscc=self.uscc,
            unit_name=self.unit_name,
            previous=previous.isoformat(),
            revised=revised.isoformat(),
            provisional=provisional,
            arrangement=arrangement,
            revised_at=at.isoformat(),
        )
        return True

    @event(DeadlineRevised)
    def _deadline_revised(
        self,
        what: str,
        uscc: str,
        unit_name: str,
        previous: str,
        revised: str,
        provisional: bool,
        arrangement: str,
        revised_at: str,
    ) -> None:
        if what == "deadline":
            self.deadline = dt.date.fromisoformat(revised)
            self.deadline_provisional = provisional
            if not self.extensions:
                self.first_deadline = self.deadline
        else:
            self.reinspection_due = dt.date.fromisoformat(revised)
            self.reinspection_due_provisional = provisional

    def refuse(self, on: dt.date) -> None:
        """The unit refuses to rectify (拒不改正)."""
        if self.is_closed:
            raise SupervisionError(f"the order is {self.status.value}", "ORDER_CLOSED")
        self._become_overdue(on, refused=True, inspection_id="")

    def close_day(self, day: dt.date) -> bool:
        """Raised by the day-close command: an open order whose deadline has passed unreported is overdue."""
        if self.status is not OrderStatus.OPEN or self.deadline > day:
            return False
        self._become_overdue(day, refused=False, inspection_id="")
        return True

    def _become_overdue(self, on: dt.date, refused: bool, inspection_id: str) -> None:
        self._overdue(
            uscc=self.uscc,
            unit_name=self.unit_name,
            district=self.district,
            major=self.major,
            refused=refused,
            deadline=self.deadline.isoformat(),
            overdue_on=on.isoformat(),
            inspection_id=inspection_id,
        )
        if self.major and not self.suspended:
            self._suspended(uscc=self.uscc, unit_name=self.unit_name, suspended_on=on.isoformat())

    @event(FoundIncomplete)
    def _found_incomplete(self, found_on: str, inspection_id: str) -> None:
        self.status = OrderStatus.OPEN
        self.reinspection_due = None
        self.reported_on = None  # the report did not hold: the work is done when a later report says so

    @event(Verified)
    def _verified(self, uscc: str, unit_name: str, major: bool, verified_on: str, inspection_id: str) -> None:
        self.status = OrderStatus.VERIFIED
        self.verified_on = dt.date.fromisoformat(verified_on)

    @event(Overdue)
    def _overdue(
        self,
        uscc: str,
        unit_name: str,
        district: str,
        major: bool,
        refused: bool,
        deadline: str,
        overdue_on: str,
        inspection_id: str,
    ) -> None:
        self.status = OrderStatus.OVERDUE
        self.overdue_on = dt.date.fromisoformat(overdue_on)

    @event(BusinessSuspended)
    def _suspended(self, uscc: str, unit_name: str, suspended_on: str) -> None:
        self.suspended = True

    @event(SuspensionLifted)
    def _suspension_lifted(self, uscc: str, unit_name: str, lifted_on: str) -> None:
        self.suspended = False
