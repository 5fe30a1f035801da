"""Credit on the real PostgreSQL and RabbitMQ: two upstreams interleaved, redeliveries, a day closed,
the listing published by the relay and answered by the gRPC server from the same database."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import grpc
import kombu
import pytest
from nameko.standalone.rpc import ClusterRpcClient

from firesafety.credit.v1 import credit_pb2, credit_pb2_grpc
from kit.database import create_service_engine
from kit.envelope import Envelope
from kit.relay import event_exchange
from kit.settings import load_settings
from services.credit.bootstrap import build_application
from services.credit.entrypoints.grpc_server import create_server
from tests.processes import process_env, relay_argv, reset_event_queues, running, wait_for, worker_argv
from tests.unit.credit_factories import SHOPPING_MALL, SPORTS_CENTRE, PermitsLog, SupervisionLog

pytestmark = pytest.mark.integration


@dataclass
class Worker:
    rpc: Any
    env: dict[str, str]
    events: list[Envelope]
    connection: kombu.Connection

    def drain(self) -> None:
        with contextlib.suppress(TimeoutError):
            self.connection.drain_events(timeout=0.2)


@pytest.fixture
def worker(amqp_uri: str, postgres_url: str, postgres_schema: str, tmp_path: Path) -> Iterator[Worker]:
    reset_event_queues(amqp_uri)
    env = process_env(AMQP_URI=amqp_uri, DATABASE_URL=postgres_url, CREDIT_DATABASE_SCHEMA=postgres_schema)
    received: list[Envelope] = []
    connection = kombu.Connection(amqp_uri)
    channel = connection.channel()
    event_exchange("credit")(channel).declare()
    queue = kombu.Queue(exclusive=True, exchange=event_exchange("credit"), routing_key="#")

    def collect(body: Any, message: Any) -> None:
        received.append(Envelope.from_wire(body))
        message.ack()

    kombu.Consumer(channel, queues=[queue], callbacks=[collect], accept=["json"]).consume()
    with (
        running(worker_argv("credit"), env, tmp_path / "worker.log"),
        running(relay_argv("credit"), env, tmp_path / "relay.log"),
        ClusterRpcClient(timeout=20, uri=amqp_uri) as rpc,
    ):
        wait_for(lambda: _answers(rpc), timeout=60, what="the credit worker")
        yield Worker(rpc, env, received, connection)
    connection.release()


def _answers(rpc: Any) -> bool:
    try:
        rpc.credit.status()
    except Exception:
        return False
    return True


def publish(amqp_uri: str, envelope: Envelope) -> None:
    with kombu.Connection(amqp_uri, transport_options={"confirm_publish": True}) as connection:
        producer = kombu.Producer(connection.channel(), exchange=event_exchange(envelope.source))
        producer.publish(envelope.to_wire(), routing_key=envelope.event_type, serializer="json", delivery_mode=2)


def test_interleaved_upstreams_and_redeliveries_end_in_one_listing_seen_by_partners(
    amqp_uri: str, worker: Worker, postgres_url: str, postgres_schema: str
) -> None:
    permits, supervision = PermitsLog(), SupervisionLog()
    p1 = permits.granted(SPORTS_CENTRE, "2026-09-01", permit_no="XF-1")
    # A major hazard, its order and the order's deadline passing unrectified (C2).
    found, ordered, overdue = supervision.unrectified_major_hazard(SPORTS_CENTRE, "2026-10-12", hazard_id="H1")
    p2 = permits.granted(SHOPPING_MALL, "2026-09-02")
    s2 = supervision.inspection(SHOPPING_MALL, "2026-10-12")
    s3 = supervision.overdue(SHOPPING_MALL, "2026-10-13", "O7")
    for envelope in (found, p1, ordered, found, overdue, s2, p2, s3, p1):  # each upstream in order; redeliveries
        publish(amqp_uri, envelope)
    wait_for(
        lambda: worker.rpc.credit.status()["upstream_positions"] == {"permits": 2, "supervision": 5},
        what="credit to consume both upstreams",
    )
    assert [n["rule"] for n in worker.rpc.credit.notices_of_unit(SPORTS_CENTRE)] == ["major_hazard_unrectified"]

    assert worker.rpc.credit.close_day("2026-10-20")["units_reviewed"] == 2
    assert worker.rpc.credit.close_day("2026-10-20")["closed"] is False
    assert worker.rpc.credit.get_unit(SPORTS_CENTRE)["standing"] == "serious_dishonesty"
    assert worker.rpc.credit.get_unit(SHOPPING_MALL)["standing"] == "general_dishonesty"
    standing = worker.rpc.credit.standing(SPORTS_CENTRE, "2026-10-19")
    assert (standing["tier"], standing["colour"]) == ("normal", "yellow")

    def published() -> Envelope | None:
        worker.drain()
        changes = [e for e in worker.events if e.event_type == "StandingChanged" and e.data["tier"] != "normal"]
        return changes[-1] if len(changes) == 2 else None

    listed = wait_for(published, what="the relay to publish both listings")
    assert {e.subject for e in worker.events if e.event_type == "ListingNoticeIssued"} == {SPORTS_CENTRE, SHOPPING_MALL}
    assert listed.data["effective_on"] in {"2026-10-20", "2026-10-21"}

    settings = load_settings("credit", {**worker.env, "DATABASE_URL": postgres_url})
    app = build_application(settings)
    engine = create_service_engine(settings)
    stopping = threading.Event()
    server, port = create_server(app, engine, "127.0.0.1:0", stopping, max_workers=2)
    server.start()
    try:
        stub = credit_pb2_grpc.CreditServiceStub(grpc.insecure_channel(f"127.0.0.1:{port}"))
        got = stub.GetStanding(credit_pb2.GetStandingRequest(uscc=SPORTS_CENTRE), timeout=5)
        assert (got.tier, got.permits_held) == (credit_pb2.TIER_SERIOUS_DISHONESTY, 1)
        blacklist = stub.ListBlacklist(credit_pb2.ListBlacklistRequest(district="徐汇区"), timeout=5)
        assert [e.uscc for e in blacklist.entries] == [SPORTS_CENTRE]
    finally:
        stopping.set()
        server.stop(grace=None)
        app.close()
        engine.dispose()
