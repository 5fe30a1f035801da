"""One application for the pre-opening fire-safety inspection permit, from filing to delivery."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import asdict, dataclass
from typing import Any, Protocol

from eventsourcing.domain import Aggregate, event

from kit.calendar import business_day
from services.permits.domain.errors import (
    AmendmentRefused,
    CommitmentRouteUnavailable,
    PilotRouteUnavailable,
    RequestIdReused,
    StepNotAllowed,
    TimeOutOfOrder,
)
from services.permits.domain.rules import (
    AmendmentDocument,
    ChangedAspect,
    CountedFrom,
    Material,
    PermitRules,
    Route,
    VenueCategory,
)

APPLICATION_NAMESPACE = uuid.UUID("0b6d7c1e-8a52-4c8e-a3d4-51f0e2a9c7b3")
SERIOUS_DISHONESTY = "serious_dishonesty"
#: The revocation's reason when a unit did not rectify what the verification found (notify words it).
FAILED_TO_RECTIFY = "failed_to_rectify"
#: The revocation's reason when supervision's penalty decision revoked the permit (吊销许可证件).
PENALTY_REVOCATION = "penalty_revocation"


class Calendar(Protocol):
    def add_working_days(self, start: dt.date, days: int) -> dt.date: ...

    def working_days_between(self, start: dt.date, end: dt.date) -> int: ...

    def provisional_between(self, start: dt.date, end: dt.date) -> bool: ...


@dataclass(frozen=True)
class Unit:
    """The venue or unit applying (社会单位 / 场所)."""

    uscc: str
    name: str
    venue_name: str
    address: str
    district: str
    street: str
    venue_category: VenueCategory
    floor_area_m2: float
    in_commercial_complex: bool
    legal_representative: str
    legal_representative_id: str
    complex_name: str = ""

    def to_record(self) -> dict[str, Any]:
        return {**asdict(self), "venue_category": self.venue_category.value}


@dataclass(frozen=True)
class Applicant:
    name: str
    phone: str = ""
    email: str = ""


RUNNING_CLOCK_STATUSES = ("submitted", "accepted", "inspected")
"""Where a statutory clock runs: acceptance from submission, inspection, decision."""


class PermitApplication(Aggregate):
    """公众聚集场所投入使用、营业前消防安全检查申请."""

    class Submitted(Aggregate.Created):
        request_id: str
        fingerprint: str
        route: str
        unit: dict[str, Any]
        applicant: dict[str, str]
        materials: list[str]
        delivery: dict[str, str]
        submitted_at: dt.datetime

    class DeficienciesNotified(Aggregate.Event):
        """一次性告知: every missing item, once."""

        missing: list[str]
        notified_at: dt.datetime

    class Accepted(Aggregate.Event):
        """受理."""

        accepted_at: dt.datetime
        accepted_by: str

    class MaterialsSupplemented(Aggregate.Event):
        """补正材料, possibly in several parts."""

        request_id: str
        materials: list[str]
        outstanding: list[str]
        supplemented_at: dt.datetime

    class ClockStarted(Aggregate.Event):
        stage: str
        started_on: dt.date
        due_on: dt.date
        #: The time limit in working days (0 in events recorded before it was kept).
        working_days: int = 0
        #: Counted across a year the official arrangement has not reached (kit.calendar).
        provisional: bool = False

    class ClockPaused(Aggregate.Event):
        paused_on: dt.date
        reason: str
        #: "materials" (补正, resumed by the supplement) or "expert_opinion" (专家评审, resumed by staff).
        cause: str = "materials"

    class ClockResumed(Aggregate.Event):
        resumed_on: dt.date
        paused_working_days: int
        due_on: dt.date
        provisional: bool = False

    class ClockExtended(Aggregate.Event):
        working_days: int
        reason: str
        due_on: dt.date
        provisional: bool = False

    class OverallLimitStarted(Aggregate.Event):
        """The district's promise for the whole procedure (承诺办结时限), beside each stage's limit."""

        started_on: dt.date
        due_on: dt.date
        working_days: int
        counted_from: str
        district: str
        provisional: bool = False

    class OverallLimitMoved(Aggregate.Event):
        """The overall limit moved with the stage clock: by the working days a pause lasted, or an extension."""

        previous_due_on: dt.date
        due_on: dt.date
        working_days: int
        reason: str
        provisional: bool = False

    class ClockBreached(Aggregate.Event):
        """超期: raised by the day-close command; stage "overall" for the district's overall limit."""

        stage: str
        due_on: dt.date
        breached_on: dt.date

    class InspectionRecorded(Aggregate.Event):
        """开业前现场检查."""

        passed: bool
        findings: list[str]
        rectification_advice: str
        inspectors: list[str]
        inspected_at: dt.datetime

    class PermitGranted(Aggregate.Event):
        """准予许可: self-contained, so that every consumer can act on it alone."""

        permit_no: str
        granted_at: dt.datetime
        route: str
        uscc: str
        unit_name: str
        venue_name: str
        district: str
        venue_category: str
        floor_area_m2: float
        applicant: dict[str, str]
        address: str
        street: str
        delivery_method: str

    class CommitmentVerificationRequested(Aggregate.Event):
        """告知承诺核查, due within 20 working days."""

        requested_at: dt.datetime
        due_on: dt.date
        #: Counted across a year the official arrangement has not reached (kit.calendar).
        provisional: bool = False
        #: The verification's time limit in working days (0 in events recorded before it was kept).
        working_days: int = 0

    class DueDateRevised(Aggregate.Event):
        """A due date moved by the official holiday arrangement of a year (节假日安排), named by its 文号."""

        what: str  # the clock's stage ("inspection", "decision") or "commitment_verification"
        previous_due_on: dt.date
        due_on: dt.date
        provisional: bool
        arrangement: str
        revised_at: dt.datetime

    class VerificationCompleted(Aggregate.Event):
        """Supervision verified the commitment (告知承诺核查): its due date no longer runs."""

        result: str
        completed_at: dt.datetime
        #: Supervision's verification inspection ("" in events recorded before it was kept).
        inspection_id: str = ""

    class RectificationOrderNoted(Aggregate.Event):
        """The commitment verification or the pilot check found problems: supervision ordered them
        rectified (责令限期改正)."""

        order_id: str
        deadline: dt.date
        ordered_on: dt.date

    class RectificationConfirmed(Aggregate.Event):
        """The re-inspection (复查) found the order complied with: the permit (or the pilot opening) stands."""

        order_id: str
        verified_on: dt.date

    class PilotCheckRecorded(Aggregate.Event):
        """先开业后监管的事后检查: supervision's on-site check of a venue that opened first."""

        inspection_id: str
        inspected_on: dt.date
        hazards: int
        violations: int

    class PilotRectificationOverdue(Aggregate.Event):
        """A venue that opened first did not rectify what its check found (逾期未改)."""

        order_id: str
        overdue_on: dt.date

    class PermitRefused(Aggregate.Event):
        """不予许可, with rectification advice (P8)."""

        reasons: list[str]
        rectification_advice: str
        refused_at: dt.datetime

    class RectificationPlanRecorded(Aggregate.Event):
        """整改方案 of a failed pre-opening inspection, drawn up with the inspector's guidance (004 #06)."""

        items: list[str]
        target_date: dt.date | None
        guided_by: list[str]
        recorded_at: dt.datetime

    class PermitRevoked(Aggregate.Event):
        reason: str
        revoked_at: dt.datetime
        cause_event_id: str

    class PilotRegistered(Aggregate.Event):
        """先开业后监管: registered, no permit."""

        complex_name: str
        registered_at: dt.datetime

    class PermitAmended(Aggregate.Event):
        """简化变更."""

        request_id: str
        previous_name: str
        unit_name: str
        previous_legal_representative: str
        legal_representative: str
        legal_representative_id: str
        documents: list[str]
        amended_at: dt.datetime

    class DocumentsDelivered(Aggregate.Event):
        """送达."""

        method: str
        postal_tracking_no: str
        delivered_at: dt.datetime

    @staticmethod
    def create_id(request_id: str) -> uuid.UUID:
        return uuid.uuid5(APPLICATION_NAMESPACE, f"application:{request_id}")

    @event(Submitted)
    def __init__(
        self,
        request_id: str,
        fingerprint: str,
        route: str,
        unit: dict[str, Any],
        applicant: dict[str, str],
        materials: list[str],
        delivery: dict[str, str],
        submitted_at: dt.datetime,
    ) -> None:
        self.request_id = request_id
        self.fingerprint = fingerprint
        self.route = route
        self.unit = unit
        self.applicant = applicant
        self.materials = materials
        self.delivery = delivery
        self.submitted_at = submitted_at
        self.status = "submitted"
        self.missing: list[str] = []
        #: Each supplement's request_id and the materials it handed in.
        self.supplements: dict[str, list[str]] = {}
        self.clock: dict[str, Any] | None = None
        self.breaches: list[str] = []
        self.inspection: dict[str, Any] | None = None
        self.permit_no: str | None = None
        self.granted_at: dt.datetime | None = None
        self.verification_due_on: dt.date | None = None
        self.verification_provisional = False
        self.verification_basis: tuple[dt.date, int] | None = None
        self.verification_completed = False
        self.verification_result = ""
        self.verification_inspection_id = ""
        #: Rectification orders after the verification: order id → {"deadline", "status"}.
        self.rectification_orders: dict[str, dict[str, Any]] = {}
        self.refusal: dict[str, Any] | None = None
        self.revocation: dict[str, Any] | None = None
        #: What each amendment's request changed: (name before, after, legal representative before, after).
        self.amendments: dict[str, tuple[str, str, str, str]] = {}
        self.delivered_at: dt.datetime | None = None
        self.accepted_at: dt.datetime | None = None
        self.pause_cause = ""
        self.overall: dict[str, Any] | None = None
        self.rectification_plan: dict[str, Any] | None = None
        #: The pilot route's after-the-fact check: {"inspection_id", "inspected_on", "outcome"}.
        self.pilot_check: dict[str, Any] | None = None

    # -- filing ---------------------------------------------------------------------------------

    @classmethod
    def submit(
        cls,
        *,
        request_id: str,
        fingerprint: str,
        route: Route,
        unit: Unit,
        applicant: Applicant,
        materials: frozenset[Material],
        delivery: dict[str, str],
        submitted_at: dt.datetime,
        rules: PermitRules,
        calendar: Calendar,
        unit_tier: str,
    ) -> PermitApplication:
        """File an application. The commitment route grants at once when nothing is missing;
        the pilot route registers the venue for supervision afterwards."""
        if route is Route.COMMITMENT:
            check_commitment_route(unit, rules, unit_tier)
        elif route is Route.PILOT:
            check_pilot_route(unit, rules)
        application = cls(
            request_id=request_id,
            fingerprint=fingerprint,
            route=route.value,
            unit=unit.to_record(),
            applicant=asdict(applicant),
            materials=sorted(m.value for m in materials),
            delivery=delivery,
            submitted_at=submitted_at,
        )
        if route is Route.COMMITMENT:
            missing = rules.required_materials(route) - materials
            if missing:
                application._deficiencies_notified(missing=sorted(m.value for m in missing), notified_at=submitted_at)
            else:
                application._grant_on_commitment(submitted_at, rules, calendar)
        elif route is Route.PILOT:
            application._pilot_registered(complex_name=unit.complex_name, registered_at=submitted_at)
        else:
            # The clock starts at submission: acceptance (受理) is itself time-limited.
            application._start_clock("acceptance", business_day(submitted_at), rules.acceptance_working_days, calendar)
            application._start_overall(CountedFrom.SUBMISSION, business_day(submitted_at), rules, calendar)
        return application

    def accept(self, at: dt.datetime, by: str, rules: PermitRules, calendar: Calendar) -> None:
        """受理 on the standard route: the inspection clock starts; it waits while materials are missing."""
        if self.route != Route.STANDARD or self.status != "submitted":
            raise StepNotAllowed(f"an application that is {self.status} on the {self.route} route cannot be accepted")
        self.check_after("at", at, "submission", self.submitted_at)
        missing = rules.required_materials(self.route) - {Material(m) for m in self.materials}
        self._accepted(accepted_at=at, accepted_by=by)
        if missing:
            self._deficiencies_notified(missing=sorted(m.value for m in missing), notified_at=at)
        self._start_clock("inspection", business_day(at), rules.inspection_working_days, calendar)
        self._start_overall(CountedFrom.ACCEPTANCE, business_day(at), rules, calendar)
        if missing:
            self._clock_paused(paused_on=business_day(at), reason="waiting for materials")

    def supplement(
        self, request_id: str, materials: frozenset[Material], at: dt.datetime, rules: PermitRules, calendar: Calendar
    ) -> bool:
        """补正: the clock resumes, or the commitment permit is granted, once nothing is missing.

        Returns False for a repeated request; a request_id that came with other materials is
        RequestIdReused."""
        if request_id in self.supplements:
            if self.supplements[request_id] != sorted(m.value for m in materials):
                raise RequestIdReused(request_id, "supplement")
            return False
        self.check_after("at", at, "submission", self.submitted_at)
        if not self.missing:
            raise StepNotAllowed("no material is outstanding for this application")
        supplied = sorted(m.value for m in materials)
        outstanding = sorted(set(self.missing) - set(supplied))
        self._materials_supplemented(
            request_id=request_id, materials=supplied, outstanding=outstanding, supplemented_at=at
        )
        if outstanding:
            return True
        if self.route == Route.COMMITMENT:
            self._grant_on_commitment(at, rules, calendar)
        elif self.clock is not None and self.clock["paused_on"] is not None and self.pause_cause == "materials":
            self._resume(at, calendar)
        return True

    def pause_for_expert_opinion(self, reason: str, at: dt.datetime) -> None:
        """The time limit waits while an expert opinion (专家评审, 技术鉴定) is sought, for a stated reason."""
        clock = self.clock
        if clock is None or self.status not in RUNNING_CLOCK_STATUSES:
            raise StepNotAllowed("no statutory clock is running")
        if clock["paused_on"] is not None:
            raise StepNotAllowed(f"the clock is already paused ({self.pause_cause})")
        if not reason.strip():
            raise StepNotAllowed("reason: a pause for an expert opinion states why the opinion is needed")
        if business_day(at) < clock["started_on"]:
            raise TimeOutOfOrder(f"at: {at.isoformat()} is before the time limit started on {clock['started_on']}")
        self._clock_paused(paused_on=business_day(at), reason=reason.strip(), cause="expert_opinion")

    def resume_after_expert_opinion(self, at: dt.datetime, calendar: Calendar) -> None:
        """The expert opinion is in: the clock runs again, its due day moved by the working days it waited."""
        clock = self.clock
        if clock is None or clock["paused_on"] is None or self.pause_cause != "expert_opinion":
            raise StepNotAllowed("the clock is not paused for an expert opinion")
        if business_day(at) < clock["paused_on"]:
            raise TimeOutOfOrder(f"at: {at.isoformat()} is before the pause of {clock['paused_on']}")
        self._resume(at, calendar)

    def _resume(self, at: dt.datetime, calendar: Calendar) -> None:
        assert self.clock is not None and self.clock["paused_on"] is not None
        cause = self.pause_cause
        paused = calendar.working_days_between(self.clock["paused_on"], business_day(at))
        due_on = calendar.add_working_days(self.clock["due_on"], paused)
        self._clock_resumed(
            resumed_on=business_day(at),
            paused_working_days=paused,
            due_on=due_on,
            provisional=calendar.provisional_between(self.clock["started_on"], due_on),
        )
        overall = self.overall
        if overall is not None and overall["paused_on"] is not None:
            waited = calendar.working_days_between(overall["paused_on"], business_day(at))
            self._move_overall(waited, f"paused for {cause.replace('_', ' ')}", calendar)

    def _move_overall(self, working_days: int, reason: str, calendar: Calendar) -> None:
        assert self.overall is not None
        due_on = calendar.add_working_days(self.overall["due_on"], working_days)
        self._overall_limit_moved(
            previous_due_on=self.overall["due_on"],
            due_on=due_on,
            working_days=working_days,
            reason=reason,
            provisional=calendar.provisional_between(self.overall["started_on"], due_on),
        )

    # -- inspection and decision ----------------------------------------------------------------

    def record_inspection(
        self,
        *,
        passed: bool,
        findings: list[str],
        rectification_advice: str,
        inspectors: list[str],
        at: dt.datetime,
        rules: PermitRules,
        calendar: Calendar,
    ) -> None:
        if self.status != "accepted":
            raise StepNotAllowed(f"an application that is {self.status} cannot be inspected")
        if self.missing:
            raise StepNotAllowed("materials are still missing: " + ", ".join(self.missing))
        if not passed and not rectification_advice.strip():
            raise StepNotAllowed("a failed inspection needs rectification advice (P8)")
        if self.accepted_at is not None:
            self.check_after("at", at, "acceptance", self.accepted_at)
        self._inspection_recorded(
            passed=passed,
            findings=findings,
            rectification_advice=rectification_advice,
            inspectors=inspectors,
            inspected_at=at,
        )
        self._start_clock("decision", business_day(at), rules.decision_working_days, calendar)

    def decide(self, *, grant: bool, reasons: list[str], at: dt.datetime) -> None:
        """准予 or 不予许可 after the inspection; a failed inspection cannot be granted."""
        if self.status != "inspected" or self.inspection is None:
            raise StepNotAllowed(f"an application that is {self.status} cannot be decided")
        if grant and not self.inspection["passed"]:
            raise StepNotAllowed("a venue that failed its inspection cannot be granted a permit")
        self.check_after("at", at, "inspection", self.inspection["inspected_at"])
        if grant:
            self._grant(at)
        else:
            self._permit_refused(
                reasons=reasons or list(self.inspection["findings"]),
                rectification_advice=self.inspection["rectification_advice"],
                refused_at=at,
            )

    def record_rectification_plan(
        self, *, items: list[str], target_date: dt.date | None, guided_by: list[str], at: dt.datetime
    ) -> None:
        """The unit's plan to put right what a failed inspection found, as the inspector guided it (P8).

        A later plan replaces the earlier one (the unit revises it); the last one stands."""
        inspection = self.inspection
        if inspection is None or inspection["passed"]:
            raise StepNotAllowed("only a failed pre-opening inspection has a rectification plan")
        if self.status not in ("inspected", "refused"):
            raise StepNotAllowed(f"an application that is {self.status} has no rectification to plan")
        steps = [item.strip() for item in items if item.strip()]
        if not steps:
            raise StepNotAllowed("items: a rectification plan lists at least one measure")
        guides = [name.strip() for name in guided_by if name.strip()]
        if not guides:
            raise StepNotAllowed("guided_by: name the inspector who guided the plan")
        self.check_after("at", at, "inspection", inspection["inspected_at"])
        if target_date is not None and target_date < business_day(at):
            raise TimeOutOfOrder(f"target_date: {target_date.isoformat()} is before the plan of {business_day(at)}")
        self._rectification_plan_recorded(items=steps, target_date=target_date, guided_by=guides, recorded_at=at)

    def revoke(self, reason: str, at: dt.datetime, cause_event_id: str = "") -> bool:
        """撤销许可; revoking a revoked permit changes nothing."""
        if self.status == "revoked":
            return False
        if self.status != "granted":
            raise StepNotAllowed(f"an application that is {self.status} has no permit to revoke")
        self._permit_revoked(reason=reason, revoked_at=at, cause_event_id=cause_event_id)
        return True

    @staticmethod
    def check_after(field: str, at: dt.datetime, step: str, previous: dt.datetime) -> None:
        """A staff-supplied time comes at or after the step it follows."""
        if at < previous:
            raise TimeOutOfOrder(f"{field}: {at.isoformat()} is before the {step} of {previous.isoformat()}")

    # -- the statutory clock --------------------------------------------------------------------

    def extend_clock(self, working_days: int, reason: str, calendar: Calendar) -> None:
        if self.clock is None or self.status not in RUNNING_CLOCK_STATUSES:
            raise StepNotAllowed("no statutory clock is running")
        if working_days < 1:
            raise StepNotAllowed("an extension is at least one working day")
        due_on = calendar.add_working_days(self.clock["due_on"], working_days)
        self._clock_extended(
            working_days=working_days,
            reason=reason,
            due_on=due_on,
            provisional=calendar.provisional_between(self.clock["started_on"], due_on),
        )
        if self.overall is not None:
            # An extension the agency grants is an extension of what it promised as a whole, too.
            self._move_overall(working_days, f"extended: {reason}", calendar)

    def close_day(self, day: dt.date) -> bool:
        """At the close of `day`, a running stage whose due day has passed is breached, and so is the
        district's overall limit; each once. Neither is breached while the clock waits."""
        if self.status not in RUNNING_CLOCK_STATUSES:
            return False
        breached = False
        limits: list[tuple[str, dict[str, Any] | None]] = [
            (str((self.clock or {}).get("stage")), self.clock),
            ("overall", self.overall),
        ]
        for stage, limit in limits:
            if limit is None or limit["paused_on"] is not None or stage in self.breaches or day < limit["due_on"]:
                continue
            self._clock_breached(stage=stage, due_on=limit["due_on"], breached_on=day)
            breached = True
        return breached

    def revise_due_dates(self, calendar: Calendar, arrangement: str, at: dt.datetime) -> bool:
        """Count the running clock and the pending verification again on `calendar` (an official
        arrangement was loaded `at`); each date that moves, or stops being provisional, is revised."""
        revised = False
        on = business_day(at)
        clock = self.clock
        if (
            clock is not None
            and self.status in RUNNING_CLOCK_STATUSES
            and clock.get("working_days")
            and clock["stage"] not in self.breaches
        ):
            basis = (clock["started_on"], clock["working_days"])
            revised |= self._revise(
                clock["stage"], clock["due_on"], clock["provisional"], basis, calendar, arrangement, at
            )
        overall = self.overall
        if overall is not None and self.status in RUNNING_CLOCK_STATUSES and "overall" not in self.breaches:
            basis = (overall["started_on"], overall["working_days"])
            revised |= self._revise(
                "overall", overall["due_on"], overall["provisional"], basis, calendar, arrangement, at
            )
        due = self.verification_due_on
        if (
            self.status == "granted"
            and self.verification_basis is not None
            and due is not None
            and not self.verification_completed
            and due >= on
        ):
            revised |= self._revise(
                "commitment_verification",
                due,
                self.verification_provisional,
                self.verification_basis,
                calendar,
                arrangement,
                at,
            )
        return revised

    def _revise(
        self,
        what: str,
        due_on: dt.date,
        provisional: bool,
        basis: tuple[dt.date, int],
        calendar: Calendar,
        arrangement: str,
        at: dt.datetime,
    ) -> bool:
        start, working_days = basis
        revised = calendar.add_working_days(start, working_days)
        still_provisional = calendar.provisional_between(start, revised)
        if revised == due_on and still_provisional == provisional:
            return False
        self._due_date_revised(
            what=what,
            previous_due_on=due_on,
            due_on=revised,
            provisional=still_provisional,
            arrangement=arrangement,
            revised_at=at,
        )
        return True

    def complete_verification(self, result: str, at: dt.datetime, inspection_id: str = "") -> bool:
        if self.verification_due_on is None or self.verification_completed:
            return False
        self._verification_completed(result=result, completed_at=at, inspection_id=inspection_id)
        return True

    def record_pilot_check(self, inspection_id: str, inspected_on: dt.date, hazards: int, violations: int) -> bool:
        """The after-the-fact check of a pilot venue, and what it found; once per inspection."""
        if self.status != "registered" or (self.pilot_check or {}).get("inspection_id") == inspection_id:
            return False
        self._pilot_check_recorded(
            inspection_id=inspection_id, inspected_on=inspected_on, hazards=hazards, violations=violations
        )
        return True

    def order_rectification(self, order_id: str, deadline: dt.date, ordered_on: dt.date) -> bool:
        """What the verification or the pilot check found is ordered rectified by `deadline`; once per order."""
        if order_id in self.rectification_orders:
            return False
        verified = self.status == "granted" and self.verification_completed
        if not verified and not (self.status == "registered" and self.pilot_check is not None):
            return False
        self._rectification_order_noted(order_id=order_id, deadline=deadline, ordered_on=ordered_on)
        return True

    def rectified(self, order_id: str, verified_on: dt.date) -> bool:
        """The re-inspection found the order complied with."""
        order = self.rectification_orders.get(order_id)
        if order is None or order["status"] != "ordered":
            return False
        self._rectification_confirmed(order_id=order_id, verified_on=verified_on)
        return True

    def fail_to_rectify(self, order_id: str, at: dt.datetime, cause_event_id: str) -> bool:
        """逾期不整改或者整改后仍达不到要求: the permit is revoked (Fire Law art. 15)."""
        order = self.rectification_orders.get(order_id)
        if order is None or order["status"] != "ordered":
            return False
        if self.status == "registered":
            # No permit to lose: the record says the venue that opened first did not rectify.
            self._pilot_rectification_overdue(order_id=order_id, overdue_on=business_day(at))
            return True
        if self.status != "granted":
            return False
        return self.revoke(FAILED_TO_RECTIFY, at, cause_event_id=cause_event_id)

    # -- after the decision ---------------------------------------------------------------------

    def amend(
        self,
        *,
        request_id: str,
        unit_name: str,
        legal_representative: str,
        legal_representative_id: str,
        other_changes: frozenset[ChangedAspect],
        documents: frozenset[AmendmentDocument],
        at: dt.datetime,
    ) -> bool:
        """简化变更 of name or legal representative; returns False for a repeated request, and a
        request_id that came with another name or legal representative is RequestIdReused."""
        if request_id in self.amendments:
            before_name, after_name, before_rep, after_rep = self.amendments[request_id]
            if (unit_name or before_name, legal_representative or before_rep) != (after_name, after_rep):
                raise RequestIdReused(request_id, "amendment")
            return False
        if self.status != "granted":
            raise AmendmentRefused(f"an application that is {self.status} has no permit to amend")
        if other_changes:
            changed = ", ".join(sorted(c.value for c in other_changes))
            raise AmendmentRefused(f"a change of {changed} needs a new application, not a simplified amendment")
        name_changes = bool(unit_name) and unit_name != self.unit["name"]
        representative_changes = (
            bool(legal_representative) and legal_representative != self.unit["legal_representative"]
        )
        if not name_changes and not representative_changes:
            raise AmendmentRefused("a simplified amendment changes the name or the legal representative")
        required = {AmendmentDocument.CHANGE_REQUEST, AmendmentDocument.ORIGINAL_PERMIT}
        if name_changes:
            required.add(AmendmentDocument.NAME_PRE_APPROVAL_NOTICE)
        if representative_changes:
            required |= {AmendmentDocument.OLD_LEGAL_REPRESENTATIVE_ID, AmendmentDocument.NEW_LEGAL_REPRESENTATIVE_ID}
        missing = required - documents
        if missing:
            raise AmendmentRefused("documents missing: " + ", ".join(sorted(d.value for d in missing)))
        self._permit_amended(
            request_id=request_id,
            previous_name=self.unit["name"],
            unit_name=unit_name if name_changes else self.unit["name"],
            previous_legal_representative=self.unit["legal_representative"],
            legal_representative=legal_representative if representative_changes else self.unit["legal_representative"],
            legal_representative_id=legal_representative_id
            if representative_changes
            else self.unit["legal_representative_id"],
            documents=sorted(d.value for d in documents),
            amended_at=at,
        )
        return True

    def record_delivery(self, at: dt.datetime, postal_tracking_no: str = "") -> None:
        if self.status not in ("granted", "refused"):
            raise StepNotAllowed(f"an application that is {self.status} has no decision to deliver")
        method = self.delivery.get("method", "direct")
        if method == "post" and not postal_tracking_no:
            raise StepNotAllowed("a postal delivery needs its tracking number")
        self._documents_delivered(method=method, postal_tracking_no=postal_tracking_no, delivered_at=at)

    # -- events ---------------------------------------------------------------------------------

    def _start_clock(self, stage: str, started_on: dt.date, working_days: int, calendar: Calendar) -> None:
        due_on = calendar.add_working_days(started_on, working_days)
        self._clock_started(
            stage=stage,
            started_on=started_on,
            due_on=due_on,
            working_days=working_days,
            provisional=calendar.provisional_between(started_on, due_on),
        )

    def _start_overall(self, counted_from: CountedFrom, on: dt.date, rules: PermitRules, calendar: Calendar) -> None:
        """Start the district's overall limit, if it promises one counted from this step."""
        limit = rules.overall_limit(self.unit["district"])
        if limit is None or limit.counted_from is not counted_from or self.overall is not None:
            return
        due_on = calendar.add_working_days(on, limit.working_days)
        self._overall_limit_started(
            started_on=on,
            due_on=due_on,
            working_days=limit.working_days,
            counted_from=counted_from.value,
            district=self.unit["district"],
            provisional=calendar.provisional_between(on, due_on),
        )

    def _grant_on_commitment(self, at: dt.datetime, rules: PermitRules, calendar: Calendar) -> None:
        self._grant(at)
        requested_on = business_day(at)
        due_on = calendar.add_working_days(requested_on, rules.verification_working_days)
        self._verification_requested(
            requested_at=at,
            due_on=due_on,
            provisional=calendar.provisional_between(requested_on, due_on),
            working_days=rules.verification_working_days,
        )

    def _grant(self, at: dt.datetime) -> None:
        unit = self.unit
        self._permit_granted(
            permit_no=permit_number(self.id, at),
            granted_at=at,
            route=self.route,
            uscc=unit["uscc"],
            unit_name=unit["name"],
            venue_name=unit["venue_name"],
            district=unit["district"],
            venue_category=unit["venue_category"],
            floor_area_m2=unit["floor_area_m2"],
            applicant=self.applicant,
            address=unit["address"],
            street=unit["street"],
            delivery_method=self.delivery.get("method", "direct"),
        )

    @event(DeficienciesNotified)
    def _deficiencies_notified(self, missing: list[str], notified_at: dt.datetime) -> None:
        self.missing = list(missing)

    @event(Accepted)
    def _accepted(self, accepted_at: dt.datetime, accepted_by: str) -> None:
        self.status = "accepted"
        self.accepted_at = accepted_at

    @event(MaterialsSupplemented)
    def _materials_supplemented(
        self, request_id: str, materials: list[str], outstanding: list[str], supplemented_at: dt.datetime
    ) -> None:
        self.supplements = {**self.supplements, request_id: sorted(materials)}
        self.materials = sorted(set(self.materials) | set(materials))
        self.missing = list(outstanding)

    @event(ClockStarted)
    def _clock_started(
        self, stage: str, started_on: dt.date, due_on: dt.date, working_days: int = 0, provisional: bool = False
    ) -> None:
        self.clock = {
            "stage": stage,
            "started_on": started_on,
            "due_on": due_on,
            "paused_on": None,
            "working_days": working_days,
            "provisional": provisional,
        }

    @event(ClockPaused)
    def _clock_paused(self, paused_on: dt.date, reason: str, cause: str = "materials") -> None:
        assert self.clock is not None
        self.clock = {**self.clock, "paused_on": paused_on}
        self.pause_cause = cause
        if self.overall is not None:
            # What waits for the applicant or an expert waits as a whole, too.
            self.overall = {**self.overall, "paused_on": paused_on}

    @event(OverallLimitStarted)
    def _overall_limit_started(
        self,
        started_on: dt.date,
        due_on: dt.date,
        working_days: int,
        counted_from: str,
        district: str,
        provisional: bool = False,
    ) -> None:
        self.overall = {
            "started_on": started_on,
            "due_on": due_on,
            "working_days": working_days,
            "counted_from": counted_from,
            "provisional": provisional,
            "paused_on": None,
        }

    @event(OverallLimitMoved)
    def _overall_limit_moved(
        self, previous_due_on: dt.date, due_on: dt.date, working_days: int, reason: str, provisional: bool = False
    ) -> None:
        assert self.overall is not None
        self.overall = {
            **self.overall,
            "due_on": due_on,
            "working_days": self.overall["working_days"] + working_days,
            "provisional": provisional,
            "paused_on": None,
        }

    @event(ClockResumed)
    def _clock_resumed(
        self, resumed_on: dt.date, paused_working_days: int, due_on: dt.date, provisional: bool = False
    ) -> None:
        assert self.clock is not None
        days = self.clock.get("working_days", 0) + paused_working_days
        self.clock = {
            **self.clock,
            "paused_on": None,
            "due_on": due_on,
            "working_days": days,
            "provisional": provisional,
        }

    @event(ClockExtended)
    def _clock_extended(self, working_days: int, reason: str, due_on: dt.date, provisional: bool = False) -> None:
        assert self.clock is not None
        days = self.clock.get("working_days", 0) + working_days
        self.clock = {**self.clock, "due_on": due_on, "working_days": days, "provisional": provisional}

    @event(ClockBreached)
    def _clock_breached(self, stage: str, due_on: dt.date, breached_on: dt.date) -> None:
        self.breaches = [*self.breaches, stage]

    @event(InspectionRecorded)
    def _inspection_recorded(
        self,
        passed: bool,
        findings: list[str],
        rectification_advice: str,
        inspectors: list[str],
        inspected_at: dt.datetime,
    ) -> None:
        self.status = "inspected"
        self.inspection = {
            "passed": passed,
            "findings": findings,
            "rectification_advice": rectification_advice,
            "inspectors": inspectors,
            "inspected_at": inspected_at,
        }

    @event(PermitGranted)
    def _permit_granted(
        self,
        permit_no: str,
        granted_at: dt.datetime,
        route: str,
        uscc: str,
        unit_name: str,
        venue_name: str,
        district: str,
        venue_category: str,
        floor_area_m2: float,
        applicant: dict[str, str],
        address: str,
        street: str,
        delivery_method: str,
    ) -> None:
        self.status = "granted"
        self.permit_no = permit_no
        self.granted_at = granted_at
        self.clock = None

    @event(CommitmentVerificationRequested)
    def _verification_requested(
        self, requested_at: dt.datetime, due_on: dt.date, provisional: bool = False, working_days: int = 0
    ) -> None:
        self.verification_due_on = due_on
        self.verification_provisional = provisional
        self.verification_basis = (business_day(requested_at), working_days) if working_days else None

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
        if what == "commitment_verification":
            self.verification_due_on = due_on
            self.verification_provisional = provisional
        elif what == "overall":
            if self.overall is not None:
                self.overall = {**self.overall, "due_on": due_on, "provisional": provisional}
        elif self.clock is not None:
            self.clock = {**self.clock, "due_on": due_on, "provisional": provisional}

    @event(VerificationCompleted)
    def _verification_completed(self, result: str, completed_at: dt.datetime, inspection_id: str = "") -> None:
        self.verification_completed = True
        self.verification_result = result
        self.verification_inspection_id = inspection_id

    @event(RectificationOrderNoted)
    def _rectification_order_noted(self, order_id: str, deadline: dt.date, ordered_on: dt.date) -> None:
        self.rectification_orders = {**self.rectification_orders, order_id: {"deadline": deadline, "status": "ordered"}}

    @event(RectificationConfirmed)
    def _rectification_confirmed(self, order_id: str, verified_on: dt.date) -> None:
        order = {**self.rectification_orders[order_id], "status": "rectified"}
        self.rectification_orders = {**self.rectification_orders, order_id: order}
        pending = any(o["status"] == "ordered" for o in self.rectification_orders.values())
        if self.pilot_check is not None and not pending:
            self.pilot_check = {**self.pilot_check, "outcome": "rectified"}

    @event(PermitRefused)
    def _permit_refused(self, reasons: list[str], rectification_advice: str, refused_at: dt.datetime) -> None:
        self.status = "refused"
        self.refusal = {"reasons": reasons, "rectification_advice": rectification_advice, "refused_at": refused_at}
        self.clock = None

    @event(PilotCheckRecorded)
    def _pilot_check_recorded(self, inspection_id: str, inspected_on: dt.date, hazards: int, violations: int) -> None:
        outcome = "problems_found" if hazards or violations else "no_problem"
        self.pilot_check = {"inspection_id": inspection_id, "inspected_on": inspected_on, "outcome": outcome}

    @event(PilotRectificationOverdue)
    def _pilot_rectification_overdue(self, order_id: str, overdue_on: dt.date) -> None:
        order = {**self.rectification_orders[order_id], "status": "not_rectified"}
        self.rectification_orders = {**self.rectification_orders, order_id: order}
        if self.pilot_check is not None:
            self.pilot_check = {**self.pilot_check, "outcome": "not_rectified"}

    @event(RectificationPlanRecorded)
    def _rectification_plan_recorded(
        self, items: list[str], target_date: dt.date | None, guided_by: list[str], recorded_at: dt.datetime
    ) -> None:
        self.rectification_plan = {
            "items": list(items),
            "target_date": target_date,
            "guided_by": list(guided_by),
            "recorded_at": recorded_at,
        }

    @event(PermitRevoked)
    def _permit_revoked(self, reason: str, revoked_at: dt.datetime, cause_event_id: str) -> None:
        self.status = "revoked"
        if reason == FAILED_TO_RECTIFY:
            self.rectification_orders = {
                key: {**order, "status": "not_rectified"} if order["status"] == "ordered" else order
                for key, order in self.rectification_orders.items()
            }
        self.revocation = {"reason": reason, "revoked_at": revoked_at, "cause_event_id": cause_event_id}

    @event(PilotRegistered)
    def _pilot_registered(self, complex_name: str, registered_at: dt.datetime) -> None:
        self.status = "registered"

    @event(PermitAmended)
    def _permit_amended(
        self,
        request_id: str,
        previous_name: str,
        unit_name: str,
        previous_legal_representative: str,
        legal_representative: str,
        legal_representative_id: str,
        documents: list[str],
        amended_at: dt.datetime,
    ) -> None:
        self.amendments = {
            **self.amendments,
            request_id: (previous_name, unit_name, previous_legal_representative, legal_representative),
        }
        self.unit = {
            **self.unit,
            "name": unit_name,
            "legal_representative": legal_representative,
            "legal_representative_id": legal_representative_id,
        }

    @event(DocumentsDelivered)
    def _documents_delivered(self, method: str, postal_tracking_no: str, delivered_at: dt.datetime) -> None:
        self.delivered_at = delivered_at


def check_commitment_route(unit: Unit, rules: PermitRules, unit_tier: str) -> None:
    if unit_tier == SERIOUS_DISHONESTY:
        raise CommitmentRouteUnavailable("unit is blacklisted: commitment route unavailable")
    if unit.venue_category not in rules.commitment_categories:
        raise CommitmentRouteUnavailable(
            f"venue category {unit.venue_category.value} is not eligible for the commitment route"
        )


def check_pilot_route(unit: Unit, rules: PermitRules) -> None:
    """000 Yangpu: under 300 m², in a designated pilot complex, not a catering venue."""
    if unit.complex_name not in rules.pilot_complexes:
        raise PilotRouteUnavailable(f"{unit.complex_name or 'the venue'} is not a designated pilot complex")
    if unit.floor_area_m2 >= rules.pilot_max_floor_area_m2:
        raise PilotRouteUnavailable(
            f"the pilot route is for venues under {rules.pilot_max_floor_area_m2:g} m²; "
            f"this one has {unit.floor_area_m2:g} m²"
        )
    if unit.venue_category is VenueCategory.CATERING:
        raise PilotRouteUnavailable("catering venues may not open before their inspection")


def permit_number(application_id: uuid.UUID, at: dt.datetime) -> str:
    """许可文书号: stable for the application, so replays and retries give the same number."""
    return f"XF{business_day(at).year}-{application_id.hex[:12].upper()}"
