"""Only a service can speak for itself on the bus: a credit worker over the real RabbitMQ, with the
services' own broker users, refuses what another user publishes and what no upstream could have."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import amqp.exceptions
import kombu
import pytest
from sqlalchemy import create_engine

from kit.broker_users import Publishers, set_up_with_rabbitmqctl
from kit.relay import event_exchange
from kit.topology import dead_letter_names
from tests.integration.credit_consumers import CreditStore, queue_exists, tracked_position, units
from tests.processes import process_env, reset_event_queues, running, wait_for, worker_argv
from tests.unit.factories import permit_granted_envelope

REAL_USCC = "91310000MA1FL4B24G"
FORGED_USCC = "91110000600037341L"


@pytest.fixture
def publishers(amqp_uri: str) -> Publishers:
    made = set_up_with_rabbitmqctl(amqp_uri)
    if made is None:
        pytest.fail("these tests need rabbitmqctl for the broker at AMQP_URI, to create the services' users")
    return made


@pytest.fixture
def authenticated_credit(
    amqp_uri: str, publishers: Publishers, postgres_url: str, postgres_schema: str, tmp_path: Path
) -> Iterator[CreditStore]:
    reset_event_queues(amqp_uri)
    env = process_env(
        AMQP_URI=publishers.uris["credit"],
        BUS_PUBLISHERS=publishers.setting,
        DATABASE_URL=postgres_url,
        CREDIT_DATABASE_SCHEMA=postgres_schema,
        CONSUMER_ATTEMPTS="2",
        CONSUMER_MAX_POSITION_GAP="1000",
    )
    engine = create_engine(postgres_url).execution_options(schema_translate_map={None: postgres_schema})
    with running(worker_argv("credit"), env, tmp_path / "credit-worker.log"):
        wait_for(lambda: queue_exists(amqp_uri, "evt-permits--credit"), what="the worker's queue")
        yield CreditStore(engine, postgres_schema)
    engine.dispose()


def publish_as(uri: str, body: Any, exchange: str = "permits.events", **properties: Any) -> None:
    with kombu.Connection(uri, transport_options={"confirm_publish": True}) as connection:
        producer = kombu.Producer(connection.channel(), exchange=kombu.Exchange(exchange, type="topic", durable=True))
        producer.publish(body, routing_key="PermitGranted", serializer="json", delivery_mode=2, **properties)


def user_of(uri: str) -> str:
    return str(kombu.Connection(uri).userid)


@pytest.mark.integration
def test_a_forged_event_at_the_next_position_is_refused_and_the_real_one_applied(
    amqp_uri: str, publishers: Publishers, authenticated_credit: CreditStore
) -> None:
    forged = permit_granted_envelope(position=2, uscc=FORGED_USCC).to_wire()
    publish_as(amqp_uri, forged)  # as the broker's default user: no user_id, or not permits' own
    publish_as(amqp_uri, forged, user_id=user_of(amqp_uri))
    permits = publishers.uris["permits"]
    real = permit_granted_envelope(position=2, uscc=REAL_USCC).to_wire()
    publish_as(permits, real, user_id=user_of(permits))
    wait_for(lambda: tracked_position(authenticated_credit) == 2, what="the real event to be tracked")
    assert set(wait_for(lambda: units(authenticated_credit) or None, what="the real unit")) == {REAL_USCC}
    refused: list[Any] = []
    wait_for(lambda: len(drain_dead_letters(amqp_uri, refused)) >= 2 or None, what="the forgeries")
    assert {json.loads(b)["data"]["uscc"] if isinstance(b, str | bytes) else b["data"]["uscc"] for b in refused} == {
        FORGED_USCC
    }


@pytest.mark.integration
def test_a_service_cannot_publish_on_another_services_exchange(publishers: Publishers) -> None:
    credit = publishers.uris["credit"]
    with pytest.raises(amqp.exceptions.AccessRefused):
        publish_as(credit, permit_granted_envelope(position=2).to_wire(), user_id=user_of(credit))


@pytest.mark.integration
def test_a_body_that_is_not_json_and_a_position_far_ahead_are_dead_lettered_not_tracked(
    amqp_uri: str, publishers: Publishers, authenticated_credit: CreditStore
) -> None:
    permits = publishers.uris["permits"]
    user = user_of(permits)
    with kombu.Connection(permits, transport_options={"confirm_publish": True}) as connection:
        producer = kombu.Producer(connection.channel(), exchange=event_exchange("permits"))
        producer.publish(
            b"{not json",
            routing_key="PermitGranted",
            content_type="application/json",
            content_encoding="utf-8",
            user_id=user,
        )
    publish_as(permits, permit_granted_envelope(position=10**12 + 7, uscc=FORGED_USCC).to_wire(), user_id=user)
    publish_as(permits, permit_granted_envelope(position=3, uscc=REAL_USCC).to_wire(), user_id=user)
    wait_for(lambda: tracked_position(authenticated_credit) == 3, what="the event after them to be tracked")
    assert set(wait_for(lambda: units(authenticated_credit) or None, what="its unit")) == {REAL_USCC}
    seen: list[Any] = []
    wait_for(lambda: len(drain_dead_letters(amqp_uri, seen)) >= 2 or None, what="both in the dead letters")
    assert "{not json" in [b.decode() if isinstance(b, bytes) else b for b in seen]


def drain_dead_letters(amqp_uri: str, seen: list[Any]) -> list[Any]:
    with kombu.Connection(amqp_uri) as connection:
        queue = kombu.Queue(dead_letter_names("credit")[1])(connection.channel())
        while (message := queue.get(no_ack=True)) is not None:
            seen.append(message.body)
    return seen
