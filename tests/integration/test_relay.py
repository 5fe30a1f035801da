"""The outbox relay over the real PostgreSQL and RabbitMQ."""

from __future__ import annotations

import datetime as dt
import signal
import threading
import uuid
from pathlib import Path
from typing import Any

import amqp.exceptions
import kombu
import pytest

from kit.database import create_service_engine
from kit.envelope import Envelope
from kit.relay import AdvisoryLock, AmqpPublisher
from kit.runtime import build_relay
from kit.settings import load_settings
from services.permits.application import PermitsApplication
from services.permits.bootstrap import build_application
from services.permits.integration import build_translate
from tests.processes import process_env, relay_argv, reset_event_queues, running, wait_for
from tests.unit.factories import commitment_application

RECEIVED = dt.datetime(2026, 11, 2, 10, 0, tzinfo=dt.UTC)


def permits_on_postgres(postgres_url: str, schema: str, amqp_uri: str) -> dict[str, str]:
    return {"DATABASE_URL": postgres_url, "PERMITS_DATABASE_SCHEMA": schema, "AMQP_URI": amqp_uri}


def submit(app: PermitsApplication, count: int, prefix: str) -> set[str]:
    """File `count` commitment applications; return the permit numbers granted."""
    return {
        app.submit_application(commitment_application(f"{prefix}-{n}"), RECEIVED).permit_no or "" for n in range(count)
    }


class Listener:
    """An exclusive queue bound to an events exchange, collecting what arrives."""

    def __init__(self, amqp_uri: str, exchange: str) -> None:
        self.connection = kombu.Connection(amqp_uri)
        channel = self.connection.channel()
        self.exchange = kombu.Exchange(exchange, type="topic", durable=True, delivery_mode=2)
        self.exchange(channel).declare()
        queue = kombu.Queue(exclusive=True, exchange=self.exchange, routing_key="#")
        self.received: list[Envelope] = []
        self.consumer = kombu.Consumer(channel, queues=[queue], callbacks=[self._on_message], accept=["json"])
        self.consumer.consume()

    def _on_message(self, body: Any, message: Any) -> None:
        self.received.append(Envelope.from_wire(body))
        message.ack()

    def drain_until(self, predicate: Any, timeout: float = 60.0) -> None:
        def drained() -> bool:
            try:
                while not predicate(self.received):
                    self.connection.drain_events(timeout=0.2)
            except TimeoutError:
                pass
            return bool(predicate(self.received))

        wait_for(drained, timeout=timeout, what="events from the relay")

    def close(self) -> None:
        self.connection.release()


@pytest.mark.integration
def test_the_relay_publishes_every_event_in_order_with_confirms(
    amqp_uri: str, postgres_url: str, postgres_schema: str
) -> None:
    settings = load_settings("permits", permits_on_postgres(postgres_url, postgres_schema, amqp_uri))
    app = build_application(settings)
    permit_numbers = submit(app, 20, uuid.uuid4().hex)
    exchange = f"test-{uuid.uuid4().hex[:8]}"
    listener = Listener(amqp_uri, f"{exchange}.events")
    stop = threading.Event()
    relay, lock, watcher = build_relay(settings, app, build_translate(app), stop)
    worker = threading.Thread(target=relay.run, args=(lambda: AmqpPublisher(amqp_uri, exchange), lock, stop, watcher))
    worker.start()
    try:
        listener.drain_until(lambda got: len(got) >= 40)
    finally:
        stop.set()
        worker.join(10)
        listener.close()
    positions = [e.position for e in listener.received]
    assert positions == sorted(positions)
    granted = [e for e in listener.received if e.event_type == "PermitGranted"]
    assert {e.data["permit_no"] for e in granted} == permit_numbers
    assert relay.position == 60
    app.close()


@pytest.mark.integration
def test_a_relay_killed_mid_stream_and_restarted_loses_no_event(
    amqp_uri: str, postgres_url: str, postgres_schema: str, tmp_path: Path
) -> None:
    env = permits_on_postgres(postgres_url, postgres_schema, amqp_uri)
    app = build_application(load_settings("permits", env))
    permit_numbers = submit(app, 300, uuid.uuid4().hex)
    listener = Listener(amqp_uri, "permits.events")
    ours = lambda got: {e.data.get("permit_no") for e in got} & permit_numbers  # noqa: E731
    try:
        with running(relay_argv("permits"), process_env(**env), tmp_path / "relay-1.log") as first:
            listener.drain_until(lambda got: len(ours(got)) >= 30)
            first.send_signal(signal.SIGKILL)
            first.wait()
        assert len(ours(listener.received)) < 300, "the relay finished before it could be killed"
        with running(relay_argv("permits"), process_env(**env), tmp_path / "relay-2.log"):
            listener.drain_until(lambda got: ours(got) == permit_numbers)
    finally:
        listener.close()
    assert ours(listener.received) == permit_numbers
    app.close()


@pytest.mark.integration
def test_only_one_relay_per_service_holds_the_lock(postgres_url: str, postgres_schema: str) -> None:
    settings = load_settings("permits", {"DATABASE_URL": postgres_url, "PERMITS_DATABASE_SCHEMA": postgres_schema})
    engine = create_service_engine(settings)
    active, standby = AdvisoryLock(engine, f"relay:{postgres_schema}"), AdvisoryLock(engine, f"relay:{postgres_schema}")
    assert active.acquire()
    assert not standby.acquire()
    active.release()
    assert standby.acquire()
    standby.release()
    engine.dispose()


@pytest.mark.integration
def test_events_published_before_any_consumer_started_wait_in_the_consumers_queues(
    amqp_uri: str, postgres_url: str, postgres_schema: str, tmp_path: Path
) -> None:
    reset_event_queues(amqp_uri)
    env = permits_on_postgres(postgres_url, postgres_schema, amqp_uri)
    app = build_application(load_settings("permits", env))
    submit(app, 5, uuid.uuid4().hex)  # 5 grants and 5 verification requests to publish

    def waiting(consumer: str) -> int:
        with kombu.Connection(amqp_uri) as connection:
            name = f"evt-permits--{consumer}"
            try:
                return int(connection.channel().queue_declare(name, passive=True).message_count)
            except amqp.exceptions.NotFound:
                return 0  # the relay has not declared it yet

    with running(relay_argv("permits"), process_env(**env), tmp_path / "relay.log"):
        wait_for(lambda: all(waiting(c) >= 10 for c in ("supervision", "credit", "notify")), what="queued events")
    reset_event_queues(amqp_uri)
    app.close()
