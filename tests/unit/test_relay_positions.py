import datetime as dt
from collections.abc import Sequence

import pytest
from sqlalchemy import create_engine
from sqlalchemy.pool import StaticPool

from kit.database import IN_MEMORY_ENV
from kit.envelope import Envelope
from kit.positions import PositionStore
from kit.relay import AmqpPublisher, MessageRefused, OutboxRelay, PublishInterrupted
from services.permits.application import PermitsApplication
from services.permits.integration import build_translate
from tests.unit.factories import commitment_application

RECEIVED = dt.datetime(2026, 11, 2, 10, 0, tzinfo=dt.UTC)


class RecordingPublisher:
    def __init__(self, fail_after: int | None = None) -> None:
        self.published: list[Envelope] = []
        self.fail_after = fail_after

    def publish_batch(self, envelopes: Sequence[Envelope]) -> int:
        for envelope in envelopes:
            if self.fail_after is not None and len(self.published) >= self.fail_after:
                raise PublishInterrupted(len(self.published), ConnectionError("broker went away"))
            self.published.append(envelope)
        return len(envelopes)


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


def test_a_relay_that_crashes_mid_stream_resumes_after_the_last_confirmed_event(
    permits: PermitsApplication, positions: PositionStore
) -> None:
    crashing = RecordingPublisher(fail_after=3)
    with pytest.raises(ConnectionError):
        relay_for(permits, positions).pump(crashing)
    assert relay_for(permits, positions).position == 5  # position 6 was never confirmed

    restarted = RecordingPublisher()
    relay_for(permits, positions).pump(restarted)
    assert [e.position for e in crashing.published + restarted.published] == [2, 3, 5, 6, 8, 9]


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
    """The broker nacks the envelope at index `refuse`."""

    def __init__(self, refuse: int) -> None:
        super().__init__()
        self.refuse = refuse

    def publish_batch(self, envelopes: Sequence[Envelope]) -> int:
        self.published.extend(envelopes)
        return min(self.refuse, len(envelopes))


def test_a_refused_event_is_published_again_with_everything_after_it(
    permits: PermitsApplication, positions: PositionStore
) -> None:
    with pytest.raises(MessageRefused, match="position 5"):
        relay_for(permits, positions).pump(RefusingPublisher(refuse=2))
    assert relay_for(permits, positions).position == 4  # 2 and 3 confirmed; 4 stays inside permits
    again = RecordingPublisher()
    relay_for(permits, positions).pump(again)
    assert [e.position for e in again.published] == [5, 6, 8, 9]


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
