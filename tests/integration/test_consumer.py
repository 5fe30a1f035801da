"""A real nameko worker consuming over the real RabbitMQ, with its store on the real PostgreSQL."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from sqlalchemy import func, select, text

from tests.integration.credit_consumers import dead_letters, publish, tracked_position, units
from tests.processes import wait_for
from tests.unit.factories import permit_granted_envelope


@pytest.mark.integration
def test_the_same_event_delivered_three_times_changes_credit_once(amqp_uri: str, credit_worker: Any) -> None:
    envelope = permit_granted_envelope(position=2).to_wire()
    for _ in range(3):
        publish(amqp_uri, envelope)
    publish(amqp_uri, permit_granted_envelope(position=4, uscc="91310000MA1FL4B24G").to_wire())
    wait_for(lambda: tracked_position(credit_worker) == 4, what="both events to be tracked")
    # The read models are refreshed just after the batch's events and tracking are committed.
    seen = wait_for(lambda: units(credit_worker) if len(units(credit_worker)) == 2 else None, what="both units")
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
    wait_for(lambda: units(credit_worker) or None, what="the good event's unit")
    assert set(units(credit_worker)) == {"91310000MA1FL4B24G"}
    poisoned = wait_for(lambda: dead_letters(amqp_uri) or None, what="dead letters")
    assert len(poisoned) == 2
    assert {"no envelope at all", "very large"} <= {
        str(b.get("note", b.get("data", {}).get("floor_area_m2"))) for b in poisoned
    }


@pytest.mark.integration
def test_events_credit_does_not_handle_are_acknowledged_and_tracked(amqp_uri: str, credit_worker: Any) -> None:
    envelope = permit_granted_envelope(position=5).to_wire()
    envelope["event_type"] = "DocumentsDelivered"
    envelope["event_id"] = str(uuid.uuid4())
    publish(amqp_uri, envelope, routing_key="DocumentsDelivered")
    wait_for(lambda: tracked_position(credit_worker) == 5, what="the unhandled event to be tracked")
    assert units(credit_worker) == {}


@pytest.mark.integration
def test_an_event_type_permits_does_not_publish_moves_no_tracking(amqp_uri: str, credit_worker: Any) -> None:
    envelope = permit_granted_envelope(position=10**12 + 7).to_wire()
    envelope["event_type"] = "SomethingPermitsNeverPublished"
    envelope["event_id"] = str(uuid.uuid4())
    publish(amqp_uri, envelope, routing_key="SomethingPermitsNeverPublished")
    publish(amqp_uri, permit_granted_envelope(position=3).to_wire())
    wait_for(lambda: tracked_position(credit_worker) == 3, what="the real event after it to be tracked")
    assert set(wait_for(lambda: units(credit_worker) or None, what="its unit")) == {"91110000600037341L"}
