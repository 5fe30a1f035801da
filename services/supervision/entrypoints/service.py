"""The supervision nameko worker: consumes permit and credit events; RPC for the agency's staff systems.

Every staff operation takes JSON-able keyword arguments and answers with JSON-able
values; business time travels as ISO 8601 values (`at`, `day`), never read from
the clock. Bad input raises `InvalidCommand` listing each bad field; a request the
rules refuse raises `SupervisionError` whose `code` names the rule. Both travel
whole to Python callers that import this module, and as `RemoteError` otherwise.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from nameko.exceptions import deserialize_to_instance
from nameko.rpc import rpc
from nameko.timer import timer

from kit.consumer import BatchOutcome, Delivery, EventProcessor, consume_events
from services.supervision.bootstrap import build_worker_runtime
from services.supervision.commands import InvalidCommand
from services.supervision.desk import StaffDesk
from services.supervision.domain.common import NotFound, SupervisionError

UPSTREAMS = ("permits", "credit")
T = TypeVar("T")

for error in (InvalidCommand, SupervisionError, NotFound):
    deserialize_to_instance(error)


class SupervisionEvents(EventProcessor):
    """The event processor, also running staff operations one at a time with the events, so that
    a command, a day close or a refresh of the read models never interleaves with an event."""

    def exclusively(self, operation: Callable[[StaffDesk], T]) -> T:
        with self.serialized():
            assert self.runtime is not None
            return operation(StaffDesk(self.runtime))


class SupervisionService:
    name = "supervision"

    events = SupervisionEvents(build_worker_runtime)

    @consume_events("permits")  # type: ignore[misc]
    def on_permits_event(self, batch: list[Delivery]) -> BatchOutcome:
        return self.events.process_batch(batch)

    @consume_events("credit")  # type: ignore[misc]
    def on_credit_event(self, batch: list[Delivery]) -> BatchOutcome:
        return self.events.process_batch(batch)

    @timer(interval=1.0)  # type: ignore[misc]
    def refresh_read_models(self) -> None:
        """Bring the read models up to events stored by other processes (the bulk import)."""
        self.events.exclusively(lambda desk: desk.runtime.refresh_read_models(max_batches=20))

    @rpc  # type: ignore[misc]
    def status(self) -> dict[str, Any]:
        """Positions of the log, the read models and each upstream consumed."""
        assert self.events.runtime is not None
        return self.events.runtime.status(upstreams=UPSTREAMS)

    # The register (监管对象名录) and the inspectors.

    @rpc  # type: ignore[misc]
    def registered_unit(self, uscc: str) -> dict[str, Any] | None:
        """A unit as the register has it, or None."""
        return self.events.exclusively(lambda desk: desk.registered_unit(uscc))

    @rpc  # type: ignore[misc]
    def unit_file(self, uscc: str) -> dict[str, Any] | None:
        return self.events.exclusively(lambda desk: desk.unit_file(uscc))

    @rpc  # type: ignore[misc]
    def enforcement_record(self, uscc: str) -> list[dict[str, Any]]:
        return self.events.exclusively(lambda desk: desk.enforcement_record(uscc))

    @rpc  # type: ignore[misc]
    def register_unit(self, **fields: Any) -> dict[str, Any]:
        return self.events.exclusively(lambda desk: desk.register_unit(**fields))

    @rpc  # type: ignore[misc]
    def register_firm(self, **fields: Any) -> dict[str, Any]:
        """消防技术服务机构名录: put a fire technical service firm on the register, or correct it."""
        return self.events.exclusively(lambda desk: desk.register_firm(**fields))

    @rpc  # type: ignore[misc]
    def registered_firm(self, uscc: str) -> dict[str, Any] | None:
        return self.events.exclusively(lambda desk: desk.registered_firm(uscc))

    @rpc  # type: ignore[misc]
    def mark_high_risk(self, **fields: Any) -> dict[str, Any]:
        return self.events.exclusively(lambda desk: desk.mark_high_risk(**fields))

    @rpc  # type: ignore[misc]
    def enrol_inspector(self, **fields: Any) -> dict[str, Any]:
        return self.events.exclusively(lambda desk: desk.enrol_inspector(**fields))

    @rpc  # type: ignore[misc]
    def certify_inspector(self, **fields: Any) -> dict[str, Any]:
        return self.events.exclusively(lambda desk: desk.certify_inspector(**fields))

    @rpc  # type: ignore[misc]
    def withdraw_certification(self, **fields: Any) -> dict[str, Any]:
        return self.events.exclusively(lambda desk: desk.withdraw_certification(**fields))

    @rpc  # type: ignore[misc]
    def declare_tie(self, **fields: Any) -> dict[str, Any]:
        return self.events.exclusively(lambda desk: desk.declare_tie(**fields))

    @rpc  # type: ignore[misc]
    def inspectors(self, district: str | None = None) -> list[dict[str, Any]]:
        return self.events.exclusively(lambda desk: desk.inspectors(district))

    # The monthly plan (双随机、一公开).

    @rpc  # type: ignore[misc]
    def announce_plan(self, **fields: Any) -> dict[str, Any]:
        return self.events.exclusively(lambda desk: desk.announce_plan(**fields))

    @rpc  # type: ignore[misc]
    def publish_plan(self, **fields: Any) -> dict[str, Any]:
        return self.events.exclusively(lambda desk: desk.publish_plan(**fields))

    @rpc  # type: ignore[misc]
    def substitute_inspectors(self, **fields: Any) -> dict[str, Any]:
        return self.events.exclusively(lambda desk: desk.substitute_inspectors(**fields))

    @rpc  # type: ignore[misc]
    def give_guidance(self, **fields: Any) -> dict[str, Any]:
        """Remote or on-site guidance of a unit the special period left out of the draw (S3)."""
        return self.events.exclusively(lambda desk: desk.give_guidance(**fields))

    @rpc  # type: ignore[misc]
    def publish_results(self, **fields: Any) -> dict[str, Any]:
        return self.events.exclusively(lambda desk: desk.publish_results(**fields))

    @rpc  # type: ignore[misc]
    def plan(self, plan_id: str) -> dict[str, Any] | None:
        return self.events.exclusively(lambda desk: desk.plan(plan_id))

    @rpc  # type: ignore[misc]
    def plans(self, district: str | None = None) -> list[dict[str, Any]]:
        return self.events.exclusively(lambda desk: desk.plans(district))

    @rpc  # type: ignore[misc]
    def plan_snapshot(self, plan_id: str) -> dict[str, Any]:
        return self.events.exclusively(lambda desk: desk.plan_snapshot(plan_id))

    @rpc  # type: ignore[misc]
    def verify_plan(self, plan_id: str) -> dict[str, Any]:
        return self.events.exclusively(lambda desk: desk.verify_plan(plan_id))

    # Inspections, referral letters.

    @rpc  # type: ignore[misc]
    def record_inspection(self, **fields: Any) -> dict[str, Any]:
        return self.events.exclusively(lambda desk: desk.record_inspection(**fields))

    @rpc  # type: ignore[misc]
    def inspection(self, inspection_id: str) -> dict[str, Any] | None:
        return self.events.exclusively(lambda desk: desk.inspection(inspection_id))

    @rpc  # type: ignore[misc]
    def send_referral_letter(self, **fields: Any) -> dict[str, Any]:
        return self.events.exclusively(lambda desk: desk.send_referral_letter(**fields))

    @rpc  # type: ignore[misc]
    def plan_joint_inspection(self, **fields: Any) -> dict[str, Any]:
        """联合检查 with other departments (S1): its departments and units."""
        return self.events.exclusively(lambda desk: desk.plan_joint_inspection(**fields))

    @rpc  # type: ignore[misc]
    def joint_inspection(self, joint_inspection_id: str) -> dict[str, Any] | None:
        return self.events.exclusively(lambda desk: desk.joint_inspection(joint_inspection_id))

    @rpc  # type: ignore[misc]
    def transfer_case(self, **fields: Any) -> dict[str, Any]:
        """移送: findings to the department competent for them, by letter."""
        return self.events.exclusively(lambda desk: desk.transfer_case(**fields))

    @rpc  # type: ignore[misc]
    def transfers(self, uscc: str) -> list[dict[str, Any]]:
        return self.events.exclusively(lambda desk: desk.transfers(uscc))

    # Rectification, penalties, fires.

    @rpc  # type: ignore[misc]
    def order_rectification(self, **fields: Any) -> dict[str, Any]:
        return self.events.exclusively(lambda desk: desk.order_rectification(**fields))

    @rpc  # type: ignore[misc]
    def extend_rectification(self, **fields: Any) -> dict[str, Any]:
        return self.events.exclusively(lambda desk: desk.extend_rectification(**fields))

    @rpc  # type: ignore[misc]
    def report_rectified(self, **fields: Any) -> dict[str, Any]:
        return self.events.exclusively(lambda desk: desk.report_rectified(**fields))

    @rpc  # type: ignore[misc]
    def refuse_rectification(self, **fields: Any) -> dict[str, Any]:
        return self.events.exclusively(lambda desk: desk.refuse_rectification(**fields))

    @rpc  # type: ignore[misc]
    def take_accountability_measure(self, **fields: Any) -> dict[str, Any]:
        """函告、警示、约谈 of the responsible unit or people after an overdue major hazard."""
        return self.events.exclusively(lambda desk: desk.take_accountability_measure(**fields))

    @rpc  # type: ignore[misc]
    def order(self, order_id: str) -> dict[str, Any] | None:
        return self.events.exclusively(lambda desk: desk.order(order_id))

    @rpc  # type: ignore[misc]
    def reinspections_due(self, day: str) -> list[dict[str, Any]]:
        return self.events.exclusively(lambda desk: desk.reinspections_due(day))

    @rpc  # type: ignore[misc]
    def discretion_baseline(self) -> dict[str, Any]:
        return self.events.exclusively(lambda desk: desk.discretion_baseline())

    @rpc  # type: ignore[misc]
    def adopt_discretion_baseline(self, **fields: Any) -> dict[str, Any]:
        return self.events.exclusively(lambda desk: desk.adopt_discretion_baseline(**fields))

    @rpc  # type: ignore[misc]
    def propose_penalty(self, **fields: Any) -> dict[str, Any]:
        return self.events.exclusively(lambda desk: desk.propose_penalty(**fields))

    @rpc  # type: ignore[misc]
    def review_penalty(self, **fields: Any) -> dict[str, Any]:
        return self.events.exclusively(lambda desk: desk.review_penalty(**fields))

    @rpc  # type: ignore[misc]
    def deliberate_penalty(self, **fields: Any) -> dict[str, Any]:
        """集体讨论 of a grave penalty decision by the agency's leaders, after legal review."""
        return self.events.exclusively(lambda desk: desk.deliberate_penalty(**fields))

    @rpc  # type: ignore[misc]
    def penalties_awaiting_deliberation(self) -> list[dict[str, Any]]:
        return self.events.exclusively(lambda desk: desk.penalties_awaiting_deliberation())

    @rpc  # type: ignore[misc]
    def penalty(self, penalty_id: str) -> dict[str, Any] | None:
        return self.events.exclusively(lambda desk: desk.penalty(penalty_id))

    @rpc  # type: ignore[misc]
    def penalties_awaiting_review(self) -> list[dict[str, Any]]:
        return self.events.exclusively(lambda desk: desk.penalties_awaiting_review())

    @rpc  # type: ignore[misc]
    def publish_leniency_policy(self, **fields: Any) -> dict[str, Any]:
        """A special-period leniency policy (000 Hongkou), with its 文号, districts and days."""
        return self.events.exclusively(lambda desk: desk.publish_leniency_policy(**fields))

    @rpc  # type: ignore[misc]
    def leniency_policies(self, district: str | None = None) -> list[dict[str, Any]]:
        return self.events.exclusively(lambda desk: desk.leniency_policies(district))

    @rpc  # type: ignore[misc]
    def register_simple_fire(self, **fields: Any) -> dict[str, Any]:
        return self.events.exclusively(lambda desk: desk.register_simple_fire(**fields))

    # Complaints (12345), commitment verification, the day's close.

    @rpc  # type: ignore[misc]
    def receive_complaint(self, **fields: Any) -> dict[str, Any]:
        return self.events.exclusively(lambda desk: desk.receive_complaint(**fields))

    @rpc  # type: ignore[misc]
    def give_complaint_feedback(self, **fields: Any) -> dict[str, Any]:
        return self.events.exclusively(lambda desk: desk.give_complaint_feedback(**fields))

    @rpc  # type: ignore[misc]
    def check_unregistered_venue(self, **fields: Any) -> dict[str, Any]:
        """A 12345 report about a venue not on the register, checked there by two inspectors."""
        return self.events.exclusively(lambda desk: desk.check_unregistered_venue(**fields))

    @rpc  # type: ignore[misc]
    def complaint(self, ticket_no: str) -> dict[str, Any] | None:
        return self.events.exclusively(lambda desk: desk.complaint(ticket_no))

    @rpc  # type: ignore[misc]
    def commitment_verification(self, application_id: str) -> dict[str, Any] | None:
        return self.events.exclusively(lambda desk: desk.commitment_verification(application_id))

    @rpc  # type: ignore[misc]
    def agency_deadlines(self, status: str = "", kind: str = "") -> list[dict[str, Any]]:
        """The agency's own deadlines, soonest first: status open, met, missed or cancelled; kind
        reinspection, rectification_notice or pilot_check (all when empty)."""
        return self.events.exclusively(lambda desk: desk.agency_deadlines(status, kind))

    @rpc  # type: ignore[misc]
    def load_arrangement(self, arrangement: dict[str, Any], at: str) -> dict[str, Any]:
        """Record the State Council's arrangement of a year (from `firesafety calendar load`) and revise
        the running deadlines it moves. Loading it again changes nothing."""
        return self.events.exclusively(lambda desk: desk.load_arrangement(arrangement, at))

    @rpc  # type: ignore[misc]
    def close_day(self, day: str) -> dict[str, Any]:
        """Raise the deadlines that expired by the end of `day` (overdue orders, complaints, verifications)."""
        return self.events.exclusively(lambda desk: desk.close_day(day))
