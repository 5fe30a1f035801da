"""Penalties (S6): the discretion baseline as data, no penalty for a minor violation corrected on the
spot, legal review of major decisions, publication of every decision."""

from __future__ import annotations

from typing import Any

import pytest

from services.supervision.commands import InvalidCommand
from services.supervision.domain.common import SupervisionError
from tests.unit.supervision_factories import SPORTS_CENTRE, World, at

TEAM = ["I1", "I2"]


@pytest.fixture
def world() -> World:
    world = World()
    world.register(SPORTS_CENTRE)
    world.team(*TEAM)
    world.inspector("LAW1", roles=["legal_reviewer"])
    return world


def violation(
    world: World, severity: str = "general", corrected: bool = False, kind: str = "locked_exit"
) -> dict[str, Any]:
    found = world.inspect(
        SPORTS_CENTRE,
        TEAM,
        violations=[
            {
                "violation_type": kind,
                "severity": severity,
                "description": "安全出口上锁",
                "corrected_on_the_spot": corrected,
            }
        ],
    )
    return {"inspection_id": found["inspection_id"], "violation_id": found["violation_ids"][0]}


def propose(world: World, found: dict[str, Any], fine: int, **fields: Any) -> dict[str, Any]:
    command: dict[str, Any] = {
        "request_id": world.request_id("penalty"),
        **found,
        "fine_yuan": fine,
        "reasons": "锁闭安全出口，违反《消防法》第二十八条",
        "evidence": ["现场照片1", "询问笔录"],
        "officer_ids": TEAM,
        "at": at("2026-11-11"),
    }
    command.update(fields)
    return world.desk.propose_penalty(**command)


def test_a_penalty_within_the_baseline_takes_effect_at_once_and_is_published(world: World) -> None:
    case = propose(world, violation(world), 15_000)
    assert case["status"] == "decided"
    decided = world.message("PenaltyDecided")
    assert decided["fine_yuan"] == "15000"  # int64 in proto3 JSON
    assert decided["violation_type"] == "locked_exit" and decided["severity"] == "general"
    assert decided["legal_basis"] == "《中华人民共和国消防法》第六十条"


def test_a_fine_outside_the_baseline_range_is_refused(world: World) -> None:
    with pytest.raises(SupervisionError) as raised:
        propose(world, violation(world), 40_000)
    assert raised.value.code == "OUTSIDE_BASELINE"
    assert "10000–30000" in str(raised.value)
    assert world.events("Proposed") == []


def test_a_minor_violation_corrected_on_the_spot_is_not_punished(world: World) -> None:
    with pytest.raises(SupervisionError) as raised:
        propose(world, violation(world, severity="minor", corrected=True), 5_000)
    assert raised.value.code == "NOT_PUNISHABLE"


def test_a_minor_violation_not_corrected_may_be_punished(world: World) -> None:
    assert propose(world, violation(world, severity="minor"), 5_000)["status"] == "decided"


def test_a_major_decision_waits_for_legal_review_before_it_is_published(world: World) -> None:
    case = propose(world, violation(world, severity="serious"), 40_000)
    assert (case["major"], case["status"]) == (True, "awaiting_legal_review")
    assert "PenaltyDecided" not in world.published_types()
    assert [c["penalty_id"] for c in world.desk.penalties_awaiting_review()] == [case["penalty_id"]]
    reviewed = world.desk.review_penalty(
        penalty_id=case["penalty_id"],
        reviewer_id="LAW1",
        approved=True,
        opinion="事实清楚，裁量适当",
        at=at("2026-11-13"),
    )
    assert (reviewed["status"], reviewed["reviewed_by"], reviewed["decided_on"]) == ("decided", "LAW1", "2026-11-13")
    decided = world.message("PenaltyDecided")
    assert decided["major"] is True


def test_legal_review_is_by_an_enrolled_legal_reviewer(world: World) -> None:
    case = propose(world, violation(world, severity="serious"), 40_000)
    for reviewer, code in (("I3", "NOT_FOUND"), ("I1", "NOT_A_LEGAL_REVIEWER")):
        with pytest.raises(SupervisionError) as raised:
            world.desk.review_penalty(
                penalty_id=case["penalty_id"], reviewer_id=reviewer, approved=True, opinion="同意", at=at("2026-11-12")
            )
        assert raised.value.code == code
    assert world.events("LegalReviewed") == []


def test_a_reviewer_who_is_one_of_the_officers_may_not_review(world: World) -> None:
    world.inspector("I9", roles=["inspector", "legal_reviewer"])
    case = propose(world, violation(world, severity="serious"), 40_000, officer_ids=["I1", "I9"])
    with pytest.raises(SupervisionError) as raised:
        world.desk.review_penalty(
            penalty_id=case["penalty_id"], reviewer_id="I9", approved=True, opinion="同意", at=at("2026-11-12")
        )
    assert raised.value.code == "REVIEWER_NOT_INDEPENDENT"


def test_a_major_decision_the_review_rejects_is_withdrawn_and_never_published(world: World) -> None:
    case = propose(world, violation(world, severity="serious"), 40_000)
    rejected = world.desk.review_penalty(
        penalty_id=case["penalty_id"], reviewer_id="LAW1", approved=False, opinion="证据不足", at=at("2026-11-12")
    )
    assert rejected["status"] == "withdrawn"
    assert "PenaltyDecided" not in world.published_types()
    with pytest.raises(SupervisionError) as raised:
        world.desk.review_penalty(
            penalty_id=case["penalty_id"], reviewer_id="LAW1", approved=True, opinion="x", at=at("2026-11-13")
        )
    assert raised.value.code == "NOT_AWAITING_REVIEW"


def test_the_agency_changes_the_baseline_and_later_penalties_follow_it(world: World) -> None:
    assert world.desk.discretion_baseline()["version"] == 0
    entries = [
        {
            "violation_type": "locked_exit",
            "severity": "general",
            "min_fine_yuan": 8_000,
            "max_fine_yuan": 12_000,
            "legal_basis": "消防法第六十条第一款第四项",
        }
    ]
    adopted = world.desk.adopt_discretion_baseline(entries=entries, effective_on="2026-11-01", adopted_by="支队法制科")
    assert adopted["version"] == 1 and len(adopted["entries"]) == 1
    with pytest.raises(SupervisionError):
        propose(world, violation(world), 15_000)
    case = propose(world, violation(world), 12_000)
    assert (case["baseline_version"], case["legal_basis"]) == (1, "消防法第六十条第一款第四项")
    with pytest.raises(SupervisionError) as raised:
        propose(world, violation(world, kind="blocked_fire_lane"), 12_000)
    assert raised.value.code == "NO_BASELINE"


def test_a_malformed_baseline_is_refused_field_by_field(world: World) -> None:
    with pytest.raises(InvalidCommand) as raised:
        world.desk.adopt_discretion_baseline(
            entries=[
                {
                    "violation_type": "littering",
                    "severity": "general",
                    "min_fine_yuan": 5,
                    "max_fine_yuan": 1,
                    "legal_basis": "",
                }
            ],
            effective_on="2026-11-01",
            adopted_by="x",
        )
    assert raised.value.fields == {"entries[0].violation_type", "entries[0].max_fine_yuan", "entries[0].legal_basis"}


def test_a_baseline_listing_a_range_twice_is_refused(world: World) -> None:
    entry = {
        "violation_type": "locked_exit",
        "severity": "general",
        "min_fine_yuan": 1,
        "max_fine_yuan": 2,
        "legal_basis": "x",
    }
    with pytest.raises(SupervisionError) as raised:
        world.desk.adopt_discretion_baseline(entries=[entry, entry], effective_on="2026-11-01", adopted_by="x")
    assert raised.value.code == "DUPLICATE_BASELINE_ENTRY"


def test_a_penalty_needs_evidence_and_two_officers(world: World) -> None:
    with pytest.raises(InvalidCommand) as raised:
        propose(world, violation(world), 15_000, evidence=[])
    assert raised.value.fields == {"evidence"}
    with pytest.raises(SupervisionError) as refused:
        propose(world, violation(world), 15_000, officer_ids=["I1"])
    assert refused.value.code == "TWO_PERSON_ENFORCEMENT"


def test_a_caller_that_does_not_import_supervision_reads_the_rule_code_of_a_refusal() -> None:
    from nameko.exceptions import RemoteError, serialize

    from services.supervision.domain.common import SupervisionError

    refused = SupervisionError("the fine of 60,000 yuan is outside the baseline 10000–30000", "OUTSIDE_BASELINE")
    wire = serialize(refused)
    remote = RemoteError(exc_type=wire["exc_type"], value=wire["value"])  # what nameko gives such a caller
    assert remote.value.split(": ", 1)[0] == "OUTSIDE_BASELINE"
    assert refused.code == "OUTSIDE_BASELINE" and refused.message.startswith("the fine")
