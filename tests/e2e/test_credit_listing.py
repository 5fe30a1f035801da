"""A major hazard left overdue in supervision becomes a listing that partner agencies see through gRPC.

Supervision's, credit's and permits' workers, their relays and both gRPC servers run as
processes, as in production, and nothing is published by hand: staff record the inspections and
orders and close supervision's days over nameko RPC, supervision's relay publishes what its rules
raise, a unit gets its permit through permits' gRPC API; staff close credit's day and record an
objection over nameko RPC; partner agencies ask credit's gRPC API; permits hears credit's
StandingChanged and refuses the blacklisted unit the commitment route.
"""

from __future__ import annotations

import sys
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import grpc
import kombu
import pytest
from google.rpc import error_details_pb2
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_status import rpc_status
from nameko.standalone.rpc import ClusterRpcClient

from firesafety.credit.v1 import credit_pb2, credit_pb2_grpc
from firesafety.permits.v1 import permits_pb2_grpc
from kit.envelope import Envelope
from kit.relay import event_exchange
from tests.e2e.test_commitment_flow import sports_venue_application
from tests.processes import free_port, process_env, relay_argv, reset_event_queues, running, wait_for, worker_argv

pytestmark = pytest.mark.e2e

HAZARDOUS = "91110000600037341L"  # will be blacklisted
OBJECTING = "91310000MA1FL4B24G"  # objects, and the objection is upheld
DISTRICT = "徐汇区"
TEAM = ("CL1", "CL2")


@dataclass
class Credit:
    stub: credit_pb2_grpc.CreditServiceStub
    permits: permits_pb2_grpc.PermitServiceStub
    rpc: Any
    listener: Listener
    amqp_uri: str


class Listener:
    """An exclusive queue bound to `credit.events` with '#', as notify or a partner would bind one."""

    def __init__(self, amqp_uri: str) -> None:
        self.connection = kombu.Connection(amqp_uri)
        channel = self.connection.channel()
        exchange = event_exchange("credit")
        exchange(channel).declare()
        queue = kombu.Queue(exclusive=True, exchange=exchange, routing_key="#")
        self.received: list[Envelope] = []
        self.consumer = kombu.Consumer(channel, queues=[queue], callbacks=[self._on_message], accept=["json"])
        self.consumer.consume()

    def _on_message(self, body: Any, message: Any) -> None:
        self.received.append(Envelope.from_wire(body))
        message.ack()

    def wait_for(self, event_type: str, uscc: str, tier: str = "") -> Envelope:
        def arrived() -> Envelope | None:
            with suppress(TimeoutError):
                self.connection.drain_events(timeout=0.2)
            for envelope in self.received:
                if (envelope.event_type, envelope.subject) == (event_type, uscc) and (
                    not tier or envelope.data.get("tier") == tier
                ):
                    return envelope
            return None

        return wait_for(arrived, timeout=30, what=f"{event_type} of {uscc} on credit.events")


def register_and_inspect(rpc: Any) -> dict[str, str]:
    """Fri 9 Oct 2026: a locked exit at each unit, graded a major hazard, ordered rectified by Mon 12 Oct."""
    supervision, at = rpc.supervision, "2026-10-09T09:00:00+08:00"
    for inspector in TEAM:
        supervision.enrol_inspector(inspector_id=inspector, name=f"监督员{inspector}", district=DISTRICT, at=at)
        supervision.certify_inspector(
            inspector_id=inspector, certificate_no=f"C-{inspector}", valid_until="2027-06-30", at=at
        )
    orders = {}
    for n, (uscc, name) in enumerate(((HAZARDOUS, "上海某体育发展有限公司"), (OBJECTING, "上海某商场有限公司"))):
        supervision.register_unit(uscc=uscc, unit_name=name, district=DISTRICT, at=at)
        ticket = f"12345-CL-{n}"
        supervision.receive_complaint(ticket_no=ticket, category="locked_exit", description="安全出口上锁",
                                      received_at="2026-10-09T10:00:00+08:00", uscc=uscc)  # fmt: skip
        inspection = supervision.record_inspection(
            request_id=f"e2e-credit-inspection-{n}", uscc=uscc, mode="on_site", purpose="complaint",
            ticket_no=ticket, inspector_ids=TEAM, at="2026-10-09T15:00:00+08:00", recorded_by=TEAM[0],
            hazards=[{"grade": "major", "description": "安全出口锁闭"}],
        )  # fmt: skip
        order = supervision.order_rectification(
            request_id=f"e2e-credit-order-{n}", inspection_id=inspection["inspection_id"],
            hazard_ids=inspection["hazard_ids"], advice="立即拆除出口锁具", officer_ids=TEAM,
            at="2026-10-09T16:00:00+08:00", deadline="2026-10-12",
        )  # fmt: skip
        orders[uscc] = order["order_id"]
    return orders


def serving(channel: grpc.Channel) -> bool:
    try:
        response = health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest(service=""), timeout=1)
    except grpc.RpcError:
        return False
    return response.status == health_pb2.HealthCheckResponse.SERVING


def answering(rpc: Any) -> bool:
    try:
        rpc.credit.status()
        rpc.permits.status()
        rpc.supervision.status()
    except Exception:
        return False
    return True


@pytest.fixture(scope="module")
def credit(amqp_uri: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Credit]:
    reset_event_queues(amqp_uri)
    var_dir: Path = tmp_path_factory.mktemp("credit-var")
    credit_port, permits_port = free_port(), free_port()
    env = process_env(
        AMQP_URI=amqp_uri, VAR_DIR=str(var_dir), CREDIT_GRPC_PORT=str(credit_port), GRPC_PORT=str(permits_port)
    )
    listener = Listener(amqp_uri)
    names = ("worker", "relay", "grpc", "permits", "permits-grpc", "permits-relay", "supervision", "supervision-relay")
    logs = {name: var_dir / f"{name}.log" for name in names}
    with ExitStack() as stack:
        stack.enter_context(running(worker_argv("supervision"), env, logs["supervision"]))
        stack.enter_context(running(relay_argv("supervision"), env, logs["supervision-relay"]))
        stack.enter_context(running(relay_argv("permits"), env, logs["permits-relay"]))
        stack.enter_context(running(worker_argv("credit"), env, logs["worker"]))
        stack.enter_context(running(relay_argv("credit"), env, logs["relay"]))
        stack.enter_context(
            running([sys.executable, "-m", "services.credit.entrypoints.grpc_server"], env, logs["grpc"])
        )
        stack.enter_context(running(worker_argv("permits"), env, logs["permits"]))
        permits_grpc = [sys.executable, "-m", "services.permits.entrypoints.grpc_server"]
        stack.enter_context(running(permits_grpc, env, logs["permits-grpc"]))
        channel = grpc.insecure_channel(f"127.0.0.1:{credit_port}")
        permits_channel = grpc.insecure_channel(f"127.0.0.1:{permits_port}")
        rpc = stack.enter_context(ClusterRpcClient(timeout=20, uri=amqp_uri))
        try:
            wait_for(lambda: serving(channel), timeout=60, what="credit's gRPC health check")
            wait_for(lambda: serving(permits_channel), timeout=60, what="permits' gRPC health check")
            wait_for(lambda: answering(rpc), timeout=60, what="the credit and permits workers")
            yield Credit(
                credit_pb2_grpc.CreditServiceStub(channel),
                permits_pb2_grpc.PermitServiceStub(permits_channel),
                rpc,
                listener,
                amqp_uri,
            )
        except BaseException:
            for name, log in logs.items():
                sys.stderr.write(f"--- {name}\n{log.read_text(errors='replace')[-3000:]}\n")
            raise
        finally:
            channel.close()
            permits_channel.close()
            listener.connection.release()


def test_a_major_hazard_left_overdue_becomes_a_listing_that_partner_agencies_see(credit: Credit) -> None:
    register_and_inspect(credit.rpc)
    granted = credit.permits.SubmitApplication(
        sports_venue_application(f"portal-{uuid.uuid4()}", uscc=HAZARDOUS), timeout=10
    ).application
    assert granted.permit_no
    # The order runs: nobody is noticed. Its deadline's day ends unrectified: supervision finds it overdue.
    assert [credit.rpc.supervision.close_day(day)["orders_overdue"] for day in ("2026-10-09", "2026-10-12")] == [0, 2]
    wait_for(lambda: credit.rpc.credit.get_unit(HAZARDOUS)["permits_held"] == 1, what="credit to hear the permit")

    notice = credit.listener.wait_for("ListingNoticeIssued", HAZARDOUS)
    assert notice.data["objection_deadline"] == "2026-10-19"
    [objected] = wait_for(lambda: credit.rpc.credit.notices_of_unit(OBJECTING), what="the mall's notice")
    credit.rpc.credit.record_objection(OBJECTING, objected["notice_id"], "2026-10-15", "隐患系误报，已提交现场照片")
    credit.rpc.credit.record_objection_outcome(OBJECTING, objected["notice_id"], True, "法制审核员李四", "2026-10-16")

    before = wait_for(  # noticed, not listed; grey once supervision's suspension is followed
        lambda: (
            b
            if (b := credit.stub.GetStanding(credit_pb2.GetStandingRequest(uscc=HAZARDOUS), timeout=5)).colour
            == credit_pb2.COLOUR_GREY
            else None
        ),
        what="the suspended unit in grey",
    )
    assert before.tier == credit_pb2.TIER_NORMAL
    closed = credit.rpc.credit.close_day("2026-10-19")
    assert closed["closed"] and closed["units_reviewed"] == 1

    # the gRPC server follows credit's log in the background: the listing shows once it has seen it
    standing = wait_for(
        lambda: (
            (s := credit.stub.GetStanding(credit_pb2.GetStandingRequest(uscc=HAZARDOUS), timeout=5)).blacklisted and s
        ),
        what="partners to see the listing",
    )
    assert (standing.tier, standing.colour, standing.blacklisted) == (
        credit_pb2.TIER_SERIOUS_DISHONESTY,
        credit_pb2.COLOUR_RED,
        True,
    )
    assert (standing.effective_on, standing.permits_held) == ("2026-10-20", 1)
    as_of = credit.stub.GetStanding(credit_pb2.GetStandingRequest(uscc=HAZARDOUS, as_of="2026-10-19"), timeout=5)
    assert as_of.tier == credit_pb2.TIER_NORMAL
    objecting = credit.stub.GetStanding(credit_pb2.GetStandingRequest(uscc=OBJECTING), timeout=5)
    # Not listed; still grey: supervision suspended its business for the overdue major hazard (C5).
    assert (objecting.tier, objecting.colour) == (credit_pb2.TIER_NORMAL, credit_pb2.COLOUR_GREY)

    blacklist = credit.stub.ListBlacklist(credit_pb2.ListBlacklistRequest(district="徐汇区"), timeout=5)
    assert [(e.uscc, e.listed_since, e.unit_name) for e in blacklist.entries] == [
        (HAZARDOUS, "2026-10-20", "上海某体育发展有限公司")
    ]

    explanation = credit.stub.ExplainStanding(credit_pb2.ExplainStandingRequest(uscc=HAZARDOUS), timeout=5)
    assert [(c.service, c.event_type, c.rule) for c in explanation.standing.causes[:2]] == [
        ("supervision", "HazardFound", "major_hazard_unrectified"),
        ("supervision", "RectificationOverdue", "major_hazard_unrectified"),
    ]
    assert [lst.status for lst in explanation.listings] == [credit_pb2.LISTING_STATUS_LISTED]

    changed = credit.listener.wait_for("StandingChanged", HAZARDOUS, tier="serious_dishonesty")
    assert changed.data["blacklisted"] is True
    assert changed.data["effective_on"] == "2026-10-20"
    assert changed.data["causes"][0]["event_id"] == explanation.standing.causes[0].event_id
    unit = credit.rpc.credit.get_unit(HAZARDOUS)
    assert (unit["standing"], unit["permits_held"]) == ("serious_dishonesty", 1)


def test_partners_watch_standing_changes_and_resume_without_loss(credit: Credit) -> None:
    request = credit_pb2.WatchStandingChangesRequest(after_position=0, district="徐汇区")
    stream = credit.stub.WatchStandingChanges(request, timeout=20)
    first = next(stream)
    stream.cancel()
    resumed = credit.stub.WatchStandingChanges(
        credit_pb2.WatchStandingChangesRequest(after_position=first.position, district="徐汇区"), timeout=20
    )
    seen = [first]
    while not any(n.uscc == HAZARDOUS and n.blacklisted for n in seen):
        seen.append(next(resumed))
    resumed.cancel()
    positions = [n.position for n in seen]
    assert positions == sorted(set(positions))
    listed = next(n for n in seen if n.uscc == HAZARDOUS and n.blacklisted)
    published = credit.listener.wait_for("StandingChanged", HAZARDOUS, tier="serious_dishonesty")
    assert listed.event_id == published.event_id


def test_permits_refuses_the_blacklisted_unit_the_commitment_route(credit: Credit) -> None:
    request = sports_venue_application(f"portal-{uuid.uuid4()}", uscc=HAZARDOUS)
    request.unit.venue_name, request.unit.floor_area_m2 = "徐汇体育馆二号馆", 3000
    changed = credit.listener.wait_for("StandingChanged", HAZARDOUS, tier="serious_dishonesty")
    wait_for(
        lambda: credit.rpc.permits.status()["upstream_positions"].get("credit", 0) >= changed.position,
        what="permits to consume credit's StandingChanged",
    )
    with pytest.raises(grpc.RpcError) as raised:
        credit.permits.SubmitApplication(request, timeout=10)
    assert raised.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    status = rpc_status.from_call(raised.value)  # type: ignore[arg-type]
    failure = error_details_pb2.PreconditionFailure()
    assert status is not None and status.details[0].Unpack(failure)
    assert failure.violations[0].type == "COMMITMENT_ROUTE_UNAVAILABLE"
    assert "blacklisted" in failure.violations[0].description
