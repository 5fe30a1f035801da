"""The permits nameko worker: the agency's staff operations over RPC, credit and supervision events in,
read models kept up to date.

Staff systems pass plain values: ids as strings, business times as ISO 8601 with zone, days as YYYY-MM-DD.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from nameko.rpc import rpc
from nameko.timer import timer

from kit.consumer import EventProcessor, consume_events
from services.permits import read_models
from services.permits.bootstrap import build_worker_runtime
from services.permits.domain import PermitApplication

UPSTREAMS = ("credit", "supervision")


def _summary(application: PermitApplication) -> dict[str, Any]:
    clock = application.clock or {}
    return {
        "application_id": str(application.id),
        "status": application.status,
        "permit_no": application.permit_no,
        "missing_materials": list(application.missing),
        "clock_stage": clock.get("stage"),
        "due_on": clock["due_on"].isoformat() if clock else None,
        "clock_paused": bool(clock.get("paused_on")),
    }


class PermitsService:
    name = "permits"

    events = EventProcessor(build_worker_runtime)

    @consume_events("credit")  # type: ignore[misc]
    def on_credit_event(self, body: Any) -> None:
        self.events.process(body)

    @consume_events("supervision")  # type: ignore[misc]
    def on_supervision_event(self, body: Any) -> None:
        self.events.process(body)

    @timer(interval=0.5)  # type: ignore[misc]
    def refresh_read_models(self) -> None:
        """Commands also arrive through the gRPC process: keep the views current."""
        self.events.refresh(max_batches=20)

    @rpc  # type: ignore[misc]
    def accept_application(self, application_id: str, at: str, accepted_by: str) -> dict[str, Any]:
        """受理 an application on the standard route; starts the inspection clock."""
        app = self.events.app()
        return _summary(app.accept_application(uuid.UUID(application_id), _time(at), accepted_by))

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
            uuid.UUID(application_id),
            passed=passed,
            findings=findings,
            rectification_advice=rectification_advice,
            inspectors=inspectors,
            at=_time(at),
        )
        return _summary(application)

    @rpc  # type: ignore[misc]
    def decide(self, application_id: str, grant: bool, reasons: list[str], at: str) -> dict[str, Any]:
        """准予 or 不予许可."""
        app = self.events.app()
        return _summary(app.decide(uuid.UUID(application_id), grant=grant, reasons=reasons, at=_time(at)))

    @rpc  # type: ignore[misc]
    def extend_clock(self, application_id: str, working_days: int, reason: str) -> dict[str, Any]:
        app = self.events.app()
        return _summary(app.extend_clock(uuid.UUID(application_id), working_days, reason))

    @rpc  # type: ignore[misc]
    def record_delivery(self, application_id: str, at: str, postal_tracking_no: str = "") -> dict[str, Any]:
        """送达 of the decision documents, by the method the applicant chose."""
        app = self.events.app()
        return _summary(app.record_delivery(uuid.UUID(application_id), _time(at), postal_tracking_no))

    @rpc  # type: ignore[misc]
    def close_day(self, day: str) -> list[str]:
        """Close the business day: raise a breach for every time limit that ran out. Returns the ids breached."""
        self.events.refresh()
        app = self.events.app()
        engine = self.events.engine()
        candidates = [uuid.UUID(i) for i in read_models.running_clocks_due(engine, day)]
        breached = app.close_day(dt.date.fromisoformat(day), candidates)
        self.events.refresh()
        return [str(i) for i in breached]

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


def _time(value: str) -> dt.datetime:
    at = dt.datetime.fromisoformat(value)
    if at.tzinfo is None:
        raise ValueError(f"{value!r}: a business time must carry its time zone")
    return at
