"""The permits nameko worker: the agency's staff operations over RPC, credit and supervision events in,
read models kept up to date.

Staff systems pass plain values: ids as strings, business times as ISO 8601 with zone, days as YYYY-MM-DD.
A request the rules refuse raises a `PermitsError` whose text leads with its rule
("TIME_OUT_OF_ORDER: at: …"): a caller that does not import this project reads it from nameko's
`RemoteError.value`; bad plain values are refused as INVALID_ARGUMENT naming the field.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from nameko.rpc import rpc
from nameko.timer import timer

from kit.arrangements import Arrangement
from kit.calendar import CHINA_TIME
from kit.consumer import BatchOutcome, Delivery, EventProcessor, consume_events
from services.permits import read_models
from services.permits.bootstrap import build_worker_runtime
from services.permits.domain import PermitApplication
from services.permits.domain.errors import InvalidStaffInput

UPSTREAMS = ("credit", "supervision")


def _summary(application: PermitApplication) -> dict[str, Any]:
    clock = application.clock or {}
    overall = application.overall or {}
    return {
        "application_id": str(application.id),
        "status": application.status,
        "permit_no": application.permit_no,
        "missing_materials": list(application.missing),
        "clock_stage": clock.get("stage"),
        "due_on": clock["due_on"].isoformat() if clock else None,
        "due_provisional": bool(clock.get("provisional")),
        "clock_paused": bool(clock.get("paused_on")),
        "overall_due_on": overall["due_on"].isoformat() if overall else None,
        "overall_working_days": overall.get("working_days"),
    }


class PermitsService:
    name = "permits"

    events = EventProcessor(build_worker_runtime)

    @consume_events("credit")  # type: ignore[misc]
    def on_credit_event(self, batch: list[Delivery]) -> BatchOutcome:
        return self.events.process_batch(batch)

    @consume_events("supervision")  # type: ignore[misc]
    def on_supervision_event(self, batch: list[Delivery]) -> BatchOutcome:
        return self.events.process_batch(batch)

    @timer(interval=0.5)  # type: ignore[misc]
    def refresh_read_models(self) -> None:
        """Commands also arrive through the gRPC process: keep the views current."""
        self.events.refresh(max_batches=20)

    @rpc  # type: ignore[misc]
    def accept_application(self, application_id: str, at: str, accepted_by: str) -> dict[str, Any]:
        """受理 an application on the standard route; starts the inspection clock."""
        app = self.events.app()
        return _summary(app.accept_application(_id("application_id", application_id), _time("at", at), accepted_by))

    @rpc  # type: ignore[misc]
    def record_inspection(
        self,
        application_id: str,
        passed: bool,
        findings: list[str],
        rectification_advice: str,
        inspectors: list[str],
        at: str,
    ) -> dict[str, Any]:
        """The pre-opening on-site inspection (开业前现场检查); starts the decision clock."""
        app = self.events.app()
        application = app.record_inspection(
            _id("application_id", application_id),
            passed=passed,
            findings=findings,
            rectification_advice=rectification_advice,
            inspectors=inspectors,
            at=_time("at", at),
        )
        return _summary(application)

    @rpc  # type: ignore[misc]
    def decide(self, application_id: str, grant: bool, reasons: list[str], at: str) -> dict[str, Any]:
        """准予 or 不予许可."""
        app = self.events.app()
        return _summary(
            app.decide(_id("application_id", application_id), grant=grant, reasons=reasons, at=_time("at", at))
        )

    @rpc  # type: ignore[misc]
    def extend_clock(self, application_id: str, working_days: int, reason: str) -> dict[str, Any]:
        app = self.events.app()
        return _summary(app.extend_clock(_id("application_id", application_id), working_days, reason))

    @rpc  # type: ignore[misc]
    def pause_for_expert_opinion(self, application_id: str, reason: str, at: str) -> dict[str, Any]:
        """The time limit waits while an expert opinion is sought (专家评审), for the stated reason."""
        app = self.events.app()
        return _summary(app.pause_for_expert_opinion(_id("application_id", application_id), reason, _time("at", at)))

    @rpc  # type: ignore[misc]
    def resume_after_expert_opinion(self, application_id: str, at: str) -> dict[str, Any]:
        """The expert opinion is in: the time limit runs again, moved by the working days it waited."""
        app = self.events.app()
        return _summary(app.resume_after_expert_opinion(_id("application_id", application_id), _time("at", at)))

    @rpc  # type: ignore[misc]
    def record_delivery(self, application_id: str, at: str, postal_tracking_no: str = "") -> dict[str, Any]:
        """送达 of the decision documents, by the method the applicant chose."""
        app = self.events.app()
        return _summary(app.record_delivery(_id("application_id", application_id), _time("at", at), postal_tracking_no))

    @rpc  # type: ignore[misc]
    def close_day(self, day: str) -> dict[str, Any]:
        """Close the business day: raise a breach for every time limit that ran out, and every
        appointment the agency did not keep. Returns the ids of each."""
        self.events.refresh()
        app = self.events.app()
        engine = self.events.engine()
        closing = dt.date.fromisoformat(day)
        breached = app.close_day(closing, [uuid.UUID(i) for i in read_models.time_limits_due(engine, day)])
        not_kept = app.close_appointments(closing, [uuid.UUID(i) for i in read_models.appointments_due(engine, day)])
        end_of_day = dt.datetime.combine(closing, dt.time(23, 59, 59), CHINA_TIME)
        app.revise_stale_provisional(end_of_day, [uuid.UUID(i) for i in read_models.provisional_due_dates(engine)])
        self.events.refresh()
        return {"day": day, "breached": [str(i) for i in breached], "appointments_not_kept": [str(i) for i in not_kept]}

    @rpc  # type: ignore[misc]
    def record_appointment_kept(self, appointment_id: str, at: str, by: str) -> dict[str, Any]:
        """The agency was there: a guidance visit, an off-hours inspection, a training or a drill."""
        appointment = self.events.app().record_appointment_kept(
            _id("appointment_id", appointment_id), _time("at", at), by
        )
        self.events.refresh()
        return {"appointment_id": appointment_id, "status": appointment.status}

    @rpc  # type: ignore[misc]
    def record_appointment_missed_by_unit(self, appointment_id: str, at: str, by: str, reason: str) -> dict[str, Any]:
        """The agency came on the day and the unit was not there or turned it away, for the stated reason."""
        appointment = self.events.app().record_appointment_missed_by_unit(
            _id("appointment_id", appointment_id), _time("at", at), by, reason
        )
        self.events.refresh()
        return {"appointment_id": appointment_id, "status": appointment.status}

    @rpc  # type: ignore[misc]
    def record_rectification_plan(
        self, application_id: str, items: list[str], target_date: str, guided_by: list[str], at: str
    ) -> dict[str, Any]:
        """整改方案 of a failed pre-opening inspection, as the inspector guided it (P8); target_date
        YYYY-MM-DD or "". A later plan replaces the earlier one."""
        application = self.events.app().record_rectification_plan(
            _id("application_id", application_id),
            items=list(items),
            target_date=_day("target_date", target_date) if target_date else None,
            guided_by=list(guided_by),
            at=_time("at", at),
        )
        return {**_summary(application), "rectification_plan": _plan(application)}

    @rpc  # type: ignore[misc]
    def appointments(self, status: str = "") -> list[dict[str, Any]]:
        """Appointments with the agency, soonest first: booked, kept, not_kept (the agency did not
        come) or missed_by_unit (all when empty)."""
        self.events.refresh()
        return read_models.appointments_of(self.events.engine(), status)

    @rpc  # type: ignore[misc]
    def load_arrangement(self, arrangement: dict[str, Any], at: str) -> dict[str, Any]:
        """Record the State Council's arrangement of a year (as `firesafety calendar load` sends it)
        and revise every running due date it moves. Loading it again changes nothing."""
        loaded = Arrangement.from_record(arrangement, self.events.app().calendar.law)
        self.events.refresh()
        candidates = [uuid.UUID(i) for i in read_models.due_dates_to_revise(self.events.engine(), loaded.year)]
        recorded, revised = self.events.app().load_arrangement(loaded, _time("at", at), candidates)
        self.events.refresh()
        return {"service": "permits", "recorded": recorded, "revised": [str(a.id) for a in revised]}

    @rpc  # type: ignore[misc]
    def applications_of_unit(self, uscc: str) -> list[dict[str, Any]]:
        """Every application of a unit, oldest first."""
        self.events.refresh()
        return read_models.applications_of_unit(self.events.engine(), uscc)

    @rpc  # type: ignore[misc]
    def status(self) -> dict[str, Any]:
        """Positions of the log, the read models and each upstream consumed."""
        assert self.events.runtime is not None
        return self.events.runtime.status(upstreams=UPSTREAMS)


def _time(field: str, value: str) -> dt.datetime:
    try:
        at = dt.datetime.fromisoformat(value)
    except (TypeError, ValueError):
        raise InvalidStaffInput(f"{field}: {value!r} is not an ISO 8601 time") from None
    if at.tzinfo is None:
        raise InvalidStaffInput(f"{field}: {value!r}: a business time must carry its time zone")
    return at


def _plan(application: PermitApplication) -> dict[str, Any] | None:
    plan = application.rectification_plan
    if plan is None:
        return None
    target = plan["target_date"]
    return {
        "items": plan["items"],
        "target_date": target.isoformat() if target else "",
        "guided_by": plan["guided_by"],
        "recorded_at": plan["recorded_at"].isoformat(),
    }


def _day(field: str, value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise InvalidStaffInput(f"{field}: {value!r} is not a YYYY-MM-DD day") from None


def _id(field: str, value: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except (TypeError, ValueError, AttributeError):
        raise InvalidStaffInput(f"{field}: {value!r} is not a UUID") from None
