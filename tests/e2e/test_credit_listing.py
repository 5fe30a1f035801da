"""A major hazard recorded in supervision becomes a listing that partner agencies see through gRPC.

Credit's worker, relay and gRPC server run as processes, as in production, with permits' worker
and gRPC server beside them. Supervision's events are published on `supervision.events` as its
relay would; staff close the day and record an objection over nameko RPC; partner agencies ask
credit's gRPC API; permits hears credit's StandingChanged and refuses the blacklisted unit the
commitment route.
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
from google.protobuf.message import Message
from google.rpc import error_details_pb2
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_status import rpc_status
from nameko.standalone.rpc import ClusterRpcClient

from firesafety.credit.v1 import credit_pb2, credit_pb2_grpc
from firesafety.permits.v1 import events_pb2 as permit_events
from firesafety.permits.v1 import permits_pb2_grpc
from firesafety.supervision.v1 import events_pb2 as supervision_events
from kit.envelope import Envelope
from kit.relay import event_exchange
from tests.e2e.test_commitment_flow import sports_venue_application
from tests.processes import free_port, process_env, relay_argv, reset_event_queues, running, wait_for, worker_argv

pytestmark = pytest.mark.e2e

HAZARDOUS = "91110000600037341L"  # will be blacklisted
OBJECTING = "91310000MA1FL4B24G"  # objects, and the objection is upheld


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


def publish(amqp_uri: str, source: str, envelopes: list[Envelope]) -> None:
    """Publish as the upstream relay does: persistent, confirmed, routing key = event type."""
    with kombu.Connection(amqp_uri, transport_options={"confirm_publish": True}) as connection:
        producer = kombu.Producer(connection.channel(), exchange=event_exchange(source))
        for envelope in envelopes:
            producer.publish(
                envelope.to_wire(),
                routing_key=envelope.event_type,
                serializer="json",
                delivery_mode=2,
                message_id=envelope.event_id,
            )


def wrap(source: str, position: int, message: Message, uscc: str, business_time: str) -> Envelope:
    originator = uuid.uuid5(uuid.NAMESPACE_URL, f"e2e/{source}/{position}/{uuid.uuid4()}")
    return Envelope.wrap(
        source=source,
        position=position,
        originator_id=originator,
        originator_version=1,
        message=message,
        subject=uscc,
        business_time=business_time,
        correlation_id=str(originator),
    )


def hazard(position: int, uscc: str, hazard_id: str) -> Envelope:
    found = supervision_events.HazardFound(
        hazard_id=hazard_id,
        inspection_id=f"I-{hazard_id}",
        uscc=uscc,
        unit_name="上海某体育发展有限公司" if uscc == HAZARDOUS else "上海某商场有限公司",
        district="徐汇区",
        grade="major",
        description="安全出口锁闭",
        found_on="2026-10-12",
    )
    return wrap("supervision", position, found, uscc, "2026-10-12T10:00:00+08:00")


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
    logs = {name: var_dir / f"{name}.log" for name in ("worker", "relay", "grpc", "permits", "permits-grpc")}
    with ExitStack() as stack:
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


def test_a_major_hazard_becomes_a_listing_that_partner_agencies_see(credit: Credit) -> None:
    granted = permit_events.PermitGranted(
        application_id=str(uuid.uuid4()),
        permit_no="XF2026-E2E-1",
        route="commitment",
        uscc=HAZARDOUS,
        unit_name="上海某体育发展有限公司",
        district="徐汇区",
        granted_at="2026-09-01T09:00:00+08:00",
    )
    the_hazard = hazard(1, HAZARDOUS, "H-1")
    publish(credit.amqp_uri, "supervision", [the_hazard, hazard(2, OBJECTING, "H-2")])
    publish(credit.amqp_uri, "permits", [wrap("permits", 1, granted, HAZARDOUS, granted.granted_at)])
    wait_for(
        lambda: credit.rpc.credit.status()["upstream_positions"] == {"permits": 1, "supervision": 2},
        what="credit to consume both upstreams",
    )

    notice = credit.listener.wait_for("ListingNoticeIssued", HAZARDOUS)
    assert notice.data["objection_deadline"] == "2026-10-19"
    [objected] = credit.rpc.credit.notices_of_unit(OBJECTING)
    credit.rpc.credit.record_objection(OBJECTING, objected["notice_id"], "2026-10-15", "隐患系误报，已提交现场照片")
    credit.rpc.credit.record_objection_outcome(OBJECTING, objected["notice_id"], True, "法制审核员李四", "2026-10-16")

    before = credit.stub.GetStanding(credit_pb2.GetStandingRequest(uscc=HAZARDOUS), timeout=5)
    assert (before.tier, before.colour) == (credit_pb2.TIER_NORMAL, credit_pb2.COLOUR_YELLOW)
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
    assert (objecting.tier, objecting.colour) == (credit_pb2.TIER_NORMAL, credit_pb2.COLOUR_GREEN)

    blacklist = credit.stub.ListBlacklist(credit_pb2.ListBlacklistRequest(district="徐汇区"), timeout=5)
    assert [(e.uscc, e.listed_since, e.unit_name) for e in blacklist.entries] == [
        (HAZARDOUS, "2026-10-20", "上海某体育发展有限公司")
    ]

    explanation = credit.stub.ExplainStanding(credit_pb2.ExplainStandingRequest(uscc=HAZARDOUS), timeout=5)
    cause = explanation.standing.causes[0]
    assert (cause.service, cause.event_id, cause.event_type, cause.rule) == (
        "supervision",
        the_hazard.event_id,
        "HazardFound",
        "major_hazard_unrectified",
    )
    assert [lst.status for lst in explanation.listings] == [credit_pb2.LISTING_STATUS_LISTED]

    changed = credit.listener.wait_for("StandingChanged", HAZARDOUS, tier="serious_dishonesty")
    assert changed.data["blacklisted"] is True
    assert changed.data["effective_on"] == "2026-10-20"
    assert changed.data["causes"][0]["event_id"] == the_hazard.event_id
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
