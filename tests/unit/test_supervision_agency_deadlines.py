"""The agency's own deadlines: raised once by the day close when missed, met by the act, listed for staff."""

from __future__ import annotations

from typing import Any

import pytest

from tests.unit.supervision_factories import (
    SPORTS_CENTRE,
    World,
    at,
    permit_granted,
    pilot_registered,
    verification_requested,
)

TEAM = ["I1", "I2"]
PILOT_VENUE = "91310000MA1FL4B24G"


@pytest.fixture
def world() -> World:
    world = World()
    world.register(SPORTS_CENTRE, responsible_person="李四", responsible_phone="13900000000")
    world.team(*TEAM)
    return world


def order(world: World, deadline: str = "2026-11-20") -> dict[str, Any]:
    found = world.inspect(SPORTS_CENTRE, TEAM, day="2026-11-10", hazards=[{"grade": "general", "description": "堵塞"}])
    return world.desk.order_rectification(
        request_id=world.request_id("order"), inspection_id=found["inspection_id"], hazard_ids=found["hazard_ids"],
        advice="清理", officer_ids=TEAM, at=at("2026-11-10", "17:00"), deadline=deadline,
    )  # fmt: skip


def missed(world: World, kind: str) -> list[dict[str, Any]]:
    return world.desk.agency_deadlines(status="missed", kind=kind)


def close(world: World, *days: str) -> list[int]:
    return [world.desk.close_day(day)["agency_deadlines_missed"] for day in days]


def test_a_re_inspection_not_made_within_three_working_days_of_the_deadline_is_raised_once(world: World) -> None:
    placed = order(world)
    [owed] = world.desk.agency_deadlines(kind="reinspection")
    assert (owed["reference"], owed["due_on"], owed["status"]) == (placed["order_id"], "2026-11-25", "open")
    assert close(world, "2026-11-24", "2026-11-25", "2026-11-25", "2026-11-26") == [0, 1, 0, 0]
    [late] = missed(world, "reinspection")
    assert late["missed_on"] == "2026-11-25"
    world.inspect(SPORTS_CENTRE, TEAM, day="2026-11-27", purpose="re_inspection", order_id=placed["order_id"],
                  rectified=True)  # fmt: skip
    assert world.desk.agency_deadlines(kind="reinspection")[0]["status"] == "met"  # late, but made


def test_the_units_report_brings_the_re_inspection_forward(world: World) -> None:
    placed = order(world)
    world.desk.report_rectified(order_id=placed["order_id"], at=at("2026-11-12"))
    [owed] = world.desk.agency_deadlines(kind="reinspection")
    assert owed["due_on"] == "2026-11-17"  # 13, 16 and 17 November
    world.inspect(SPORTS_CENTRE, TEAM, day="2026-11-16", purpose="re_inspection", order_id=placed["order_id"],
                  rectified=True)  # fmt: skip
    assert close(world, "2026-11-30") == [0]
    assert world.desk.agency_deadlines(kind="reinspection")[0]["status"] == "met"


def test_a_verification_that_found_a_problem_owes_the_rectification_notice_in_three_working_days(
    world: World,
) -> None:
    world.receive(permit_granted(position=2))
    world.receive(verification_requested(position=3))
    found = world.inspect(
        SPORTS_CENTRE, TEAM, day="2026-11-20", purpose="commitment_verification", application_id="app-commitment-1",
        commitment_result="true", hazards=[{"grade": "general", "description": "疏散指示损坏"}],
    )  # fmt: skip
    [owed] = world.desk.agency_deadlines(kind="rectification_notice")
    assert (owed["reference"], owed["due_on"]) == (found["inspection_id"], "2026-11-25")
    assert close(world, "2026-11-25", "2026-11-26") == [1, 0]
    assert len(missed(world, "rectification_notice")) == 1


def test_a_rectification_notice_in_time_meets_its_deadline(world: World) -> None:
    world.receive(permit_granted(position=2))
    world.receive(verification_requested(position=3))
    found = world.inspect(
        SPORTS_CENTRE, TEAM, day="2026-11-20", purpose="commitment_verification", application_id="app-commitment-1",
        commitment_result="true", hazards=[{"grade": "general", "description": "疏散指示损坏"}],
    )  # fmt: skip
    world.desk.order_rectification(
        request_id="notice-1", inspection_id=found["inspection_id"], hazard_ids=found["hazard_ids"], advice="更换",
        officer_ids=TEAM, at=at("2026-11-23", "10:00"), deadline="2026-12-04",
    )  # fmt: skip
    assert world.desk.agency_deadlines(kind="rectification_notice")[0]["status"] == "met"
    assert close(world, "2026-11-25") == [0]


def test_a_pilot_venue_not_checked_in_time_is_raised_once(world: World) -> None:
    world.receive(pilot_registered(position=4, uscc=PILOT_VENUE))
    [owed] = world.desk.agency_deadlines(kind="pilot_check")
    assert owed["due_on"] == "2026-11-30"  # 20 working days from 2 November
    assert close(world, "2026-11-29", "2026-11-30", "2026-12-01") == [0, 1, 0]
    assert [d["uscc"] for d in missed(world, "pilot_check")] == [PILOT_VENUE]


def test_a_pilot_check_in_time_meets_its_deadline(world: World) -> None:
    world.receive(pilot_registered(position=4, uscc=PILOT_VENUE))
    world.inspect(PILOT_VENUE, TEAM, day="2026-11-16", purpose="pilot")
    assert world.desk.agency_deadlines(kind="pilot_check")[0]["status"] == "met"
    assert close(world, "2026-12-01") == [0]
