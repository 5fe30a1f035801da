"""Aggregates for request threads (kit.reads): current with the log, shared until it moves."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import pytest
from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.domain import Aggregate, event

from kit.reads import CurrentAggregates, KeptAnswers


class Unit(Aggregate):
    @event("Registered")
    def __init__(self, name: str) -> None:
        self.name = name
        self.hazards: list[str] = []

    @event("HazardFound")
    def find_hazard(self, hazard: str) -> None:
        self.hazards.append(hazard)


class Head:
    """A head the test moves by hand, as the background reader would."""

    def __init__(self) -> None:
        self.position = -1


class CountingApp(Application[uuid.UUID]):
    def __init__(self) -> None:
        super().__init__(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})
        self.reads = 0
        original = self.repository.event_store.get

        def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
            self.reads += 1
            return original(*args, **kwargs)

        self.repository.event_store.get = counted  # type: ignore[method-assign]

    def head(self) -> int:
        return self.recorder.max_notification_id() or 0


@pytest.fixture
def setup() -> tuple[CountingApp, Head, CurrentAggregates]:
    app = CountingApp()
    head = Head()
    return app, head, CurrentAggregates(app, head)


def test_a_unit_read_twice_while_the_log_stands_still_is_read_from_the_store_once(setup) -> None:  # type: ignore[no-untyped-def]
    app, head, current = setup
    unit = Unit("上海某商场")
    app.save(unit)
    head.position = app.head()
    first = current.get(unit.id)
    second = current.get(unit.id)
    assert first is second and first.name == "上海某商场"
    assert app.reads == 1


def test_a_reader_holding_a_unit_never_sees_it_change_when_a_newer_event_arrives(setup) -> None:  # type: ignore[no-untyped-def]
    app, head, current = setup
    unit = Unit("上海某商场")
    app.save(unit)
    head.position = app.head()
    held = current.get(unit.id)
    unit.find_hazard("疏散通道堵塞")
    app.save(unit)
    head.position = app.head()
    fresh = current.get(unit.id)
    assert fresh.hazards == ["疏散通道堵塞"]
    assert held.hazards == [] and held is not fresh


def test_a_unit_this_process_just_changed_is_read_anew_before_the_head_is_seen_to_move(setup) -> None:  # type: ignore[no-untyped-def]
    app, head, current = setup
    unit = Unit("上海某商场")
    app.save(unit)
    head.position = app.head()
    current.get(unit.id)
    unit.find_hazard("消防栓无水")
    app.save(unit)  # the head reader has not run since
    assert current.get(unit.id, written_through=app.head()).hazards == ["消防栓无水"]


def test_while_the_head_is_unknown_every_read_goes_to_the_store(setup) -> None:  # type: ignore[no-untyped-def]
    app, _head, current = setup
    unit = Unit("上海某商场")
    app.save(unit)
    current.get(unit.id)
    current.get(unit.id)
    assert app.reads == 2


def test_an_unknown_unit_is_not_found(setup) -> None:  # type: ignore[no-untyped-def]
    _app, head, current = setup
    head.position = 0
    with pytest.raises(AggregateNotFoundError):
        current.get(uuid.uuid4())


def test_an_answer_is_given_again_while_the_read_models_stand_still_and_read_afresh_once_they_move() -> None:
    reads: list[str] = []
    kept = KeptAnswers(maxsize=2)

    def read(answer: str) -> Callable[[], str]:
        return lambda: reads.append(answer) or answer

    assert kept.get("XF2026-1", 7, read("valid")) == "valid"
    assert kept.get("XF2026-1", 7, read("never read")) == "valid"
    assert kept.get("XF2026-1", 8, read("revoked")) == "revoked"
    assert reads == ["valid", "revoked"]


def test_kept_answers_are_bounded_and_the_least_recently_used_goes_first() -> None:
    kept = KeptAnswers(maxsize=2)
    kept.get("a", 1, lambda: "A")
    kept.get("b", 1, lambda: "B")
    kept.get("a", 1, lambda: "not read")
    kept.get("c", 1, lambda: "C")
    assert kept.get("a", 1, lambda: "read again") == "A"
    assert kept.get("b", 1, lambda: "read again") == "read again"
