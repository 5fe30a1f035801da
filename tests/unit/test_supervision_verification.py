"""Verification of commitment-route permits, requested by permits, due within 20 working days."""

from __future__ import annotations

import pytest

from services.supervision.commands import InvalidCommand
from tests.unit.supervision_factories import SPORTS_CENTRE, World, permit_granted, verification_requested

TEAM = ["I1", "I2"]


@pytest.fixture
def world() -> World:
    world = World()
    world.receive(permit_granted(position=2))
    world.team(*TEAM)
    return world


def verify(world: World, result: str, day: str = "2026-11-20") -> dict[str, object]:
    return world.inspect(
        SPORTS_CENTRE,
        TEAM,
        day=day,
        purpose="commitment_verification",
        application_id="app-commitment-1",
        commitment_result=result,
    )


def test_a_request_without_a_due_date_is_due_20_working_days_after_it_was_made(world: World) -> None:
    world.receive(verification_requested(position=3))
    verification = world.desk.commitment_verification("app-commitment-1")
    assert verification is not None
    assert (verification["due_date"], verification["status"]) == ("2026-11-30", "requested")


def test_the_due_date_permits_computed_is_kept(world: World) -> None:
    world.receive(verification_requested(position=3, due_date="2026-12-01"))
    assert world.desk.commitment_verification("app-commitment-1")["due_date"] == "2026-12-01"  # type: ignore[index]


def test_a_repeated_request_opens_one_verification(world: World) -> None:
    world.receive(verification_requested(position=3))
    world.receive(verification_requested(position=5))
    assert len(world.events("Requested")) == 1


@pytest.mark.parametrize("result", ["true", "seriously_false"])
def test_the_result_goes_back_to_permits_as_an_event(world: World, result: str) -> None:
    world.receive(verification_requested(position=3))
    inspection = verify(world, result)
    data = world.message("CommitmentVerified")
    assert (data["application_id"], data["result"], data["inspection_id"]) == (
        "app-commitment-1",
        result,
        inspection["inspection_id"],
    )
    assert data["permit_no"] == "XF2026-000001"


def test_a_verification_inspection_states_its_result(world: World) -> None:
    world.receive(verification_requested(position=3))
    with pytest.raises(InvalidCommand) as raised:
        world.inspect(SPORTS_CENTRE, TEAM, purpose="commitment_verification", application_id="app-commitment-1")
    assert raised.value.fields == {"commitment_result"}


def test_a_verification_not_done_by_its_due_date_is_overdue_once(world: World) -> None:
    world.receive(verification_requested(position=3))
    assert world.desk.close_day("2026-11-29")["verifications_overdue"] == 0
    assert world.desk.close_day("2026-11-30")["verifications_overdue"] == 1
    assert world.desk.close_day("2026-12-01")["verifications_overdue"] == 0
    assert world.published_types() == ["CommitmentVerificationOverdue"]


def test_a_verified_commitment_is_never_overdue(world: World) -> None:
    world.receive(verification_requested(position=3))
    verify(world, "true")
    assert world.desk.close_day("2026-12-15")["verifications_overdue"] == 0


def test_a_finding_is_published_at_the_time_it_was_recorded_not_the_end_of_its_day(world: World) -> None:
    world.receive(verification_requested(position=3))
    verify(world, "seriously_false")  # recorded at 16:00 on 20 November
    [published] = [e for e in world.published() if e.event_type == "CommitmentVerified"]
    assert published.business_time == published.data["verified_at"]
    assert published.data["verified_at"].endswith("16:00:00+08:00")


def test_a_verification_that_found_problems_goes_back_to_permits_as_problems_found(world: World) -> None:
    world.receive(verification_requested(position=3))
    world.inspect(
        SPORTS_CENTRE, TEAM, day="2026-11-20", purpose="commitment_verification", application_id="app-commitment-1",
        commitment_result="problems_found", hazards=[{"grade": "general", "description": "疏散指示损坏"}],
    )  # fmt: skip
    assert world.message("CommitmentVerified")["result"] == "problems_found"
    [owed] = world.desk.agency_deadlines(kind="rectification_notice")
    assert owed["due_on"] == "2026-11-25"


def test_problems_found_without_a_hazard_or_violation_recorded_is_refused(world: World) -> None:
    from services.supervision.domain.common import SupervisionError

    world.receive(verification_requested(position=3))
    with pytest.raises(SupervisionError) as refused:
        verify(world, "problems_found")
    assert refused.value.code == "MISSING_FINDINGS"
    assert world.events("Completed") == []
