"""The supervision worker consuming permit and credit events over the real RabbitMQ, its store on PostgreSQL;
and the bulk import against PostgreSQL."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import kombu
import pytest
from nameko.standalone.rpc import ClusterRpcClient

from kit.envelope import Envelope
from kit.relay import event_exchange
from kit.settings import load_settings
from services.supervision.application import RegisterHints
from services.supervision.bootstrap import build_application
from services.supervision.bulk_import import import_rows
from tests.processes import process_env, reset_event_queues, running, wait_for, worker_argv
from tests.unit.supervision_factories import (
    SPORTS_CENTRE,
    make_uscc,
    permit_granted,
    standing_changed,
    verification_requested,
)

pytestmark = pytest.mark.integration


def publish(amqp_uri: str, envelope: Envelope) -> None:
    with kombu.Connection(amqp_uri, transport_options={"confirm_publish": True}) as connection:
        producer = kombu.Producer(connection.channel(), exchange=event_exchange(envelope.source))
        producer.publish(envelope.to_wire(), routing_key=envelope.event_type, serializer="json", delivery_mode=2)


def on_postgres(postgres_url: str, schema: str) -> dict[str, str]:
    return {"DATABASE_URL": postgres_url, "SUPERVISION_DATABASE_SCHEMA": schema}


@pytest.fixture
def rpc(amqp_uri: str, postgres_url: str, postgres_schema: str, tmp_path: Path) -> Iterator[Any]:
    reset_event_queues(amqp_uri)
    env = process_env(AMQP_URI=amqp_uri, **on_postgres(postgres_url, postgres_schema))
    log = tmp_path / "worker.log"
    with (
        running(worker_argv("supervision"), env, log),
        ClusterRpcClient(timeout=20, uri=amqp_uri) as client,
    ):
        try:
            wait_for(lambda: _status(client), timeout=60, what="the supervision worker")
            yield client
        except BaseException:
            print(log.read_text(errors="replace")[-4000:])
            raise


def _status(client: Any) -> dict[str, Any] | None:
    try:
        return client.supervision.status()  # type: ignore[no-any-return]
    except Exception:
        return None


def test_permit_and_credit_events_reach_the_register_once_each(amqp_uri: str, rpc: Any) -> None:
    for envelope in (
        permit_granted(position=1),
        verification_requested(position=2),
        permit_granted(position=1),  # a redelivery
        standing_changed(position=1, uscc=SPORTS_CENTRE, tier="red_list", reduced_inspection=True),
    ):
        publish(amqp_uri, envelope)

    def consumed() -> dict[str, Any] | None:
        status = rpc.supervision.status()
        return status if status["upstream_positions"] == {"permits": 2, "credit": 1} else None

    wait_for(consumed, what="both upstreams consumed")
    unit = rpc.supervision.registered_unit(SPORTS_CENTRE)
    assert unit["uscc"] == SPORTS_CENTRE
    assert unit["venue_category"] == "sports_venue"
    assert (unit["permits"], unit["credit_tier"], unit["reduced_inspection"]) == (1, "red_list", True)
    verification = rpc.supervision.commitment_verification("app-commitment-1")
    assert verification["due_date"] == "2026-11-30"


def test_the_bulk_import_on_postgresql_falls_back_when_the_read_model_lags(
    postgres_url: str, postgres_schema: str
) -> None:
    settings = load_settings("supervision", on_postgres(postgres_url, postgres_schema))
    app = build_application(settings)
    at = dt.datetime(2026, 11, 1, 8, 0, tzinfo=dt.UTC)
    rows = [(n + 2, {"uscc": make_uscc(n), "unit_name": f"单位{n}", "district": "徐汇区"}) for n in range(2500)]
    nothing_shown = RegisterHints(entries={}, current=False)
    first = import_rows(app, rows, at, batch_size=1000, hints=lambda usccs: nothing_shown)
    assert first.registered == 2500
    renamed = [(line, {**row, "unit_name": row["unit_name"] + "（更名）"}) for line, row in rows[:10]]
    again = import_rows(app, renamed, at, hints=lambda usccs: nothing_shown)
    assert (again.registered, again.updated) == (0, 10)
    stored = app.recorder.select_notifications(1, 5000)
    assert len(stored) == 2510  # the refused optimistic batch left nothing (on PostgreSQL, a gap in the ids)
    app.close()
