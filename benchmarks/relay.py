"""How fast the outbox relay moves events from a store to RabbitMQ.

Baseline: a bare kombu publisher with pipelined confirms — publish a batch, then wait once for the
broker's confirms, with the next batch on its way meanwhile — doing the bare-library equivalent of
the relay's work: reading the same log a batch at a time and decoding every event with the store's
mapper (decryption included), then JSON-encoding and publishing the same envelopes (same bodies,
properties, headers, persistence) to the same exchange with the same bound quorum queues (one per
consumer, as in production). Only the translation into integration events, the project's own
logic, is done beforehand. A second line compares with publishing those bodies without reading the
store at all (what the baseline was until it was found to do less work than the relay must).
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
import json
import os
import statistics
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import kombu
from sqlalchemy import create_engine, text

from benchmarks.report import Figure, print_figure, print_header
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

    def purge(self) -> list[int]:
        """Empty the queues; return how many messages each held."""
        with kombu.Connection(self.amqp_uri) as connection:
            return [queue(connection.channel()).purge() or 0 for queue in self.queues]

    def delivered(self, count: int, rate: float) -> float:
        """The rate of a run, once every queue is seen to hold exactly its `count` messages."""
        held = self.purge()
        if held != [count] * len(self.queues):
            raise AssertionError(f"expected {count} messages in each queue, found {held}")
        return rate

    def delete(self) -> None:
        with kombu.Connection(self.amqp_uri) as connection:
            for queue in self.queues:
                queue(connection.channel()).delete()
            self.exchange(connection.channel()).delete()


class Bare:
    """kombu alone, with pipelined confirms: publish a batch, then wait once for its confirms.

    `publish_read` does the bare-library equivalent of the relay's work: it reads the log a batch at a
    time (`select_notifications`), decodes every event with the store's mapper (decryption included),
    and publishes the batch's envelopes (JSON-encoded in the loop), waiting for a batch's confirms
    only once the next one is on its way (two in flight, as the relay keeps). The envelopes' wire form is built
    beforehand, outside the timing: translating domain events into integration events is the
    project's own work, and stays on its side. `publish_prebuilt` publishes the same bodies with no
    store read at all, for comparison. Both publish exactly what the relay does: the same UTF-8 JSON
    bodies, persistent, with the same properties (content type and encoding, message id, the
    broker-checked user_id) and headers (source, position), to the same exchange and quorum queues.
    """

    def __init__(self, amqp_uri: str, exchange: kombu.Exchange, app: PermitsApplication, envelopes: list[Envelope]):
        self.amqp_uri = amqp_uri
        self.exchange = exchange
        self.app = app
        self.envelopes = envelopes
        self.wire = {envelope.position: envelope.to_wire() for envelope in envelopes}
        self.last = app.recorder.max_notification_id() or 0

    def publish_read(self, batch: int) -> float:
        recorder, mapper, wire = self.app.recorder, self.app.mapper, self.wire
        by_position = {envelope.position: envelope for envelope in self.envelopes}
        with self._producer() as (connection, producer, confirmed):
            published = previous = 0
            started = time.perf_counter()
            start = 1
            while start <= self.last:
                notifications = recorder.select_notifications(start=start, limit=batch)
                for notification in notifications:
                    mapper.to_domain_event(notification)
                    envelope = by_position.get(notification.id)
                    if envelope is not None:
                        self._publish(producer, connection, envelope, wire[notification.id])
                        published += 1
                while confirmed[0] < previous:  # two batches in flight, as the relay keeps
                    connection.drain_events(timeout=30)
                previous = published
                start = notifications[-1].id + 1
            while confirmed[0] < published:
                connection.drain_events(timeout=30)
            return time.perf_counter() - started

    def publish_prebuilt(self, batch: int) -> float:
        with self._producer() as (connection, producer, confirmed):
            published = 0
            started = time.perf_counter()
            for first in range(0, len(self.envelopes), batch):
                for envelope in self.envelopes[first : first + batch]:
                    self._publish(producer, connection, envelope, self.wire[envelope.position])
                    published += 1
                while confirmed[0] < published:
                    connection.drain_events(timeout=30)
            return time.perf_counter() - started

    def _publish(self, producer: kombu.Producer, connection: kombu.Connection, envelope: Envelope, body: Any) -> None:
        producer.publish(
            json.dumps(body, ensure_ascii=False),
            routing_key=envelope.event_type,
            content_type="application/json",
            content_encoding="utf-8",
            delivery_mode=2,
            message_id=envelope.event_id,
            user_id=connection.userid,
            headers={"source": envelope.source, "position": envelope.position, "log_head": envelope.position},
        )

    @contextlib.contextmanager
    def _producer(self) -> Iterator[tuple[kombu.Connection, kombu.Producer, list[int]]]:
        with kombu.Connection(self.amqp_uri) as connection:
            channel = connection.channel()
            channel.confirm_select()
            acked = [0]

            def on_ack(tag: int, multiple: bool) -> None:
                acked[0] = max(acked[0], tag)

            channel.events["basic_ack"].add(on_ack)
            yield connection, kombu.Producer(channel, exchange=self.exchange), acked


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


def medians_of(*sides: Callable[[], float], repeat: int) -> list[float]:
    """Run every side `repeat` times, interleaved, and return their medians in order."""
    runs: list[list[float]] = [[] for _ in sides]
    for _ in range(repeat):
        for side, results in zip(sides, runs, strict=True):
            results.append(side())
    return [statistics.median(results) for results in runs]


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
        bare = Bare(args.amqp_uri, queues.exchange, app, envelopes)
        try:

            def ours() -> float:
                queues.purge()
                return queues.delivered(
                    len(envelopes), len(envelopes) / relay_publish(args.amqp_uri, queues.source, app, settings)
                )

            def theirs() -> float:
                queues.purge()
                return queues.delivered(len(envelopes), len(envelopes) / bare.publish_read(BATCH))

            def prebuilt() -> float:
                queues.purge()
                return queues.delivered(len(envelopes), len(envelopes) / bare.publish_prebuilt(BATCH))

            project, baseline, publish_only = medians_of(ours, theirs, prebuilt, repeat=args.repeat)
        finally:
            queues.delete()
            app.close()
    print_figure(Figure(f"relay {kind}: events/s ({len(envelopes)} events)", project, baseline))
    print_figure(Figure(f"… against publishing pre-read bodies, {kind}", project, publish_only))


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
