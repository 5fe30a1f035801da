"""How fast the outbox relay moves events from a store to RabbitMQ.

Baseline: publishing the same envelopes straight to RabbitMQ with publisher
confirms (what the relay cannot beat). Measured: the relay reading them from an
SQLite store, publishing with confirms and recording its position after each.

    make benchmark            # or: PYTHONPATH=.:gen .venv/bin/python -m benchmarks.relay --events 2000
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
import time
import tracemalloc
import uuid
from pathlib import Path

from kit.database import create_service_engine, event_store_env
from kit.positions import PositionStore
from kit.relay import AmqpPublisher, OutboxRelay
from kit.settings import load_settings
from services.permits.application import PermitsApplication
from services.permits.integration import build_translate
from tests.unit.factories import commitment_application


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=2000, help="permits granted (each also stores a Submitted)")
    parser.add_argument("--amqp-uri", default="amqp://guest:guest@localhost:5672/")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as var_dir:
        settings = load_settings("permits", {"VAR_DIR": var_dir})
        app = PermitsApplication(env=event_store_env(settings))
        started = time.perf_counter()
        at = dt.datetime(2026, 11, 2, tzinfo=dt.UTC)
        for n in range(args.events):
            app.submit_application(commitment_application(f"bench-{n}"), at)
        filing = time.perf_counter() - started
        print(f"filed {args.events} commitment applications in {filing:.2f}s ({args.events / filing:,.0f}/s)")

        exchange = f"bench-{uuid.uuid4().hex[:8]}"
        translate = build_translate(app)
        envelopes = [
            envelope
            for n in app.recorder.select_notifications(start=1, limit=10 * args.events)
            if (envelope := translate(app.mapper.to_domain_event(n), n.id)) is not None
        ]
        with AmqpPublisher(args.amqp_uri, exchange) as publisher:
            started = time.perf_counter()
            for envelope in envelopes:
                publisher.publish(envelope)
            baseline = time.perf_counter() - started

        relay = OutboxRelay(
            "permits", app.recorder, app.mapper, translate, PositionStore(create_service_engine(settings))
        )
        tracemalloc.start()
        with AmqpPublisher(args.amqp_uri, exchange) as publisher:
            started = time.perf_counter()
            while relay.pump(publisher):
                pass
            relayed = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        Path(var_dir).joinpath("permits.relay.lock").unlink(missing_ok=True)

    count = len(envelopes)
    print(f"baseline: {count} envelopes published with confirms in {baseline:.2f}s ({count / baseline:,.0f}/s)")
    print(f"relay:    {count} events relayed from the store in {relayed:.2f}s ({count / relayed:,.0f}/s)")
    print(f"relay / baseline time: {relayed / baseline:.2f}x; relay peak traced memory {peak / 1024:,.0f} KiB")


if __name__ == "__main__":
    main()
