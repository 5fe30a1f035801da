"""One partner request, followed: its correlation id is stored with the events it causes, put in
their envelopes by the relay, and carried on by every consumer to the events, log lines and
notices that follow from them."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from typing import Any

import pytest
from eventsourcing.cipher import AESCipher
from sqlalchemy import create_engine
from sqlalchemy.pool import StaticPool

from kit import logs, tracing
from kit.consumer import Delivery, consumer_lag
from kit.database import IN_MEMORY_ENV
from kit.positions import PositionStore
from kit.relay import OutboxRelay
from services.credit.application import CreditApplication
from services.notify.channels import Channels, Outgoing, callback
from services.notify.domain import DeliveryOutcome
from services.permits.application import PermitsApplication
from services.permits.integration import build_translate
from tests.unit import notify_factories as f
from tests.unit.factories import commitment_application, permit_granted_envelope
from tests.unit.test_relay_positions import RecordingPublisher

RECEIVED = dt.datetime(2026, 11, 2, 10, 0, tzinfo=dt.UTC)
ENCRYPTED_ENV = {**IN_MEMORY_ENV, "CIPHER_TOPIC": "kit.cipher:StoreCipher", "CIPHER_KEY": AESCipher.create_key(32)}


def submitted_under(request_id: str, env: dict[str, str] | None = None) -> PermitsApplication:
    app = PermitsApplication(env=env or IN_MEMORY_ENV)
    with logs.correlated(request_id):
        app.submit_application(commitment_application("portal-1"), RECEIVED)
    return app


def stored_traces(app: Any) -> list[tracing.Trace]:
    return [tracing.decode(app.mapper, n)[1] for n in app.recorder.select_notifications(1, 100)]


def test_the_events_a_request_causes_are_stored_with_its_correlation_id() -> None:
    app = submitted_under("portal-42")
    assert stored_traces(app) == [tracing.Trace("portal-42", "")] * 3  # submitted, granted, verification


def test_the_stored_trace_is_encrypted_with_the_event_and_leaves_the_domain_events_as_they_were() -> None:
    traced = submitted_under("portal-42", ENCRYPTED_ENV)
    plain = PermitsApplication(env=ENCRYPTED_ENV)
    plain.submit_application(commitment_application("portal-1"), RECEIVED)
    for notification in traced.recorder.select_notifications(1, 100):
        assert b"portal-42" not in notification.state
        event = traced.mapper.to_domain_event(notification)
        assert tracing.TRACE_KEY not in vars(event)
    [application_id] = {n.originator_id for n in traced.recorder.select_notifications(1, 100)}
    replayed = traced.repository.get(application_id)
    assert replayed.status == "granted" and replayed.version == 3


def test_an_event_stored_with_no_request_has_no_trace_and_reads_as_before() -> None:
    app = PermitsApplication(env=IN_MEMORY_ENV)
    app.submit_application(commitment_application("portal-1"), RECEIVED)
    assert stored_traces(app) == [tracing.NO_TRACE] * 3


def test_the_relay_puts_the_stored_correlation_in_the_envelope_and_the_log_head_in_the_message() -> None:
    app = submitted_under("portal-42")
    with logs.correlated("portal-43"):
        app.submit_application(commitment_application("portal-2"), RECEIVED)
    positions = PositionStore(create_engine("sqlite://", poolclass=StaticPool))
    relay = OutboxRelay("permits", app.recorder, app.mapper, build_translate(app), positions, batch_size=4)
    publisher = RecordingPublisher()
    relay.pump(publisher)
    relay.pump(publisher)
    assert [(e.position, e.correlation_id, e.causation_id) for e in publisher.published] == [
        (2, "portal-42", ""),
        (3, "portal-42", ""),
        (5, "portal-43", ""),
        (6, "portal-43", ""),
    ]
    # The first batch (positions 1–4) did not reach the head (6); the second did, at its last event.
    assert publisher.log_heads == [6, 6]


def test_a_consumer_carries_the_correlation_on_to_the_events_it_causes_and_its_log_lines(
    caplog: pytest.LogCaptureFixture,
) -> None:
    credit = CreditApplication(env=IN_MEMORY_ENV)
    granted = dataclasses.replace(permit_granted_envelope(position=2), correlation_id="portal-42")
    with caplog.at_level(logging.INFO, logger="kit.processing"):
        assert credit.receive(granted)
    assert stored_traces(credit) == [tracing.Trace("portal-42", granted.event_id)] * 2
    [line] = [r for r in caplog.records if r.name == "kit.processing"]
    assert (line.correlation_id, line.causation_id) == ("portal-42", granted.event_id)  # type: ignore[attr-defined]
    assert "PermitGranted at position 2, causing 2 events" in line.getMessage()
    assert logs.correlation_id.get() == ""  # nothing is left behind once the batch is done


def test_each_event_of_a_batch_passes_its_own_correlation_on_and_each_request_gets_one_line(
    caplog: pytest.LogCaptureFixture,
) -> None:
    credit = CreditApplication(env=IN_MEMORY_ENV)
    first = dataclasses.replace(permit_granted_envelope(position=2), correlation_id="portal-1")
    second = dataclasses.replace(
        permit_granted_envelope(position=4, permit_no="XF2026-B", uscc="91310000MA1FL4B24G"), correlation_id="portal-2"
    )
    third = dataclasses.replace(
        permit_granted_envelope(position=5, permit_no="XF2026-C", uscc="91310000MA1FL4B24G"), correlation_id="portal-2"
    )
    with caplog.at_level(logging.INFO, logger="kit.processing"):
        assert credit.receive_batch([first, second, third]) == 3
    assert {t.correlation_id for t in stored_traces(credit)[:2]} == {"portal-1"}
    assert {t.correlation_id for t in stored_traces(credit)[2:]} == {"portal-2"}
    assert {t.causation_id for t in stored_traces(credit)[2:]} == {second.event_id, third.event_id}
    lines = [(r.correlation_id, r.causation_id, r.getMessage()) for r in caplog.records if r.name == "kit.processing"]  # type: ignore[attr-defined]
    assert [line[:2] for line in lines] == [("portal-1", first.event_id), ("portal-2", second.event_id)]
    assert "2 events (PermitGranted) at positions 4–5" in lines[1][2]


def test_notify_records_the_correlation_on_the_notice_and_sends_it_with_the_callback(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    n = f.notify()
    n.receive(dataclasses.replace(f.envelope("permits", f.permit_granted()), correlation_id="portal-42"))
    [notice] = n.notices()
    assert notice["correlation_id"] == "portal-42"
    sent: list[Outgoing] = []

    class Recording:
        name, unconfigured = "inbox", ""

        def send(self, message: Outgoing, now: dt.datetime) -> Any:
            sent.append(message)
            return DeliveryOutcome.delivered("ok")

    n.dispatcher(Channels([Recording()])).dispatch_due(dt.datetime(2026, 11, 3, tzinfo=dt.UTC))
    assert [m.correlation_id for m in sent] == ["portal-42"]
    assert stored_traces(n.app)[-1].correlation_id == "portal-42"  # the attempt, stored under the notice's

    posted: dict[str, Any] = {}

    def post(url: str, body: bytes, headers: dict[str, str], timeout: float) -> Any:
        posted.update(headers)
        raise OSError("not listening")

    monkeypatch.setattr(callback, "post", post)
    callback.CallbackChannel().send(dataclasses.replace(sent[0], address="http://partner.example/cb"), RECEIVED)
    assert posted[callback.REQUEST_ID_HEADER] == "portal-42"


def test_a_consumer_lags_by_the_upstream_log_head_beyond_what_it_processed() -> None:
    def delivery(position: int, head: int) -> Delivery:
        return Delivery(body={"position": str(position)}, log_head=head)

    assert consumer_lag([delivery(5, 40), delivery(6, 41)]) == (6, 35)
    assert consumer_lag([delivery(7, 0)]) == (7, 0)  # a relay that does not tell: no lag seen
    assert consumer_lag([Delivery(body=None)]) is None
