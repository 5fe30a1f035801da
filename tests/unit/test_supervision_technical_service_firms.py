"""C7 on the supervision side: a violation found in an inspection may be charged to the unit's fire
technical service firm (消防技术服务机构) — a false maintenance or testing report (出具虚假文件), work not
done to the standards (不按标准执业) — and its penalty names the firm, so that credit records it on the
firm's record and not on the unit's (003 (二); 《消防法》第六十九条)."""

from __future__ import annotations

from typing import Any

import pytest

from services.supervision.commands import InvalidCommand
from services.supervision.domain.common import SupervisionError
from tests.unit.supervision_factories import SPORTS_CENTRE, World, at, make_uscc

TEAM = ["I1", "I2"]
FIRM = make_uscc(900)
OTHER_FIRM = make_uscc(901)


@pytest.fixture
def world() -> World:
    world = World()
    world.register(SPORTS_CENTRE, service_firm_uscc=FIRM)
    world.team(*TEAM, "I3")
    world.inspector("LAW1", roles=["legal_reviewer"])
    return world


def firm_violation(**overrides: Any) -> dict[str, Any]:
    violation: dict[str, Any] = {
        "party_kind": "technical_service_firm",
        "firm_uscc": FIRM,
        "firm_name": "上海某消防设施检测有限公司",
        "service_type": "maintenance_and_testing",
        "violation_type": "false_documents",
        "severity": "serious",
        "description": "年度检测报告记载的喷淋系统测试未实际开展",
    }
    violation.update(overrides)
    return violation


def inspect_with_firm_violation(world: World, **overrides: Any) -> dict[str, Any]:
    return world.inspect(SPORTS_CENTRE, TEAM, violations=[firm_violation(**overrides)])


def propose_firm_penalty(world: World, found: dict[str, Any], fine: int, officers: list[str] = TEAM) -> dict[str, Any]:
    return world.desk.propose_penalty(
        request_id=world.request_id("penalty"),
        inspection_id=found["inspection_id"],
        violation_id=found["violation_ids"][0],
        fine_yuan=fine,
        reasons="出具虚假检测报告，违反《消防法》第六十九条",
        evidence=["检测报告", "现场测试记录"],
        officer_ids=officers,
        at=at("2026-11-11"),
    )


def test_a_false_testing_report_found_at_a_unit_is_the_firms_violation_not_the_units(world: World) -> None:
    inspect_with_firm_violation(world)
    found = world.message("ViolationFound")
    assert (found["uscc"], found["unit_name"]) == (FIRM, "上海某消防设施检测有限公司")
    assert (found["party_kind"], found["service_type"], found["site_uscc"]) == (
        "technical_service_firm",
        "maintenance_and_testing",
        SPORTS_CENTRE,
    )
    recorded = world.message("InspectionRecorded")
    assert recorded["uscc"] == SPORTS_CENTRE
    assert recorded.get("violations", 0) == 0 and recorded["firm_violations"] == 1


def test_a_units_own_violation_is_still_the_units(world: World) -> None:
    world.inspect(
        SPORTS_CENTRE,
        TEAM,
        violations=[{"violation_type": "locked_exit", "severity": "general", "description": "安全出口上锁"}],
    )
    found = world.message("ViolationFound")
    assert (found["uscc"], found["party_kind"]) == (SPORTS_CENTRE, "unit")
    assert world.message("InspectionRecorded")["violations"] == 1


def test_a_penalty_on_the_firm_names_the_firm_and_its_service_and_applies_article_69(world: World) -> None:
    case = propose_firm_penalty(world, inspect_with_firm_violation(world, severity="general"), 70_000)
    assert case["status"] == "awaiting_legal_review"  # 70,000 yuan is a major decision (法制审核)
    world.desk.review_penalty(
        penalty_id=case["penalty_id"], reviewer_id="LAW1", approved=True, opinion="同意", at=at("2026-11-12")
    )
    decided = world.message("PenaltyDecided")
    assert (decided["uscc"], decided["party_kind"], decided["service_type"]) == (
        FIRM,
        "technical_service_firm",
        "maintenance_and_testing",
    )
    assert decided["legal_basis"] == "《中华人民共和国消防法》第六十九条"


def test_a_fine_on_a_firm_for_false_documents_starts_at_fifty_thousand_yuan(world: World) -> None:
    with pytest.raises(SupervisionError) as refused:
        propose_firm_penalty(world, inspect_with_firm_violation(world, severity="minor"), 20_000)
    assert refused.value.code == "OUTSIDE_BASELINE"


def test_an_inspector_tied_to_the_charged_firm_must_stand_aside(world: World) -> None:
    world.desk.declare_tie(
        inspector_id="I3", uscc=OTHER_FIRM, relation="relative_runs_service_firm", at=at("2026-11-01")
    )
    with pytest.raises(SupervisionError) as refused:
        world.inspect(SPORTS_CENTRE, ["I1", "I3"], violations=[firm_violation(firm_uscc=OTHER_FIRM)])
    assert refused.value.code == "RECUSAL_REQUIRED"
    found = inspect_with_firm_violation(world, firm_uscc=OTHER_FIRM)
    with pytest.raises(SupervisionError) as refused_penalty:
        propose_firm_penalty(world, found, 60_000, officers=["I1", "I3"])
    assert refused_penalty.value.code == "RECUSAL_REQUIRED"


def test_a_firms_violation_needs_the_firm_its_service_and_a_firms_violation_type(world: World) -> None:
    with pytest.raises(InvalidCommand) as raised:
        inspect_with_firm_violation(
            world, firm_uscc="", firm_name="", service_type="fire_drills", violation_type="locked_exit"
        )
    assert raised.value.fields == {
        "violations[0].firm_uscc",
        "violations[0].firm_name",
        "violations[0].service_type",
        "violations[0].violation_type",
    }
    with pytest.raises(InvalidCommand) as invalid_uscc:
        inspect_with_firm_violation(world, firm_uscc="91110000600037341X")
    assert invalid_uscc.value.fields == {"violations[0].firm_uscc"}


def test_firm_fields_on_a_units_violation_are_refused(world: World) -> None:
    with pytest.raises(InvalidCommand) as raised:
        world.inspect(
            SPORTS_CENTRE,
            TEAM,
            violations=[
                {"violation_type": "false_documents", "severity": "general", "description": "x", "firm_uscc": FIRM}
            ],
        )
    assert raised.value.fields == {"violations[0].violation_type", "violations[0].firm_uscc"}


def test_the_unit_cannot_be_its_own_technical_service_firm(world: World) -> None:
    with pytest.raises(SupervisionError) as refused:
        inspect_with_firm_violation(world, firm_uscc=SPORTS_CENTRE)
    assert refused.value.code == "FIRM_IS_THE_UNIT"


def test_the_unit_is_not_ordered_to_rectify_its_firms_violation(world: World) -> None:
    found = inspect_with_firm_violation(world)
    with pytest.raises(SupervisionError) as refused:
        world.desk.order_rectification(
            request_id="order-1",
            inspection_id=found["inspection_id"],
            violation_ids=found["violation_ids"],
            advice="重新委托检测",
            officer_ids=TEAM,
            at=at("2026-11-10"),
        )
    assert refused.value.code == "FIRM_VIOLATION"


def test_the_discretion_baseline_may_set_a_firms_ranges(world: World) -> None:
    adopted = world.desk.adopt_discretion_baseline(
        entries=[
            {
                "violation_type": "substandard_practice",
                "severity": "general",
                "min_fine_yuan": 5_000,
                "max_fine_yuan": 20_000,
                "legal_basis": "《中华人民共和国消防法》第六十九条",
            }
        ],
        effective_on="2026-11-01",
        adopted_by="LAW1",
    )
    assert [e["violation_type"] for e in adopted["entries"]] == ["substandard_practice"]
    case = propose_firm_penalty(
        world, inspect_with_firm_violation(world, violation_type="substandard_practice", severity="general"), 8_000
    )
    assert case["status"] == "decided"
