"""What supervision's decisions carry for their documents and publication (N3, N7): an order names
its hazards and violations and the articles it rests on; a penalty decision has its document number
(文号), the facts found and the party's legal representative."""

from __future__ import annotations

from typing import Any

import pytest

from services.supervision.commands import InvalidCommand
from services.supervision.domain.penalties import PenaltyCase
from services.supervision.domain.rectification import RectificationOrder
from services.supervision.settings import InvalidSetting, load_rules
from tests.unit.supervision_factories import DISTRICT, SPORTS_CENTRE, World, at

TEAM = ["I1", "I2"]


@pytest.fixture
def world() -> World:
    world = World()
    world.register(SPORTS_CENTRE)
    world.team(*TEAM)
    world.inspector("LAW1", roles=["legal_reviewer"])
    return world


def inspect(world: World, **findings: Any) -> dict[str, Any]:
    return world.inspect(SPORTS_CENTRE, TEAM, **findings)


def locked_exit(world: World, severity: str = "general") -> dict[str, Any]:
    found = inspect(
        world,
        violations=[{"violation_type": "locked_exit", "severity": severity, "description": "二层东侧安全出口上锁"}],
    )
    return {"inspection_id": found["inspection_id"], "violation_id": found["violation_ids"][0]}


def propose(world: World, found: dict[str, Any], fine: int, day: str = "2026-11-11", **fields: Any) -> dict[str, Any]:
    command: dict[str, Any] = {
        "request_id": world.request_id("penalty"),
        **found,
        "fine_yuan": fine,
        "reasons": "锁闭安全出口，妨碍安全疏散",
        "evidence": ["现场照片1"],
        "officer_ids": TEAM,
        "at": at(day),
    }
    command.update(fields)
    return world.desk.propose_penalty(**command)


def decided_messages(world: World) -> list[dict[str, Any]]:
    return [e.data for e in world.published() if e.event_type == "PenaltyDecided"]


def test_an_order_names_its_hazards_and_violations_as_the_inspection_recorded_them(world: World) -> None:
    found = inspect(
        world,
        hazards=[{"grade": "major", "description": "消防控制室无人值守", "location": "地下一层"}],
        violations=[{"violation_type": "locked_exit", "severity": "general", "description": "安全出口上锁"}],
    )
    world.desk.order_rectification(
        request_id="order-1",
        inspection_id=found["inspection_id"],
        hazard_ids=found["hazard_ids"],
        violation_ids=found["violation_ids"],
        advice="立即开启安全出口，落实控制室双人值班",
        officer_ids=TEAM,
        at=at("2026-11-10", "17:00"),
    )
    ordered = world.message("RectificationOrdered")
    assert ordered["hazards"] == [
        {"id": found["hazard_ids"][0], "kind": "major", "description": "消防控制室无人值守", "location": "地下一层"}
    ]
    assert ordered["violations"] == [
        {"id": found["violation_ids"][0], "kind": "locked_exit", "description": "安全出口上锁"}
    ]
    assert ordered["legal_basis"] == "《中华人民共和国消防法》第五十四条、第六十条第一款第三项"


def test_an_order_for_violations_alone_rests_on_each_article_once(world: World) -> None:
    found = inspect(
        world,
        violations=[
            {"violation_type": "locked_exit", "severity": "general", "description": "安全出口上锁"},
            {"violation_type": "blocked_evacuation_route", "severity": "general", "description": "疏散通道堆物"},
            {"violation_type": "blocked_fire_lane", "severity": "general", "description": "消防车通道停车"},
        ],
    )
    world.desk.order_rectification(
        request_id="order-2",
        inspection_id=found["inspection_id"],
        hazard_ids=[],
        violation_ids=found["violation_ids"],
        advice="清除堆物，开启安全出口",
        officer_ids=TEAM,
        at=at("2026-11-10", "17:00"),
    )
    assert world.message("RectificationOrdered")["legal_basis"] == (
        "《中华人民共和国消防法》第六十条第一款第三项、第六十条第一款第五项"
    )


def test_an_order_stored_before_it_named_its_findings_still_loads_with_none(world: World) -> None:
    found = inspect(world, hazards=[{"grade": "general", "description": "防火门损坏"}])
    placed = world.desk.order_rectification(
        request_id="order-3",
        inspection_id=found["inspection_id"],
        hazard_ids=found["hazard_ids"],
        advice="修复防火门",
        officer_ids=TEAM,
        at=at("2026-11-10", "17:00"),
    )
    old = stored_without(world, "Ordered", "hazards", "violations", "legal_basis")
    assert isinstance(old, RectificationOrder.Ordered)
    assert (old.hazards, old.violations, old.legal_basis) == ((), (), "")
    assert str(old.originator_id) == placed["order_id"]


def test_a_decision_gets_the_next_document_number_of_its_district_and_year(world: World) -> None:
    propose(world, locked_exit(world), 15_000)
    propose(world, locked_exit(world), 12_000)
    numbers = [m["document_no"] for m in decided_messages(world)]
    assert numbers == [f"{DISTRICT}消行罚决字〔2026〕0001号", f"{DISTRICT}消行罚决字〔2026〕0002号"]


def test_a_new_year_starts_the_numbers_again(world: World) -> None:
    propose(world, locked_exit(world), 15_000, day="2026-12-30")
    propose(world, locked_exit(world), 15_000, day="2027-01-05")
    assert [m["document_no"] for m in decided_messages(world)] == [
        f"{DISTRICT}消行罚决字〔2026〕0001号",
        f"{DISTRICT}消行罚决字〔2027〕0001号",
    ]


def test_the_same_request_again_takes_no_second_number(world: World) -> None:
    found = locked_exit(world)
    propose(world, found, 15_000, request_id="penalty-same")
    propose(world, found, 15_000, request_id="penalty-same")
    assert [m["document_no"] for m in decided_messages(world)] == [f"{DISTRICT}消行罚决字〔2026〕0001号"]


def test_a_major_decision_is_numbered_when_the_review_approves_it_and_a_rejected_one_never(world: World) -> None:
    rejected = propose(world, locked_exit(world, "serious"), 40_000)
    world.desk.review_penalty(
        penalty_id=rejected["penalty_id"], reviewer_id="LAW1", approved=False, opinion="证据不足", at=at("2026-11-12")
    )
    pending = propose(world, locked_exit(world, "serious"), 40_000)
    propose(world, locked_exit(world), 15_000)  # takes effect at once: the first number
    world.desk.review_penalty(
        penalty_id=pending["penalty_id"], reviewer_id="LAW1", approved=True, opinion="裁量适当", at=at("2026-11-13")
    )
    assert [(m["fine_yuan"], m["document_no"]) for m in decided_messages(world)] == [
        ("15000", f"{DISTRICT}消行罚决字〔2026〕0001号"),
        ("40000", f"{DISTRICT}消行罚决字〔2026〕0002号"),
    ]


def test_a_decision_carries_the_facts_found_and_the_legal_representative_the_staff_name(world: World) -> None:
    propose(world, locked_exit(world), 15_000, legal_representative="王五")
    [decided] = decided_messages(world)
    assert decided["facts"] == "二层东侧安全出口上锁；锁闭安全出口，妨碍安全疏散"
    assert decided["legal_representative"] == "王五"


def test_a_legal_representative_too_long_is_refused_by_its_field(world: World) -> None:
    with pytest.raises(InvalidCommand) as raised:
        propose(world, locked_exit(world), 15_000, legal_representative="王" * 101)
    assert raised.value.fields == {"legal_representative"}
    assert decided_messages(world) == []


def test_a_decision_stored_before_it_had_a_number_still_loads_without_one(world: World) -> None:
    propose(world, locked_exit(world), 15_000)
    old = stored_without(world, "Decided", "document_no", "facts", "legal_representative")
    assert isinstance(old, PenaltyCase.Decided)
    assert (old.document_no, old.facts, old.legal_representative) == ("", "", "")


def test_the_agency_sets_its_own_document_number_pattern() -> None:
    rules = load_rules({"SUPERVISION_PENALTY_DOCUMENT_PATTERN": "沪徐消行罚决字〔{year}〕{number}号"})
    assert rules.penalty_document_pattern == "沪徐消行罚决字〔{year}〕{number}号"


@pytest.mark.parametrize("pattern", ["消行罚决字〔{year}〕号", "{district}〔{year}〕{count}号", "{number:q}"])
def test_a_document_number_pattern_that_cannot_number_is_refused_naming_the_variable(pattern: str) -> None:
    with pytest.raises(InvalidSetting, match="SUPERVISION_PENALTY_DOCUMENT_PATTERN"):
        load_rules({"SUPERVISION_PENALTY_DOCUMENT_PATTERN": pattern})


def stored_without(world: World, event_class: str, *names: str) -> Any:
    """The first stored event of the class, as it loads when it was stored without the fields `names`."""
    app = world.app
    for notification in app.recorder.select_notifications(1, 100_000):
        if notification.topic.endswith(f".{event_class}"):
            state = app.mapper.transcoder.decode(notification.state)
            for name in names:
                state.pop(name)
            notification = type(notification)(
                id=notification.id,
                originator_id=notification.originator_id,
                originator_version=notification.originator_version,
                topic=notification.topic,
                state=app.mapper.transcoder.encode(state),
            )
            return app.mapper.to_domain_event(notification)
    raise AssertionError(f"no {event_class} stored")
