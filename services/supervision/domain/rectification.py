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
from dataclasses import dataclass
from enum import StrEnum

from eventsourcing.domain import Aggregate, event

from services.supervision.domain.common import SupervisionError, stable_id


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

    class Extended(Aggregate.Event):
        uscc: str
        previous_deadline: str
        deadline: str
        reason: str
        extended_on: str
        officer_ids: list[str]

    class RectificationReported(Aggregate.Event):
        reported_on: str
        reinspection_due: str

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
    ) -> None:
        self.inspection_id = inspection_id
        self.uscc = uscc
        self.unit_name = unit_name
        self.district = district
        self.major = major
        self.deadline = dt.date.fromisoformat(deadline)
        self.status = OrderStatus.OPEN
        self.reinspection_due: dt.date | None = None
        self.suspended = False

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
        )

    @property
    def is_closed(self) -> bool:
        return self.status in (OrderStatus.VERIFIED, OrderStatus.OVERDUE)

    def extend(self, deadline: dt.date, reason: str, requested_on: dt.date, officer_ids: list[str]) -> None:
        """延期整改: asked for before the deadline passes, to a later day."""
        if self.is_closed:
            raise SupervisionError(f"the order is {self.status.value}", "ORDER_CLOSED")
        if requested_on > self.deadline:
            raise SupervisionError("an extension is asked for before the deadline passes", "DEADLINE_PASSED")
        if deadline <= self.deadline:
            raise SupervisionError("an extension moves the deadline later", "EXTENSION_NOT_LATER")
        self._extended(
            uscc=self.uscc,
            previous_deadline=self.deadline.isoformat(),
            deadline=deadline.isoformat(),
            reason=reason,
            extended_on=requested_on.isoformat(),
            officer_ids=list(officer_ids),
        )

    @event(Extended)
    def _extended(
        self, uscc: str, previous_deadline: str, deadline: str, reason: str, extended_on: str, officer_ids: list[str]
    ) -> None:
        self.deadline = dt.date.fromisoformat(deadline)

    def report_rectified(self, reported_on: dt.date, reinspection_due: dt.date) -> None:
        if self.status is not OrderStatus.OPEN:
            raise SupervisionError(f"the order is {self.status.value}", "ORDER_NOT_OPEN")
        self._reported(reported_on=reported_on.isoformat(), reinspection_due=reinspection_due.isoformat())

    @event(RectificationReported)
    def _reported(self, reported_on: str, reinspection_due: str) -> None:
        self.status = OrderStatus.REPORTED
        self.reinspection_due = dt.date.fromisoformat(reinspection_due)

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

    @event(Verified)
    def _verified(self, uscc: str, unit_name: str, major: bool, verified_on: str, inspection_id: str) -> None:
        self.status = OrderStatus.VERIFIED

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

    @event(BusinessSuspended)
    def _suspended(self, uscc: str, unit_name: str, suspended_on: str) -> None:
        self.suspended = True

    @event(SuspensionLifted)
    def _suspension_lifted(self, uscc: str, unit_name: str, lifted_on: str) -> None:
        self.suspended = False
