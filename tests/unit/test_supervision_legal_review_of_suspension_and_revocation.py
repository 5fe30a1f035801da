"""Legal review (法制审核) of every major enforcement decision (S6, 003 (十二)): not only a large fine but
a decision to suspend (责令停产停业、责令停止使用、责令停止执业) or to revoke (吊销许可证件、吊销相应资格)
takes effect only once a legal reviewer approved it."""

from __future__ import annotations

from typing import Any

import pytest

from services.supervision.commands import InvalidCommand
from services.supervision.domain.common import SupervisionError
from tests.unit.supervision_factories import SPORTS_CENTRE, World, at, permit_granted, permit_revoked
from tests.unit.test_supervision_penalties import TEAM, propose, violation
from tests.unit.test_supervision_technical_service_firms import FIRM, inspect_with_firm_violation


@pytest.fixture
def world() -> World:
    world = World()
    world.register(SPORTS_CENTRE, service_firm_uscc=FIRM)
    world.receive(permit_granted(1, permit_no=PERMIT_NO))  # the permit a revocation takes away
    world.team(*TEAM)
    world.inspector("LAW1", roles=["legal_reviewer"])
    return world


def review(world: World, case: dict[str, Any], approved: bool = True) -> dict[str, Any]:
    return world.desk.review_penalty(
        penalty_id=case["penalty_id"], reviewer_id="LAW1", approved=approved, opinion="同意", at=at("2026-11-12")
    )


SUSPEND = {"suspension": "suspend_business", "suspension_scope": "体育中心全部经营场所"}
STOP_USE = {"suspension": "stop_use", "suspension_scope": "三楼健身房"}
PERMIT_NO = "沪徐消安检字〔2026〕0012号"
REVOKE = {"revocation": "permit", "revoked_document": PERMIT_NO}


@pytest.mark.parametrize("measure", [SUSPEND, STOP_USE, REVOKE], ids=["suspension", "stop_use", "revocation"])
def test_a_small_fine_with_a_suspension_or_revocation_waits_for_legal_review(
    world: World, measure: dict[str, str]
) -> None:
    case = propose(world, violation(world), 15_000, **measure)
    assert (case["major"], case["status"]) == (True, "awaiting_legal_review")
    assert [c["penalty_id"] for c in world.desk.penalties_awaiting_review()] == [case["penalty_id"]]
    assert "PenaltyDecided" not in world.published_types()


def test_the_review_queue_says_why_each_case_is_there(world: World) -> None:
    large = propose(world, violation(world, severity="serious"), 40_000, **SUSPEND, **REVOKE)
    small = propose(world, violation(world), 15_000, **STOP_USE)
    grounds = {c["penalty_id"]: c["review_grounds"] for c in world.desk.penalties_awaiting_review()}
    assert grounds == {
        large["penalty_id"]: ["large_fine", "suspension", "revocation"],
        small["penalty_id"]: ["suspension"],
    }


def test_an_approved_suspension_is_decided_and_published_with_what_stops(world: World) -> None:
    case = propose(world, violation(world), 15_000, **SUSPEND, **REVOKE)
    decided = review(world, case)
    assert (decided["status"], decided["decided_on"]) == ("decided", "2026-11-12")
    assert (decided["suspension"], decided["suspension_scope"]) == ("suspend_business", "体育中心全部经营场所")
    published = world.message("PenaltyDecided")
    assert (published["suspension"], published["suspension_scope"]) == ("suspend_business", "体育中心全部经营场所")
    assert (published["revocation"], published["revoked_document"]) == ("permit", "沪徐消安检字〔2026〕0012号")
    assert published["major"] is True and published["document_no"].endswith("〔2026〕0001号")


def test_a_rejected_suspension_is_withdrawn_and_nothing_is_published(world: World) -> None:
    case = propose(world, violation(world), 15_000, **SUSPEND)
    assert review(world, case, approved=False)["status"] == "withdrawn"
    assert "PenaltyDecided" not in world.published_types()


def test_a_fine_alone_below_the_major_amount_still_takes_effect_at_once(world: World) -> None:
    case = propose(world, violation(world), 15_000)
    assert (case["status"], case["suspension"], case["revocation"], case["review_grounds"]) == (
        "decided",
        "none",
        "none",
        [],
    )


def test_a_suspension_names_what_stops_and_a_revocation_the_document(world: World) -> None:
    found = violation(world)
    for fields, field in (
        ({"suspension": "suspend_business"}, "suspension_scope"),
        ({"revocation": "permit"}, "revoked_document"),
        ({"suspension_scope": "三楼"}, "suspension_scope"),
        ({"revoked_document": "某号"}, "revoked_document"),
        ({"suspension": "close_down", "suspension_scope": "三楼"}, "suspension"),
    ):
        with pytest.raises(InvalidCommand) as raised:
            propose(world, found, 15_000, **fields)
        assert raised.value.fields == {field}
    assert world.events("Proposed") == []


def test_a_unit_is_not_stopped_from_practising_nor_a_firm_suspended_as_a_business(world: World) -> None:
    with pytest.raises(SupervisionError) as raised:
        propose(world, violation(world), 15_000, suspension="stop_practice", suspension_scope="全部业务")
    assert raised.value.code == "MEASURE_NOT_FOR_PARTY"
    firm = inspect_with_firm_violation(world)
    found = {"inspection_id": firm["inspection_id"], "violation_id": firm["violation_ids"][0]}
    for measure in (SUSPEND, REVOKE):
        with pytest.raises(SupervisionError) as raised:
            propose(world, found, 90_000, **measure)
        assert raised.value.code == "MEASURE_NOT_FOR_PARTY"
    assert world.events("Proposed") == []


def test_a_firm_stopped_from_practising_and_losing_its_qualification_waits_for_legal_review(world: World) -> None:
    firm = inspect_with_firm_violation(world, severity="minor")
    found = {"inspection_id": firm["inspection_id"], "violation_id": firm["violation_ids"][0]}
    case = propose(
        world,
        found,
        50_000,
        suspension="stop_practice",
        suspension_scope="消防设施维护保养检测业务",
        revocation="qualification",
        revoked_document="消防技术服务机构资质",
    )
    assert case["status"] == "awaiting_legal_review"
    review(world, case)
    published = world.message("PenaltyDecided")
    assert (published["party_kind"], published["suspension"], published["revocation"]) == (
        "technical_service_firm",
        "stop_practice",
        "qualification",
    )


def test_a_revocation_names_a_permit_the_unit_holds(world: World) -> None:
    with pytest.raises(SupervisionError, match=r"REVOKED_PERMIT_NOT_HELD.*XF2026-999999"):
        propose(world, violation(world), 5000, revocation="permit", revoked_document="XF2026-999999")
    world.receive(permit_revoked(2, permit_no=PERMIT_NO))  # revoked already, by permits
    with pytest.raises(SupervisionError, match="REVOKED_PERMIT_NOT_HELD"):
        propose(world, violation(world), 5000, **REVOKE)
