"""A real nameko worker consuming over the real RabbitMQ, with its store on the real PostgreSQL."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import kombu
import pytest
from sqlalchemy import create_engine, func, select, text

from kit.relay import event_exchange
from kit.topology import dead_letter_names
from services.credit import read_models as credit_views
from tests.processes import process_env, reset_event_queues, running, wait_for, worker_argv
from tests.unit.factories import permit_granted_envelope


@pytest.fixture
def credit_worker(amqp_uri: str, postgres_url: str, postgres_schema: str, tmp_path: Path) -> Iterator[Any]:
    """A credit worker on a fresh schema and fresh queues; yields an engine on that schema."""
    reset_event_queues(amqp_uri)
    env = process_env(
        AMQP_URI=amqp_uri,
        DATABASE_URL=postgres_url,
        CREDIT_DATABASE_SCHEMA=postgres_schema,
        CONSUMER_ATTEMPTS="2",
    )
    engine = create_engine(postgres_url).execution_options(schema_translate_map={None: postgres_schema})
    with running(worker_argv("credit"), env, tmp_path / "credit-worker.log"):
        wait_for(lambda: queue_exists(amqp_uri, "evt-permits--credit.on_permits_event"), what="the worker's queue")
        yield CreditStore(engine, postgres_schema)
    engine.dispose()


@dataclass
class CreditStore:
    engine: Any
    schema: str

    def connect(self) -> Any:
        return self.engine.connect()


def queue_exists(amqp_uri: str, name: str) -> bool:
    with kombu.Connection(amqp_uri) as connection:
        try:
            connection.channel().queue_declare(name, passive=True)
        except Exception:
            return False
    return True


def publish(amqp_uri: str, body: Any, routing_key: str = "PermitGranted") -> None:
    with kombu.Connection(amqp_uri, transport_options={"confirm_publish": True}) as connection:
        producer = kombu.Producer(connection.channel(), exchange=event_exchange("permits"))
        producer.publish(body, routing_key=routing_key, serializer="json", delivery_mode=2)


def tracked_position(engine: Any) -> int | None:
    with engine.connect() as conn:
        try:
            table = f'"{engine.schema}".credit_tracking'
            return conn.execute(text(f"SELECT max(notification_id) FROM {table}")).scalar()  # type: ignore[no-any-return]
        except Exception:
            return None


def units(engine: Any) -> dict[str, dict[str, Any]]:
    with engine.connect() as conn:
        try:
            return {row.uscc: row._asdict() for row in conn.execute(select(credit_views.units))}
        except Exception:
            return {}


def dead_letters(amqp_uri: str) -> list[Any]:
    with kombu.Connection(amqp_uri) as connection:
        queue = kombu.Queue(dead_letter_names("credit")[1])(connection.channel())
        bodies = []
        while (message := queue.get(no_ack=True)) is not None:
            bodies.append(message.payload)
        return bodies


@pytest.mark.integration
def test_the_same_event_delivered_three_times_changes_credit_once(amqp_uri: str, credit_worker: Any) -> None:
    envelope = permit_granted_envelope(position=2).to_wire()
    for _ in range(3):
        publish(amqp_uri, envelope)
    publish(amqp_uri, permit_granted_envelope(position=4, uscc="91310000MA1FL4B24G").to_wire())
    wait_for(lambda: tracked_position(credit_worker) == 4, what="both events to be tracked")
    seen = units(credit_worker)
    assert seen["91110000600037341L"]["permits_held"] == 1
    assert seen["91310000MA1FL4B24G"]["permits_held"] == 1
    with credit_worker.connect() as conn:
        events = text(f'"{credit_worker.schema}".credit_events')
        assert conn.execute(select(func.count()).select_from(events)).scalar() == 4


@pytest.mark.integration
def test_a_poison_message_reaches_the_dead_letter_queue_and_later_events_still_flow(
    amqp_uri: str, credit_worker: Any
) -> None:
    publish(amqp_uri, {"event_type": "PermitGranted", "note": "no envelope at all"})
    bad_data = permit_granted_envelope(position=2).to_wire()
    bad_data["data"]["floor_area_m2"] = "very large"
    publish(amqp_uri, bad_data)
    publish(amqp_uri, permit_granted_envelope(position=3, uscc="91310000MA1FL4B24G").to_wire())
    wait_for(lambda: tracked_position(credit_worker) == 3, what="the good event after the poison")
    assert set(units(credit_worker)) == {"91310000MA1FL4B24G"}
    poisoned = wait_for(lambda: dead_letters(amqp_uri) or None, what="dead letters")
    assert len(poisoned) == 2
    assert {"no envelope at all", "very large"} <= {
        str(b.get("note", b.get("data", {}).get("floor_area_m2"))) for b in poisoned
    }


@pytest.mark.integration
def test_events_unknown_to_the_consumer_are_acknowledged_and_tracked(amqp_uri: str, credit_worker: Any) -> None:
    envelope = permit_granted_envelope(position=5).to_wire()
    envelope["event_type"] = "SomethingCreditDoesNotCareAbout"
    envelope["event_id"] = str(uuid.uuid4())
    publish(amqp_uri, envelope, routing_key="SomethingCreditDoesNotCareAbout")
    wait_for(lambda: tracked_position(credit_worker) == 5, what="the unknown event to be tracked")
    assert units(credit_worker) == {}
