"""Replicas of a worker on one upstream queue: one consumes, the others stand by; a failover loses
nothing and doubles nothing. And the queues of an earlier release are drained once, in order."""

from __future__ import annotations

import contextlib
import signal
import threading
from pathlib import Path

import kombu
import pytest
from sqlalchemy import create_engine, func, select, text

from kit.relay import event_exchange
from kit.topology import legacy_queue_name
from tests.integration.credit_consumers import CreditStore, dead_letters, queue_exists, tracked_position, units
from tests.processes import process_env, reset_event_queues, running, wait_for, worker_argv
from tests.unit.credit_factories import make_uscc
from tests.unit.factories import permit_granted_envelope

pytestmark = pytest.mark.integration

EVENTS = 300


def consuming(log: Path) -> bool:
    """The worker has subscribed to its permits queue (as the active consumer or standing by)."""
    return log.exists() and "consuming permits events" in log.read_text(errors="replace")


def credit_store(url: str, schema: str) -> CreditStore:
    return CreditStore(create_engine(url).execution_options(schema_translate_map={None: schema}), schema)


def credit_events(store: CreditStore) -> int:
    with store.connect() as conn:
        table = text(f'"{store.schema}".credit_events')
        return int(conn.execute(select(func.count()).select_from(table)).scalar() or 0)


def publish_grants(amqp_uri: str, positions: range, pause: threading.Event | None = None) -> None:
    """Publish permit grants for new units at these positions as fast as the broker confirms them,
    in bursts of 50 with a tenth of a second between bursts when `pause` is given."""
    with kombu.Connection(amqp_uri, transport_options={"confirm_publish": True}) as connection:
        producer = kombu.Producer(connection.channel(), exchange=event_exchange("permits"))
        for count, position in enumerate(positions, start=1):
            envelope = permit_granted_envelope(position=position, uscc=make_uscc(position))
            producer.publish(envelope.to_wire(), routing_key="PermitGranted", serializer="json", delivery_mode=2)
            if pause is not None and count % 50 == 0:
                pause.wait(0.1)


def test_two_credit_replicas_under_load_with_a_failover_skip_nothing_and_double_nothing(
    amqp_uri: str, postgres_url: str, postgres_schema: str, tmp_path: Path
) -> None:
    reset_event_queues(amqp_uri)
    env = process_env(AMQP_URI=amqp_uri, DATABASE_URL=postgres_url, CREDIT_DATABASE_SCHEMA=postgres_schema)
    store = credit_store(postgres_url, postgres_schema)
    logs = tmp_path / "credit-first.log", tmp_path / "credit-second.log"
    positions = range(2, EVENTS + 2)
    with contextlib.ExitStack() as stack:
        active = stack.enter_context(running(worker_argv("credit"), env, logs[0]))
        # The first to subscribe is the active consumer; the second stands by.
        wait_for(lambda: consuming(logs[0]), what="the first replica")
        stack.enter_context(running(worker_argv("credit"), env, logs[1]))
        wait_for(lambda: consuming(logs[1]), what="the second replica")
        publisher = threading.Thread(target=publish_grants, args=(amqp_uri, positions, threading.Event()))
        publisher.start()
        wait_for(lambda: (tracked_position(store) or 0) >= 100, timeout=60, what="the first hundred events")
        active.send_signal(signal.SIGKILL)  # the active replica dies in the middle of the stream
        publisher.join(timeout=60)
        wait_for(lambda: tracked_position(store) == positions[-1], timeout=90, what="the standby to take over")
        assert "consuming permits events" in logs[1].read_text()
    seen = units(store)
    assert len(seen) == EVENTS, "no event skipped"
    assert all(unit["permits_held"] == 1 for unit in seen.values()), "no event doubled"
    assert credit_events(store) == 2 * EVENTS  # each unit: record opened, permit recorded
    assert dead_letters(amqp_uri) == []
    store.engine.dispose()


def test_events_left_in_an_earlier_releases_queue_are_processed_first_and_the_queue_goes(
    amqp_uri: str, postgres_url: str, postgres_schema: str, tmp_path: Path
) -> None:
    reset_event_queues(amqp_uri)
    legacy = legacy_queue_name("permits", "credit")
    with kombu.Connection(amqp_uri) as connection:
        kombu.Queue(
            legacy,
            exchange=event_exchange("permits"),
            routing_key="#",
            durable=True,
            queue_arguments={"x-queue-type": "quorum", "x-dead-letter-exchange": "credit.dead-letter"},
        )(connection.channel()).declare()
    publish_grants(amqp_uri, range(2, 12))  # left behind by the earlier release
    env = process_env(AMQP_URI=amqp_uri, DATABASE_URL=postgres_url, CREDIT_DATABASE_SCHEMA=postgres_schema)
    engine = credit_store(postgres_url, postgres_schema)
    with running(worker_argv("credit"), env, tmp_path / "credit.log"):
        wait_for(lambda: tracked_position(engine) == 11, what="the events of the earlier queue")
        wait_for(lambda: not queue_exists(amqp_uri, legacy), what="the earlier queue to go")
        publish_grants(amqp_uri, range(12, 15))  # now only the new queue receives them
        wait_for(lambda: tracked_position(engine) == 14, what="the events after the switch")
        assert len(units(engine)) == 13
    assert credit_events(engine) == 2 * 13
    engine.engine.dispose()
