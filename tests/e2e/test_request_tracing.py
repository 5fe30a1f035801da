"""One partner request followed through the running system by its x-request-id: in the permits
event log and envelopes, in credit's and notify's log lines, on the notice notify records, and in
the consumers' lag."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from typing import Any

import kombu
import pytest

from kit import tracing
from kit.launcher import METRICS_PORTS
from kit.relay import event_exchange
from kit.settings import load_settings
from services.permits.bootstrap import build_application
from tests.e2e.conftest import System
from tests.e2e.test_commitment_flow import SPORTS_CENTRE, sports_venue_application
from tests.e2e.test_operations import get
from tests.processes import wait_for

pytestmark = pytest.mark.e2e


def log_lines(system: System, process: str) -> list[dict[str, Any]]:
    """The JSON lines one process wrote, as the launcher passes them on (`<process> | <line>`)."""
    lines = []
    for raw in system.log.read_text(errors="replace").splitlines():
        name, _, line = raw.partition(" | ")
        if name.strip() == process and line.startswith("{"):
            try:
                lines.append(json.loads(line))
            except ValueError:
                continue
    return lines


@contextmanager
def permits_envelopes(amqp_uri: str) -> Iterator[Callable[[], list[dict[str, Any]]]]:
    """What the permits relay publishes meanwhile: each envelope, with its message's headers."""
    seen: list[dict[str, Any]] = []
    with kombu.Connection(amqp_uri) as connection:
        name = f"test-trace-{uuid.uuid4().hex[:8]}"
        queue = kombu.Queue(name, event_exchange("permits"), routing_key="#", exclusive=True)

        def keep(body: Any, message: Any) -> None:
            seen.append({**body, "headers": dict(message.headers or {})})
            message.ack()

        def collected() -> list[dict[str, Any]]:
            with suppress(TimeoutError):
                connection.drain_events(timeout=0.2)
            return seen

        with kombu.Consumer(connection.channel(), queues=[queue], callbacks=[keep], accept=["json"]):
            yield collected


def test_a_partner_request_id_follows_the_submission_through_permits_credit_and_notify(
    system: System, amqp_uri: str
) -> None:
    request_id = f"portal-trace-{uuid.uuid4().hex[:12]}"
    with permits_envelopes(amqp_uri) as published:
        _, call = system.permits.SubmitApplication.with_call(
            sports_venue_application(f"portal-{uuid.uuid4()}"), metadata=(("x-request-id", request_id),), timeout=10
        )
        assert ("x-request-id", request_id) in call.trailing_metadata()

        def traced_envelopes() -> list[dict[str, Any]]:
            found = [e for e in published() if e.get("correlation_id") == request_id]
            return found if len(found) >= 2 else []

        envelopes = wait_for(traced_envelopes, timeout=60, what="the permits envelopes")
    assert {e["event_type"] for e in envelopes} == {"PermitGranted", "CommitmentVerificationRequested"}
    assert all(int(e["headers"]["log_head"]) >= int(e["position"]) for e in envelopes)

    # The permits event log: every event of the submission stored with the request id.
    settings = load_settings("permits", {"VAR_DIR": str(system.var_dir)})
    permits = build_application(settings)
    try:
        traces = [tracing.decode(permits.mapper, n) for n in permits.recorder.select_notifications(1, 1000)]
    finally:
        permits.close()
    assert len([e for e, t in traces if t.correlation_id == request_id]) == 3

    granted = next(e for e in envelopes if e["event_type"] == "PermitGranted")
    for process in ("credit-worker", "notify-worker"):

        def traced_lines(process: str = process) -> list[dict[str, Any]]:
            return [line for line in log_lines(system, process) if line.get("correlation_id") == request_id]

        lines = wait_for(traced_lines, timeout=60, what=f"{process} lines with the request id")
        assert any(line.get("causation_id") == granted["event_id"] for line in lines), process
        assert {line["service"] for line in lines} == {process.split("-")[0]}

    def traced_notices() -> list[dict[str, Any]]:
        notices = system.rpc.notify.notices_of_unit(SPORTS_CENTRE)
        return [n for n in notices if n["correlation_id"] == request_id]

    [notice] = wait_for(traced_notices, timeout=60, what="notify to record the notice")
    assert notice["notice_type"] == "permit_granted"

    credit_port = METRICS_PORTS["credit-worker"] + system.metrics_port_offset
    caught_up = 'firesafety_consumer_lag_events{consumer="credit",upstream="permits"} 0.0'
    page = wait_for(
        lambda: (text := get(credit_port, "/metrics")[1]) and caught_up in text and text,
        timeout=60,
        what="credit to have caught up with the permits log head",
    )
    assert 'firesafety_consumer_queued_messages{consumer="credit",upstream="permits"}' in page
