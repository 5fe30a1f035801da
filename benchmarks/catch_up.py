"""How fast a worker works off a backlog: credit's worker over 100,000 permits events.

The permits events of commitment-route grants (one unit each) are put on credit's queue before
the worker starts, as after an outage. Project: credit's worker, started as `make run` starts
it, from its first processed batch to the last event tracked. Baseline, on a queue of the same
kind holding the same messages: a bare kombu consumer that decodes each body and acknowledges
it — what taking messages off the broker costs at all.

    .venv/bin/python -m benchmarks.catch_up --events 100000
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import kombu

from benchmarks.pipeline import own_vhost, unit_code
from benchmarks.report import Figure, print_figure, print_header
from benchmarks.stores import bench_database_url, commitment_grants
from kit.envelope import Envelope
from kit.launcher import NAMEKO_CONFIG
from kit.relay import AmqpPublisher
from kit.settings import load_settings
from kit.topology import declare_consumer_queue
from services.credit.bootstrap import build_application as build_credit
from services.permits.bootstrap import build_application as build_permits
from services.permits.bootstrap import build_translate

ROOT = Path(__file__).resolve().parent.parent
BATCH = 500


def backlog(env: dict[str, str], events: int) -> list[Envelope]:
    """Grants of one unit each in a permits store, translated as the relay would."""
    permits = build_permits(load_settings("permits", env))
    made = n = 0
    while made < events:
        permits.save(*commitment_grants(n, 1000, uscc_of=unit_code, tag="backlog"))
        n += 1000
        made = permits.recorder.max_notification_id() or 0
    translate = build_translate(permits)
    envelopes: list[Envelope] = []
    position = 0
    while notifications := permits.recorder.select_notifications(start=position + 1, limit=5000):
        for notification in notifications:
            envelope = translate(permits.mapper.to_domain_event(notification), notification.id)
            if envelope is not None:
                envelopes.append(envelope)
        position = notifications[-1].id
    permits.close()
    return envelopes[:events]


def enqueue(amqp_uri: str, envelopes: list[Envelope], declare: bool = True) -> None:
    def queues(channel: object) -> None:
        declare_consumer_queue(channel, "permits", "credit", 5)

    with AmqpPublisher(amqp_uri, "permits", declare=queues if declare else None) as publisher:
        for first in range(0, len(envelopes), BATCH):
            publisher.publish_batch(envelopes[first : first + BATCH])


def worker_rate(amqp_uri: str, env: dict[str, str], last_position: int, count: int, log: Path) -> float:
    """Start credit's worker and time it from its first tracked batch to `last_position`."""
    child = {k: v for k, v in os.environ.items() if not k.endswith("DATABASE_URL")}
    child.update(env, AMQP_URI=amqp_uri, PYTHONPATH=f"{ROOT}{os.pathsep}{ROOT / 'gen'}", LOG_LEVEL="WARNING")
    config = NAMEKO_CONFIG
    argv = [
        sys.executable,
        "-m",
        "nameko",
        "run",
        "--config",
        str(config),
        "services.credit.entrypoints.service:CreditService",
    ]
    credit = build_credit(load_settings("credit", env))
    with log.open("ab") as out:
        process = subprocess.Popen(argv, cwd=ROOT, env=child, stdout=out, stderr=subprocess.STDOUT)
    try:
        first_seen: tuple[float, int] | None = None
        deadline = time.monotonic() + 1800
        while time.monotonic() < deadline:
            tracked = credit.recorder.max_tracking_id("permits") or 0
            now = time.perf_counter()
            if tracked and first_seen is None:
                first_seen = (now, tracked)
            if tracked >= last_position:
                assert first_seen is not None
                started, at = first_seen
                done = count * (tracked - at) / max(1, last_position)
                return done / max(now - started, 1e-9)
            if process.poll() is not None:
                raise SystemExit(f"credit's worker exited; see {log}")
            time.sleep(0.05)
        raise SystemExit("credit's worker did not catch up in 30 minutes")
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
        credit.close()


def bare_rate(amqp_uri: str, count: int) -> float:
    """kombu alone on credit's queue: decode each body, acknowledge it."""
    with kombu.Connection(amqp_uri) as connection:
        channel = connection.channel()
        queue = declare_consumer_queue(channel, "permits", "credit", 5)
        received = [0]
        started: list[float] = []

        def on_message(body: object, message: kombu.Message) -> None:
            if not started:
                started.append(time.perf_counter())
            json.loads(message.body) if isinstance(message.body, (bytes, str)) else body
            message.ack()
            received[0] += 1

        consumer = kombu.Consumer(channel, queues=[queue], callbacks=[on_message], prefetch_count=2 * BATCH)
        consumer.consume()
        deadline = time.monotonic() + 600
        while received[0] < count and time.monotonic() < deadline:
            connection.drain_events(timeout=10)
        consumer.cancel()
        return (received[0] - 1) / (time.perf_counter() - started[0])


def measure(kind: str, args: argparse.Namespace) -> None:
    with own_vhost(None) as amqp_uri, tempfile.TemporaryDirectory(prefix="bench-catch-up-") as var_dir:
        source_env = {"VAR_DIR": str(Path(var_dir) / "permits")}
        Path(source_env["VAR_DIR"]).mkdir()
        envelopes = backlog(source_env, args.events)
        rates = []
        for attempt in range(args.repeat):
            if kind == "sqlite":
                env = {"VAR_DIR": str(Path(var_dir) / f"credit-{attempt}")}
                Path(env["VAR_DIR"]).mkdir()
            else:
                env = {
                    "VAR_DIR": var_dir,
                    "DATABASE_URL": bench_database_url(),
                    "CREDIT_DATABASE_SCHEMA": f"bench_catch_up_{os.getpid()}_{attempt}",
                }
            enqueue(amqp_uri, envelopes)
            bare = bare_rate(amqp_uri, len(envelopes))
            enqueue(amqp_uri, envelopes)
            log = Path(tempfile.gettempdir()) / f"bench-catch-up-{kind}.log"
            ours = worker_rate(amqp_uri, env, envelopes[-1].position, len(envelopes), log)
            if kind != "sqlite":
                _drop_schema(env["DATABASE_URL"], env["CREDIT_DATABASE_SCHEMA"])
            rates.append((ours, bare))
        ours = sorted(r[0] for r in rates)[len(rates) // 2]
        bare = sorted(r[1] for r in rates)[len(rates) // 2]
    print_figure(Figure(f"catch-up {kind}: credit worker events/s ({len(envelopes)})", ours, bare))


def _drop_schema(url: str, schema: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--stores", default="sqlite,postgresql")
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    print_header("consumer catch-up over a backlog (baseline: a bare kombu consumer, decode + ack)")
    for kind in args.stores.split(","):
        measure(kind, args)


if __name__ == "__main__":
    main()
