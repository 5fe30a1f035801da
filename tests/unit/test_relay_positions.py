import datetime as dt
import threading
from collections.abc import Sequence

import pytest
from sqlalchemy import create_engine
from sqlalchemy.pool import StaticPool

from kit.database import IN_MEMORY_ENV
from kit.envelope import Envelope
from kit.positions import PositionStore
from kit.relay import AmqpPublisher, MessageRefused, OutboxRelay
from services.permits.application import PermitsApplication
from services.permits.integration import build_translate
from tests.unit.factories import commitment_application

RECEIVED = dt.datetime(2026, 11, 2, 10, 0, tzinfo=dt.UTC)


class RecordingPublisher:
    """Confirms every envelope it published; with `fail_after`, the connection fails there.
    `calls` records the order of sends and waits, by batch number."""

    def __init__(self, fail_after: int | None = None) -> None:
        self.published: list[Envelope] = []
        self.fail_after = fail_after
        self.calls: list[tuple[str, int]] = []
        self.batches = 0
        self.log_heads: list[int] = []

    def send(self, envelopes: Sequence[Envelope], log_head: int = 0) -> tuple[int, int, int]:
        self.batches += 1
        self.log_heads.append(log_head)
        self.calls.append(("send", self.batches))
        first = len(self.published)
        for envelope in envelopes:
            if self.fail_after is not None and len(self.published) >= self.fail_after:
                raise ConnectionError("broker went away")
            self.published.append(envelope)
        return self.batches, first, first + len(envelopes)

    def wait(self, ticket: tuple[int, int, int]) -> int:
        self.calls.append(("wait", ticket[0]))
        return self.confirmed(ticket)

    def confirmed(self, ticket: tuple[int, int, int]) -> int:
        _, first, end = ticket
        return max(0, min(len(self.published), end) - first)


class StopWhenIdle:
    """A log watcher that ends the relay's stream once the log has nothing new."""

    def __init__(self, stop: threading.Event) -> None:
        self.stop = stop

    def wait(self, timeout: float) -> bool:
        self.stop.set()
        return False


@pytest.fixture
def permits() -> PermitsApplication:
    app = PermitsApplication(env=IN_MEMORY_ENV)
    for number in range(3):
        app.submit_application(commitment_application(f"portal-{number}"), RECEIVED)
    return app


def relay_for(app: PermitsApplication, positions: PositionStore, batch_size: int = 200) -> OutboxRelay:
    return OutboxRelay("permits", app.recorder, app.mapper, build_translate(app), positions, batch_size=batch_size)


@pytest.fixture
def positions() -> PositionStore:
    return PositionStore(create_engine("sqlite://", poolclass=StaticPool))


def test_the_relay_publishes_integration_events_in_log_order_and_records_its_position(
    permits: PermitsApplication, positions: PositionStore
) -> None:
    relay = relay_for(permits, positions)
    publisher = RecordingPublisher()
    assert relay.pump(publisher) == 9  # per application: Submitted (internal), granted, verification
    assert [e.event_type for e in publisher.published] == ["PermitGranted", "CommitmentVerificationRequested"] * 3
    assert [e.position for e in publisher.published] == [2, 3, 5, 6, 8, 9]
    assert relay.position == 9
    assert relay.pump(publisher) == 0


def stream(relay: OutboxRelay, publisher: RecordingPublisher) -> None:
    stop = threading.Event()
    relay.stream(publisher, stop, StopWhenIdle(stop), idle_seconds=0.0)


def test_a_relay_that_crashes_mid_stream_resumes_after_the_last_confirmed_event(
    permits: PermitsApplication, positions: PositionStore
) -> None:
    crashing = RecordingPublisher(fail_after=3)  # the connection fails after positions 2, 3 and 5
    with pytest.raises(ConnectionError):
        stream(relay_for(permits, positions, batch_size=2), crashing)
    # the batches of positions 1–2 and 3–4 were confirmed; 5 was sent in a batch that never finished
    assert relay_for(permits, positions).position == 4

    restarted = RecordingPublisher()
    stream(relay_for(permits, positions, batch_size=2), restarted)
    assert [e.position for e in restarted.published] == [5, 6, 8, 9]
    assert relay_for(permits, positions).position == 9


def test_the_relay_sends_the_next_batch_before_it_waits_for_the_confirms_of_the_last(
    permits: PermitsApplication, positions: PositionStore
) -> None:
    publisher = RecordingPublisher()
    stream(relay_for(permits, positions, batch_size=2), publisher)
    assert publisher.calls[:6] == [("send", 1), ("send", 2), ("wait", 1), ("send", 3), ("wait", 2), ("send", 4)]
    in_flight = 0
    for call, _ in publisher.calls:  # never more than two batches unconfirmed
        in_flight += 1 if call == "send" else -1
        assert in_flight <= 2
    assert in_flight == 0
    assert [e.position for e in publisher.published] == [2, 3, 5, 6, 8, 9]
    assert relay_for(permits, positions).position == 9


def test_the_relay_reads_in_batches(permits: PermitsApplication, positions: PositionStore) -> None:
    relay = relay_for(permits, positions, batch_size=4)
    publisher = RecordingPublisher()
    assert [relay.pump(publisher) for _ in range(4)] == [4, 4, 1, 0]
    assert [e.position for e in publisher.published] == [2, 3, 5, 6, 8, 9]


def test_positions_of_different_readers_are_independent(positions: PositionStore) -> None:
    positions.set("relay:permits", 5)
    positions.set("projection:permits", 2)
    positions.set("relay:permits", 8)
    assert positions.get("relay:permits") == 8
    assert positions.get("projection:permits") == 2
    assert positions.get("relay:credit") == 0


class RefusingPublisher(RecordingPublisher):
    """The broker nacks the envelope of the log position `refuse`, and confirms every other."""

    def __init__(self, refuse: int) -> None:
        super().__init__()
        self.refuse = refuse

    def confirmed(self, ticket: tuple[int, int, int]) -> int:
        _, first, end = ticket
        positions = [e.position for e in self.published[first:end]]
        return positions.index(self.refuse) if self.refuse in positions else len(positions)


def test_a_refused_event_is_published_again_with_everything_after_it(
    permits: PermitsApplication, positions: PositionStore
) -> None:
    with pytest.raises(MessageRefused, match="position 5"):
        relay_for(permits, positions).pump(RefusingPublisher(refuse=5))
    assert relay_for(permits, positions).position == 4  # 2 and 3 confirmed; 4 stays inside permits
    again = RecordingPublisher()
    relay_for(permits, positions).pump(again)
    assert [e.position for e in again.published] == [5, 6, 8, 9]


def test_a_refused_event_is_not_passed_over_when_the_batch_after_it_was_confirmed(
    permits: PermitsApplication, positions: PositionStore
) -> None:
    refusing = RefusingPublisher(refuse=3)  # batches 1–2 and 3–4 in flight; 3 refused, 5 and 6 confirmed
    with pytest.raises(MessageRefused, match="position 3"):
        stream(relay_for(permits, positions, batch_size=2), refusing)
    assert relay_for(permits, positions).position == 2
    again = RecordingPublisher()
    stream(relay_for(permits, positions, batch_size=2), again)
    assert [e.position for e in again.published] == [3, 5, 6, 8, 9]


def test_the_publisher_counts_an_unbroken_run_of_confirms_whatever_order_they_arrive_in() -> None:
    publisher = AmqpPublisher("memory://", "permits")
    publisher._published = 6
    publisher._on_ack(2, multiple=False)
    assert publisher._confirmed_through() == 0
    publisher._on_ack(1, multiple=False)
    assert publisher._confirmed_through() == 2
    publisher._on_ack(4, multiple=True)
    assert publisher._confirmed_through() == 4
    publisher._on_nack(6, multiple=False)
    publisher._on_ack(5, multiple=False)
    assert publisher._confirmed_through() == 5
    publisher._on_nack(5, multiple=True)
    assert publisher._confirmed_through() == 5
