"""Mitigated penalties (从轻、减轻, S6; 003 (十)) and collective deliberation (集体讨论) of the gravest
decisions after their legal review."""

from __future__ import annotations

from typing import Any

import pytest

from services.supervision.commands import InvalidCommand
from services.supervision.domain.common import SupervisionError
from services.supervision.settings import SupervisionRules, load_rules
from tests.unit.supervision_factories import SPORTS_CENTRE, World, at
from tests.unit.test_supervision_penalties import TEAM, propose, violation

GROUNDS = "当事人主动消除违法行为危害后果（《行政处罚法》第三十二条）"
LEADERS = ["L1", "L2", "L3"]


def world_with(rules: SupervisionRules | None = None) -> World:
    world = World(rules=rules)
    world.register(SPORTS_CENTRE)
    world.team(*TEAM)
    world.inspector("LAW1", roles=["legal_reviewer"])
    for leader in LEADERS:
        world.inspector(leader, roles=["leader"])
    return world


@pytest.fixture
def world() -> World:
    return world_with()


def review(world: World, case: dict[str, Any], approved: bool = True) -> dict[str, Any]:
    return world.desk.review_penalty(
        penalty_id=case["penalty_id"], reviewer_id="LAW1", approved=approved, opinion="同意", at=at("2026-11-12")
    )


def deliberate(world: World, case: dict[str, Any], **fields: Any) -> dict[str, Any]:
    command: dict[str, Any] = {
        "penalty_id": case["penalty_id"],
        "chair_id": "L1",
        "participant_ids": LEADERS,
        "approved": True,
        "minutes": "经集体讨论，同意减轻处罚",
        "at": at("2026-11-13"),
    }
    command.update(fields)
    return world.desk.deliberate_penalty(**command)


# 从轻: inside the range, in its lower half


def test_a_lighter_penalty_stays_in_the_lower_half_of_the_baseline_range(world: World) -> None:
    case = propose(world, violation(world), 20_000, mitigation="lighter", mitigation_grounds=GROUNDS)
    assert (case["status"], case["mitigation"], case["mitigation_grounds"]) == ("decided", "lighter", GROUNDS)
    with pytest.raises(SupervisionError) as raised:
        propose(world, violation(world), 20_001, mitigation="lighter", mitigation_grounds=GROUNDS)
    assert raised.value.code == "OUTSIDE_MITIGATED_RANGE"


def test_a_lighter_penalty_is_not_below_the_range(world: World) -> None:
    with pytest.raises(SupervisionError) as raised:
        propose(world, violation(world), 9_000, mitigation="lighter", mitigation_grounds=GROUNDS)
    assert raised.value.code == "OUTSIDE_MITIGATED_RANGE"


# 减轻: below the range, decided by legal review and collective deliberation


def test_a_reduced_penalty_goes_below_the_range_only_after_review_and_collective_deliberation(world: World) -> None:
    case = propose(world, violation(world), 3_000, mitigation="reduced", mitigation_grounds=GROUNDS)
    assert (case["major"], case["status"], case["collective_deliberation"]) == (True, "awaiting_legal_review", True)
    reviewed = review(world, case)
    assert reviewed["status"] == "awaiting_collective_deliberation"
    assert [c["penalty_id"] for c in world.desk.penalties_awaiting_deliberation()] == [case["penalty_id"]]
    assert "PenaltyDecided" not in world.published_types()
    decided = deliberate(world, case)
    assert (decided["status"], decided["deliberated_by"], decided["decided_on"]) == ("decided", "L1", "2026-11-13")
    assert world.message("PenaltyDecided")["fine_yuan"] == "3000"


def test_a_reduced_penalty_is_below_the_minimum(world: World) -> None:
    with pytest.raises(SupervisionError) as raised:
        propose(world, violation(world), 10_000, mitigation="reduced", mitigation_grounds=GROUNDS)
    assert raised.value.code == "OUTSIDE_MITIGATED_RANGE"


def test_a_mitigated_penalty_states_its_grounds_and_an_ordinary_one_none(world: World) -> None:
    found = violation(world)
    with pytest.raises(InvalidCommand) as raised:
        propose(world, found, 15_000, mitigation="lighter")
    assert raised.value.fields == {"mitigation_grounds"}
    with pytest.raises(InvalidCommand) as raised:
        propose(world, found, 15_000, mitigation_grounds=GROUNDS)
    assert raised.value.fields == {"mitigation_grounds"}
    with pytest.raises(InvalidCommand) as raised:
        propose(world, found, 15_000, mitigation="waived", mitigation_grounds=GROUNDS)
    assert raised.value.fields == {"mitigation"}
    assert world.events("Proposed") == []


def test_a_decision_made_in_collective_deliberation_takes_its_document_number_then(world: World) -> None:
    case = propose(world, violation(world), 3_000, mitigation="reduced", mitigation_grounds=GROUNDS)
    review(world, case)
    assert "PenaltyDecided" not in world.published_types()  # no number is taken before the decision
    deliberate(world, case)
    number = world.message("PenaltyDecided")["document_no"]
    assert number.endswith("〔2026〕0001号")


def test_the_deliberation_rejecting_the_decision_withdraws_it(world: World) -> None:
    case = propose(world, violation(world), 3_000, mitigation="reduced", mitigation_grounds=GROUNDS)
    review(world, case)
    withdrawn = deliberate(world, case, approved=False, minutes="减轻理由不充分")
    assert withdrawn["status"] == "withdrawn"
    assert "PenaltyDecided" not in world.published_types()


def test_collective_deliberation_takes_a_quorum_of_the_agencys_leaders_chaired_by_one(world: World) -> None:
    case = propose(world, violation(world), 3_000, mitigation="reduced", mitigation_grounds=GROUNDS)
    with pytest.raises(SupervisionError) as raised:
        deliberate(world, case)
    assert raised.value.code == "NOT_AWAITING_DELIBERATION"
    review(world, case)
    for fields, code in (
        ({"participant_ids": ["L1", "L2"]}, "TOO_FEW_PARTICIPANTS"),
        ({"participant_ids": ["L1", "L2", "L2"]}, "TOO_FEW_PARTICIPANTS"),
        ({"participant_ids": ["L1", "L2", "I1"]}, "NOT_A_LEADER"),
        ({"chair_id": "L9", "participant_ids": LEADERS}, "CHAIR_NOT_PRESENT"),
    ):
        with pytest.raises(SupervisionError) as raised:
            deliberate(world, case, **fields)
        assert raised.value.code == code
    assert world.events("CollectivelyDeliberated") == []


def test_a_fine_from_the_districts_amount_is_deliberated_collectively() -> None:
    world = world_with(load_rules({"SUPERVISION_COLLECTIVE_DELIBERATION_FINE_YUAN": "40000"}))
    grave = propose(world, violation(world, severity="serious"), 45_000)
    assert review(world, grave)["status"] == "awaiting_collective_deliberation"
    major = propose(world, violation(world, severity="serious"), 35_000)
    assert review(world, major)["status"] == "decided"  # legal review alone


def test_the_collective_deliberation_settings_have_their_defaults() -> None:
    rules = SupervisionRules()
    assert (rules.collective_deliberation_fine_yuan, rules.collective_deliberation_quorum) == (100_000, 3)
    assert load_rules({"SUPERVISION_COLLECTIVE_DELIBERATION_QUORUM": "5"}).collective_deliberation_quorum == 5
