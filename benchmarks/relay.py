"""How fast the outbox relay moves events from a store to RabbitMQ.

Baseline: a bare kombu publisher with pipelined confirms — publish a batch of the same envelopes
(their JSON bodies built before the clock starts), then wait once for the broker's confirms — to
the same exchange with the same bound quorum queues (one per consumer, as in production).
Project: the relay as it runs in production (`OutboxRelay.stream`): reading those events from the
store, translating them, publishing them with two batches in flight and recording its position
after each batch's confirms.
Both are timed the same way (wall clock, no tracing), alternately, three times; medians.

    make benchmark            # or: .venv/bin/python -m benchmarks.relay --applications 5000
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from typing import Any

import kombu
from sqlalchemy import create_engine, text

from benchmarks.report import Figure, medians, print_figure, print_header
from benchmarks.stores import bench_database_url
from kit.database import create_service_engine, event_store_env
from kit.envelope import Envelope
from kit.positions import PositionStore
from kit.relay import AmqpPublisher, OutboxRelay
from kit.settings import Settings, load_settings
from services.permits.application import PermitsApplication
from services.permits.integration import build_translate
from tests.unit.factories import commitment_application

BATCH = 200
CONSUMERS = 3


def fill(settings: Settings, applications: int) -> PermitsApplication:
    app = PermitsApplication(env=event_store_env(settings))
    at = dt.datetime(2026, 11, 2, tzinfo=dt.UTC)
    for n in range(applications):
        app.submit_application(commitment_application(f"bench-{n}"), at)
    return app


class BoundQueues:
    """An exchange of its own with the consumers' quorum queues bound to it, emptied between runs."""

    def __init__(self, amqp_uri: str) -> None:
        self.amqp_uri = amqp_uri
        self.source = f"bench-{uuid.uuid4().hex[:8]}"
        self.exchange = kombu.Exchange(f"{self.source}.events", type="topic", durable=True)
        self.queues = [
            kombu.Queue(
                f"{self.source}--consumer-{n}",
                exchange=self.exchange,
                routing_key="#",
                durable=True,
                queue_arguments={"x-queue-type": "quorum"},
            )
            for n in range(CONSUMERS)
        ]
        with kombu.Connection(amqp_uri) as connection:
            for queue in self.queues:
                queue(connection.channel()).declare()

    def purge(self) -> None:
        with kombu.Connection(self.amqp_uri) as connection:
            for queue in self.queues:
                queue(connection.channel()).purge()

    def delete(self) -> None:
        with kombu.Connection(self.amqp_uri) as connection:
            for queue in self.queues:
                queue(connection.channel()).delete()
            self.exchange(connection.channel()).delete()


def bare_publish(amqp_uri: str, exchange: kombu.Exchange, envelopes: list[Envelope]) -> float:
    """kombu alone: publish the envelopes' JSON bodies (built beforehand, outside the timing)
    a batch at a time, then wait once for the batch's confirms."""
    bodies = [envelope.to_wire() for envelope in envelopes]
    with kombu.Connection(amqp_uri) as connection:
        channel = connection.channel()
        channel.confirm_select()
        acked = [0]

        def on_ack(tag: int, multiple: bool) -> None:
            acked[0] = max(acked[0], tag)

        channel.events["basic_ack"].add(on_ack)
        producer = kombu.Producer(channel, exchange=exchange)
        published = 0
        started = time.perf_counter()
        for first in range(0, len(envelopes), BATCH):
            for envelope, body in zip(envelopes[first : first + BATCH], bodies[first : first + BATCH], strict=True):
                producer.publish(
                    body,
                    routing_key=envelope.event_type,
                    serializer="json",
                    delivery_mode=2,
                    message_id=envelope.event_id,
                    headers={"source": envelope.source, "position": envelope.position},
                )
                published += 1
            while acked[0] < published:
                connection.drain_events(timeout=30)
        return time.perf_counter() - started


class StopWhenDrained:
    """The relay's log watcher for a measurement: the first time the log has nothing new, stop."""

    def __init__(self, stop: threading.Event) -> None:
        self.stop = stop

    def wait(self, timeout: float) -> bool:
        self.stop.set()
        return False


def relay_publish(amqp_uri: str, source: str, app: PermitsApplication, settings: Settings) -> float:
    engine = create_service_engine(settings)
    positions = PositionStore(engine)
    positions.set(f"relay:{source}", 0)
    relay = OutboxRelay(source, app.recorder, app.mapper, build_translate(app), positions, batch_size=BATCH)
    stop = threading.Event()
    with AmqpPublisher(amqp_uri, source) as publisher:
        started = time.perf_counter()
        relay.stream(publisher, stop, StopWhenDrained(stop), idle_seconds=0.0)
        elapsed = time.perf_counter() - started
    engine.dispose()
    return elapsed


@contextlib.contextmanager
def store(kind: str, database_url: str) -> Iterator[Settings]:
    if kind == "sqlite":
        with tempfile.TemporaryDirectory() as var_dir:
            yield load_settings("permits", {"VAR_DIR": var_dir})
        return
    schema = f"bench_{uuid.uuid4().hex[:8]}"
    try:
        yield load_settings("permits", {"DATABASE_URL": database_url, "PERMITS_DATABASE_SCHEMA": schema})
    finally:
        engine = create_engine(database_url)
        with engine.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        engine.dispose()


def measure(kind: str, args: Any) -> None:
    with store(kind, args.database_url or bench_database_url()) as settings:
        app = fill(settings, args.applications)
        translate = build_translate(app)
        envelopes = [
            envelope
            for n in app.recorder.select_notifications(start=1, limit=10 * args.applications)
            if (envelope := translate(app.mapper.to_domain_event(n), n.id)) is not None
        ]
        queues = BoundQueues(args.amqp_uri)
        try:

            def ours() -> float:
                queues.purge()
                return len(envelopes) / relay_publish(args.amqp_uri, queues.source, app, settings)

            def theirs() -> float:
                queues.purge()
                return len(envelopes) / bare_publish(args.amqp_uri, queues.exchange, envelopes)

            project, baseline = medians(ours, theirs, repeat=args.repeat)
        finally:
            queues.delete()
            app.close()
    print_figure(Figure(f"relay {kind}: events/s ({len(envelopes)} events)", project, baseline))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--applications", type=int, default=5000, help="commitment grants (two events to publish each)")
    parser.add_argument("--amqp-uri", default=os.environ.get("AMQP_URI", "amqp://guest:guest@localhost:5672/"))
    parser.add_argument("--database-url", default=None, help="default: BENCH_DATABASE_URL or firesafety_bench")
    parser.add_argument("--stores", default="sqlite,postgresql")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print_header("relay: store → RabbitMQ with confirms, against a bare pipelined-confirm publisher")
    for kind in args.stores.split(","):
        measure(kind, args)


if __name__ == "__main__":
    main()
