"""Batches of upstream events: the same effects as one event at a time, exactly once, in order.

A consumer hands the worker what the broker prefetched; these tests give the processor such
batches directly, on in-memory stores, with the edges a batch has: duplicates inside it and
across it, a poison event in the middle, a failure inside it, an unreachable store, and events
of one batch that change the same record.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from eventsourcing.persistence import OperationalError

from kit.consumer import BatchOutcome, Delivery, EventProcessor
from kit.database import IN_MEMORY_ENV, event_store_env
from kit.settings import load_settings
from services.credit.application import CreditApplication
from tests.unit.credit_factories import CACHED_IN_MEMORY_ENV, PermitsLog, SupervisionLog, make_uscc
from tests.unit.factories import permit_granted_envelope


class InMemoryRuntime:
    """What the processor needs of a runtime: the application and a read-model refresh."""

    def __init__(self, env: dict[str, str]) -> None:
        self.app = CreditApplication(env=dict(env))
        self.refreshes = 0

    def refresh_read_models(self, max_batches: int | None = None) -> None:
        self.refreshes += 1


def processor(attempts: int = 3, env: dict[str, str] = IN_MEMORY_ENV) -> EventProcessor:
    built = EventProcessor(lambda: InMemoryRuntime(env), attempts=attempts)  # type: ignore[arg-type, return-value]
    built.setup()
    return built


# The credit worker keeps records cached and uncopied; the other workers read the store each time.
STORES = pytest.mark.parametrize("env", [IN_MEMORY_ENV, CACHED_IN_MEMORY_ENV], ids=["store", "cached"])


def deliveries(*envelopes: Any) -> list[Delivery]:
    return [Delivery(body=e.to_wire() if hasattr(e, "to_wire") else e) for e in envelopes]


def count_writes(events: EventProcessor, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The number of new events in each transaction the application writes."""
    recorder = events.app().recorder
    insert_events = recorder.insert_events
    writes: list[int] = []

    def counted(stored: Any, **kwargs: Any) -> Any:
        writes.append(len(stored))
        return insert_events(stored, **kwargs)

    monkeypatch.setattr(recorder, "insert_events", counted)
    return writes


def state(record: Any) -> dict[str, Any]:
    """A record's state, without the wall-clock times of its events."""
    return {k: v for k, v in record.__dict__.items() if k not in ("_created_on", "_modified_on")}


def stored_events(events: EventProcessor) -> list[Any]:
    app = events.app()
    return [app.mapper.to_domain_event(n) for n in app.recorder.select_notifications(1, 10_000)]


@STORES
def test_a_batch_has_the_same_effects_as_its_events_one_at_a_time(env: dict[str, str]) -> None:
    permits, supervision = PermitsLog(), SupervisionLog()
    units = [make_uscc(n) for n in range(1, 6)]
    upstream = [permits.granted(uscc, "2026-09-01") for uscc in units]
    upstream += [permits.granted(units[0], "2026-09-02", permit_no="XF2026-SECOND")]
    later = [
        *supervision.unrectified_major_hazard(units[1], "2026-10-12"),
        supervision.inspection(units[2], "2026-10-13"),
    ]

    one_by_one = processor(env=env)
    for envelope in [*upstream, *later]:
        one_by_one.process_batch(deliveries(envelope))
    batched = processor(env=env)
    assert batched.process_batch(deliveries(*upstream)).processed == len(upstream)
    assert batched.process_batch(deliveries(*later)).processed == len(later)

    def facts(events: EventProcessor) -> list[tuple[str, int, str]]:
        return [(str(e.originator_id), e.originator_version, type(e).__qualname__) for e in stored_events(events)]

    assert facts(batched) == facts(one_by_one)
    for uscc in units:
        assert state(batched.app().record_of(uscc)) == state(one_by_one.app().record_of(uscc))
    assert batched.app().upstream_position("permits") == upstream[-1].position
    assert batched.app().upstream_position("supervision") == later[-1].position


def test_the_read_models_are_refreshed_once_per_batch() -> None:
    permits = PermitsLog()
    events = processor()
    events.process_batch(deliveries(*(permits.granted(make_uscc(n), "2026-09-01") for n in range(1, 21))))
    assert events.runtime.refreshes == 1  # type: ignore[union-attr]


def test_a_duplicate_inside_a_batch_and_one_already_processed_change_nothing() -> None:
    events = processor()
    first = permit_granted_envelope(position=2)
    events.process_batch(deliveries(first))
    second = permit_granted_envelope(position=4, uscc=make_uscc(7))
    outcome = events.process_batch(deliveries(first, second, second))
    assert (outcome.processed, outcome.duplicates, outcome.dead_letters) == (1, 2, {})
    assert len(stored_events(events)) == 4  # two records opened, two permits recorded
    assert events.app().upstream_position("permits") == 4


def test_an_older_redelivery_inside_a_later_batch_has_no_effect() -> None:
    events = processor()
    events.process_batch(deliveries(permit_granted_envelope(position=6)))
    outcome = events.process_batch(deliveries(permit_granted_envelope(position=3, uscc=make_uscc(8))))
    assert (outcome.processed, outcome.duplicates) == (0, 1)
    assert len(stored_events(events)) == 2


def test_a_poison_event_in_the_middle_of_a_batch_is_dead_lettered_and_the_others_are_applied() -> None:
    events = processor(attempts=2)
    before = permit_granted_envelope(position=2, uscc=make_uscc(1))
    poison = permit_granted_envelope(position=3, uscc=make_uscc(2)).to_wire()
    poison["data"]["floor_area_m2"] = "very large"
    not_an_envelope = {"event_type": "PermitGranted", "note": "no envelope at all"}
    after = permit_granted_envelope(position=4, uscc=make_uscc(3))
    outcome = events.process_batch(deliveries(before, poison, not_an_envelope, after))
    assert sorted(outcome.dead_letters) == [1, 2]
    assert "floor_area_m2" in outcome.dead_letters[1]
    assert "not an envelope" in outcome.dead_letters[2]
    assert outcome.processed == 2
    recorded = {e.uscc for e in stored_events(events) if hasattr(e, "uscc")}
    assert recorded == {make_uscc(1), make_uscc(3)}
    assert events.app().upstream_position("permits") == 4


def test_a_body_that_did_not_decode_is_dead_lettered_with_its_reason() -> None:
    events = processor()
    outcome = events.process_batch([Delivery(body=None, undecodable="the message body does not decode: bad")])
    assert outcome.dead_letters == {0: "the message body does not decode: bad"}
    assert stored_events(events) == []


@STORES
def test_a_failure_inside_a_batch_leaves_nothing_half_applied_and_a_retry_applies_it_once(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str]
) -> None:
    events = processor(attempts=3, env=env)
    app = events.app()
    original = type(app).policies[("permits", "PermitGranted")]
    failures = {"left": 2}

    def flaky(self: Any, envelope: Any, processing: Any) -> None:
        if envelope.position == 5 and failures["left"]:
            failures["left"] -= 1
            raise RuntimeError("a moment's trouble")
        original(self, envelope, processing)

    monkeypatch.setitem(type(app).policies, ("permits", "PermitGranted"), flaky)
    batch = [permit_granted_envelope(position=p, uscc=make_uscc(p)) for p in range(2, 9)]
    outcome = events.process_batch(deliveries(*batch))
    assert (outcome.processed, outcome.dead_letters) == (7, {})
    opened = [e for e in stored_events(events) if type(e).__name__ == "Opened"]
    assert len(opened) == 7
    assert app.upstream_position("permits") == 8


def test_an_unreachable_store_is_waited_for_never_dead_lettered(monkeypatch: pytest.MonkeyPatch) -> None:
    events = processor()
    app = events.app()

    def unreachable(*args: Any, **kwargs: Any) -> Any:
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(app, "receive_batch", unreachable)
    with pytest.raises(OperationalError):
        events.process_batch(deliveries(permit_granted_envelope(position=2)))


@STORES
def test_events_of_one_batch_that_change_the_same_record_build_on_each_other(
    env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    permits = PermitsLog()
    uscc = make_uscc(4)
    granted = [permits.granted(uscc, "2026-09-01", permit_no=f"XF2026-{n}") for n in range(3)]
    revoked = permits.revoked(uscc, "2026-09-03", permit_no="XF2026-1")
    batched, one_by_one = processor(env=env), processor(env=env)
    writes = count_writes(batched, monkeypatch)
    outcome: BatchOutcome = batched.process_batch(deliveries(*granted, revoked))
    assert writes == [5], "the batch is written in one transaction, with its one tracking record"
    for envelope in [*granted, revoked]:
        one_by_one.process_batch(deliveries(envelope))
    assert outcome.processed == 4
    versions = [e.originator_version for e in stored_events(batched)]
    assert versions == list(range(1, len(versions) + 1))
    assert state(batched.app().record_of(uscc)) == state(one_by_one.app().record_of(uscc))


@STORES
def test_a_batch_reads_each_record_from_the_store_once_found_or_not(
    env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    permits = PermitsLog()
    units = [make_uscc(n) for n in range(1, 4)]
    batch = [permits.granted(uscc, "2026-09-01", permit_no=f"XF2026-{n}") for n, uscc in enumerate(units)]
    events = processor(env=env)
    recorder = events.app().recorder
    select_events = recorder.select_events
    reads: list[Any] = []

    def counted(originator_id: Any, *args: Any, **kwargs: Any) -> Any:
        reads.append(originator_id)
        return select_events(originator_id, *args, **kwargs)

    monkeypatch.setattr(recorder, "select_events", counted)
    assert events.process_batch(deliveries(*batch)).processed == len(batch)
    assert len(reads) == len(set(reads)), "every record (the day book, each unit's) is read once in the batch"
    assert len(reads) == len(units) + 1


def test_a_record_changed_by_another_writer_during_a_batch_refuses_the_batch_and_the_retry_builds_on_it(
    tmp_path: Path,
) -> None:
    env = event_store_env(load_settings("credit", {"VAR_DIR": str(tmp_path)}))
    permits = PermitsLog()
    uscc = make_uscc(7)
    events = processor(env=env)
    events.process_batch(deliveries(permits.granted(uscc, "2026-09-01", permit_no="XF2026-A")))
    app = events.app()
    other = CreditApplication(env=dict(env))  # another replica on the same store
    second, third = permits.granted(uscc, "2026-09-02", permit_no="XF2026-B"), permits.granted(uscc, "2026-09-03")
    policy = app.policy
    interfered: list[bool] = []

    def another_writer_meanwhile(domain_event: Any, processing: Any) -> None:
        policy(domain_event, processing)  # the batch has read the record...
        if not interfered:
            interfered.append(True)
            other.receive_batch([second])  # ...when another writer changes it

    app.policy = another_writer_meanwhile  # type: ignore[method-assign]
    outcome = events.process_batch(deliveries(third))
    assert outcome.processed == 1 and not outcome.dead_letters
    assert app.record_of(uscc).permits_held == 3  # the retry read the record anew: nothing lost
    other.close()


def from_queue(envelope: Any, upstream: str = "permits", exchange: str = "permits.events", user: str = "") -> Delivery:
    return Delivery(body=envelope.to_wire(), exchange=exchange, user_id=user, upstream=upstream)


def test_an_envelope_far_beyond_the_upstreams_last_position_is_held_and_moves_no_tracking() -> None:
    events = processor()
    events.max_position_gap = 1000
    outcome = events.process_batch(
        [
            from_queue(permit_granted_envelope(position=2)),
            from_queue(permit_granted_envelope(position=10**12 + 7, uscc=make_uscc(7))),
            from_queue(permit_granted_envelope(position=4, uscc=make_uscc(4))),
        ]
    )
    assert list(outcome.dead_letters) == [1]
    assert "held for inspection" in outcome.dead_letters[1] and str(10**12 + 7) in outcome.dead_letters[1]
    assert outcome.processed == 2
    assert events.app().upstream_position("permits") == 4
    assert events.refused == {"permits": 1}


@pytest.mark.parametrize(
    ("delivery", "reason"),
    [
        (from_queue(permit_granted_envelope(position=2), exchange="credit.events"), "exchange 'credit.events'"),
        (
            from_queue(permit_granted_envelope(position=2), upstream="supervision", exchange="supervision.events"),
            "claims source 'permits'",
        ),
        (from_queue(permit_granted_envelope(position=2), user="guest"), "published by 'guest'"),
        (from_queue(permit_granted_envelope(position=2), user=""), "(no user_id)"),
    ],
    ids=["another exchange", "another source", "another publisher", "no publisher"],
)
def test_a_message_whose_publisher_exchange_and_source_do_not_agree_is_refused_and_not_tracked(
    delivery: Delivery, reason: str
) -> None:
    events = processor()
    events.publishers = {"permits": "firesafety-permits", "supervision": "firesafety-supervision"}
    outcome = events.process_batch([delivery])
    assert reason in outcome.dead_letters[0]
    assert outcome.processed == 0
    assert events.app().upstream_position("permits") == 0 and events.app().upstream_position("supervision") == 0
    assert sum(events.refused.values()) == 1


def test_a_message_from_the_upstreams_own_publisher_is_applied() -> None:
    events = processor()
    events.publishers = {"permits": "firesafety-permits"}
    outcome = events.process_batch([from_queue(permit_granted_envelope(position=2), user="firesafety-permits")])
    assert outcome.dead_letters == {} and outcome.processed == 1
    assert events.app().upstream_position("permits") == 2
