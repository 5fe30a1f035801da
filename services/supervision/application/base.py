"""What every part of the supervision application shares: rules, calendar, loading aggregates."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from typing import Any, TypeVar

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.domain import Aggregate

from kit.arrangements import calendar_of_log
from kit.calendar import CalendarYearNotCovered, WorkingDayCalendar
from kit.processing import EventProcessingApplication
from services.supervision.domain.agency_deadlines import AgencyDeadline, AgencyDeadlineKind
from services.supervision.domain.common import NotFound, SupervisionError
from services.supervision.domain.inspectors import EnforcementTarget, Inspector, check_enforcement_team
from services.supervision.domain.register import RegisteredUnit
from services.supervision.settings import SupervisionRules

A = TypeVar("A", bound=Aggregate)


class SupervisionBase(EventProcessingApplication):
    name = "supervision"

    def __init__(
        self,
        env: dict[str, str] | None = None,
        rules: SupervisionRules | None = None,
        calendar: WorkingDayCalendar | None = None,
    ) -> None:
        super().__init__(env)
        self.rules = rules or SupervisionRules()
        self.calendar = calendar_of_log(self, calendar or WorkingDayCalendar())

    def find(self, cls: type[A], aggregate_id: uuid.UUID) -> A | None:
        try:
            aggregate: Any = self.repository.get(aggregate_id)
        except AggregateNotFoundError:
            return None
        if not isinstance(aggregate, cls):
            return None
        return aggregate

    def get(self, cls: type[A], aggregate_id: uuid.UUID, what: str) -> A:
        aggregate = self.find(cls, aggregate_id)
        if aggregate is None:
            raise NotFound(f"no {what}")
        return aggregate

    def unit(self, uscc: str) -> RegisteredUnit:
        return self.get(RegisteredUnit, RegisteredUnit.create_id(uscc), f"unit {uscc} on the register")

    def inspector(self, inspector_id: str) -> Inspector:
        return self.get(Inspector, Inspector.create_id(inspector_id), f"inspector {inspector_id}")

    def team(self, inspector_ids: Sequence[str], unit: RegisteredUnit, on: dt.date) -> list[Inspector]:
        """The enforcement team, checked: two certified inspectors without ties to the unit (S1)."""
        return self.check_team(inspector_ids, EnforcementTarget(unit.uscc, unit.service_firm_uscc), on)

    def check_team(self, inspector_ids: Sequence[str], target: EnforcementTarget, on: dt.date) -> list[Inspector]:
        team = [self.inspector(i) for i in inspector_ids]
        check_enforcement_team(team, target, on, self.rules.inspectors_per_act)
        return team

    def working_day_on_or_after(self, day: dt.date) -> dt.date:
        """A time limit ending on a holiday ends on the next working day."""
        try:
            while not self.calendar.is_working_day(day):
                day += dt.timedelta(days=1)
        except CalendarYearNotCovered as exc:
            raise SupervisionError(str(exc), "CALENDAR_YEAR_NOT_COVERED") from exc
        return day

    def agency_deadline(self, kind: AgencyDeadlineKind, reference: str) -> AgencyDeadline | None:
        return self.find(AgencyDeadline, AgencyDeadline.create_id(kind.value, reference))

    def open_agency_deadline(
        self, kind: AgencyDeadlineKind, reference: str, uscc: str, unit_name: str, counted_from: dt.date, days: int
    ) -> AgencyDeadline | None:
        """The agency's own deadline of `kind` for `reference`, opened once (None when it already is)."""
        if self.agency_deadline(kind, reference) is not None:
            return None
        try:
            return AgencyDeadline.open(kind, reference, uscc, unit_name, counted_from, days, self.calendar)
        except CalendarYearNotCovered as exc:
            raise SupervisionError(str(exc), "CALENDAR_YEAR_NOT_COVERED") from exc

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        try:
            return self.calendar.working_days_between(start, end)
        except CalendarYearNotCovered as exc:
            raise SupervisionError(str(exc), "CALENDAR_YEAR_NOT_COVERED") from exc

    def add_working_days(self, start: dt.date, days: int) -> dt.date:
        try:
            return self.calendar.add_working_days(start, days)
        except CalendarYearNotCovered as exc:
            raise SupervisionError(str(exc), "CALENDAR_YEAR_NOT_COVERED") from exc
