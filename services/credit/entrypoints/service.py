"""The credit nameko worker: consumes permit and supervision events; RPC for staff systems.

The RPCs record facts (the unit's objection, an approver's decision) or close a business day;
none of them sets a standing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from nameko.rpc import rpc

from kit.arrangements import Arrangement
from kit.consumer import BatchOutcome, Delivery, EventProcessor, consume_events
from kit.service_runtime import Runtime
from services.credit import read_models, scheduling
from services.credit.application import CreditApplication
from services.credit.bootstrap import build_worker_runtime
from services.credit.entrypoints import staff
from services.credit.upstream import UPSTREAMS

T = TypeVar("T")


class CreditEvents(EventProcessor):
    """The event processor, also running staff commands one at a time with the events, so that
    a day close or an objection sits at one well-defined place among the upstream events (and
    records the upstream positions it ran at: see services/credit/replay.py). It shares the
    processor's own in-order lock for that."""

    def exclusively(self, command: Callable[[Runtime[CreditApplication]], T]) -> T:
        with self.serialized():
            assert self.runtime is not None
            result = command(self.runtime)
            self.runtime.refresh_read_models()
            return result


class CreditService:
    name = "credit"

    events = CreditEvents(build_worker_runtime)

    @consume_events("permits")  # type: ignore[misc]
    def on_permits_event(self, batch: list[Delivery]) -> BatchOutcome:
        return self.events.process_batch(batch)

    @consume_events("supervision")  # type: ignore[misc]
    def on_supervision_event(self, batch: list[Delivery]) -> BatchOutcome:
        return self.events.process_batch(batch)

    @rpc  # type: ignore[misc]
    def status(self) -> dict[str, Any]:
        """Positions of the log, the read models and each upstream consumed."""
        assert self.events.runtime is not None
        return self.events.runtime.status(upstreams=UPSTREAMS)

    @rpc  # type: ignore[misc]
    def get_unit(self, uscc: str) -> dict[str, Any] | None:
        """A unit's credit standing as the read model has it, or None for an unknown unit."""
        assert self.events.runtime is not None
        return read_models.unit(self.events.runtime.engine, uscc)

    @rpc  # type: ignore[misc]
    def notices_of_unit(self, uscc: str) -> list[dict[str, Any]]:
        """The unit's listing notices (列入前告知) with their status and objection."""
        assert self.events.runtime is not None
        return read_models.notices_of_unit(self.events.runtime.engine, uscc)

    @rpc  # type: ignore[misc]
    def standing(self, uscc: str, as_of: str | None = None) -> dict[str, Any]:
        """The unit's standing now or as of a date, with its causes (read from the record)."""
        return self.events.exclusively(lambda runtime: staff.standing(runtime.app, uscc, as_of))

    @rpc  # type: ignore[misc]
    def close_day(self, day: str) -> dict[str, Any]:
        """Close a business day (日结): listings, repairs and the turn of the year fall due."""
        closing = staff.parse_day(day, "day")
        result = self.events.exclusively(lambda runtime: scheduling.close_day(runtime, closing))
        return staff.day_close_result(result)

    @rpc  # type: ignore[misc]
    def load_arrangement(self, arrangement: dict[str, Any], at: str) -> dict[str, Any]:
        """Record the State Council's arrangement of a year (from `firesafety calendar load`) and revise
        the open objection windows it moves. Loading it again changes nothing."""
        loaded = Arrangement.from_record(arrangement, self.events.app().calendar.law)
        moment = staff.parse_moment(at, "at")
        recorded, revised = self.events.exclusively(
            lambda runtime: runtime.app.load_arrangement(
                loaded, moment, read_models.units_with_open_windows(runtime.engine, loaded.year)
            )
        )
        return {"service": "credit", "recorded": recorded, "revised": [r.uscc for r in revised]}

    @rpc  # type: ignore[misc]
    def record_objection(self, uscc: str, notice_id: str, filed_on: str, grounds: str) -> dict[str, Any]:
        """Record the unit's objection to a listing notice (异议), filed inside the window."""
        filed = staff.parse_day(filed_on, "filed_on")
        objection_id = self.events.exclusively(
            lambda runtime: runtime.app.file_objection(staff.uscc(uscc), notice_id, filed, grounds)
        )
        return {"objection_id": objection_id, "notice_id": notice_id}

    @rpc  # type: ignore[misc]
    def record_repair_application(
        self, uscc: str, notice_id: str, filed_on: str, evidence: list[str], statement: str
    ) -> dict[str, Any]:
        """Record the unit's application to repair a listing (信用修复申请), with its evidence."""
        filed = staff.parse_day(filed_on, "filed_on")
        if not isinstance(evidence, list) or not all(isinstance(item, str) for item in evidence):
            raise staff.InvalidRequest("evidence: a list of the documents' names")
        application_id = self.events.exclusively(
            lambda runtime: runtime.app.apply_for_repair(staff.uscc(uscc), notice_id, filed, evidence, statement)
        )
        return {"application_id": application_id, "notice_id": notice_id}

    @rpc  # type: ignore[misc]
    def record_repair_decision(
        self, uscc: str, notice_id: str, approved: bool, approver: str, decided_on: str, reasons: str = ""
    ) -> dict[str, Any]:
        """Record the agency's decision on a repair application: approved repairs the listing;
        refused keeps it, and the unit is told the reasons."""
        decided = staff.parse_day(decided_on, "decided_on")
        self.events.exclusively(
            lambda runtime: runtime.app.decide_repair(
                staff.uscc(uscc), notice_id, bool(approved), approver, reasons, decided
            )
        )
        return {"notice_id": notice_id, "outcome": "approved" if approved else "refused"}

    @rpc  # type: ignore[misc]
    def record_objection_outcome(
        self, uscc: str, notice_id: str, upheld: bool, approver: str, decided_on: str, reasons: str = ""
    ) -> dict[str, Any]:
        """Record an approver's decision on the objection: upheld withdraws the notice."""
        decided = staff.parse_day(decided_on, "decided_on")
        self.events.exclusively(
            lambda runtime: runtime.app.decide_objection(
                staff.uscc(uscc), notice_id, bool(upheld), approver, reasons, decided
            )
        )
        return {"notice_id": notice_id, "outcome": "upheld" if upheld else "rejected"}
