"""Special-period leniency (S6, 000 Hongkou): while a published policy runs, problems found that fall short
of a major hazard and are rectified as required are not punished and no suspension is imposed; before
and after its days, and outside its districts, the ordinary rules apply."""

from __future__ import annotations

from typing import Any

import pytest

from services.supervision.commands import InvalidCommand
from services.supervision.domain.common import SupervisionError
from tests.unit.supervision_factories import SPORTS_CENTRE, World, at
from tests.unit.test_supervision_penalties import TEAM, propose
from tests.unit.test_supervision_technical_service_firms import FIRM, firm_violation

HONGKOU = "虹口区"
POLICY_NO = "沪虹消〔2026〕7号"


@pytest.fixture
def world() -> World:
    world = World()
    world.register(SPORTS_CENTRE, district=HONGKOU, service_firm_uscc=FIRM)
    world.team(*TEAM)
    world.inspector("LAW1", roles=["legal_reviewer"])
    return world


def publish(world: World, **fields: Any) -> dict[str, Any]:
    command: dict[str, Any] = {
        "request_id": world.request_id("policy"),
        "document_no": POLICY_NO,
        "title": "疫情防控期间强服务保安全十项措施",
        "districts": [HONGKOU],
        "starts_on": "2026-11-01",
        "ends_on": "2026-11-30",
        "published_by": "I1",
        "at": at("2026-10-30"),
    }
    command.update(fields)
    return world.desk.publish_leniency_policy(**command)


def found(
    world: World, day: str = "2026-11-10", corrected: bool = False, major_hazard: bool = False, **violation: Any
) -> dict[str, Any]:
    hazards = [{"grade": "major", "description": "自动喷水灭火系统瘫痪"}] if major_hazard else []
    recorded = world.inspect(
        SPORTS_CENTRE,
        TEAM,
        day=day,
        hazards=hazards,
        violations=[
            {
                "violation_type": "blocked_evacuation_route",
                "severity": "general",
                "description": "二层疏散通道堆放杂物",
                "corrected_on_the_spot": corrected,
                **violation,
            }
        ],
    )
    return {"inspection_id": recorded["inspection_id"], "violation_id": recorded["violation_ids"][0]}


def order(world: World, finding: dict[str, Any], day: str = "2026-11-10") -> dict[str, Any]:
    return world.desk.order_rectification(
        request_id=world.request_id("order"),
        inspection_id=finding["inspection_id"],
        violation_ids=[finding["violation_id"]],
        advice="清除疏散通道内堆放的杂物",
        officer_ids=TEAM,
        at=at(day, "17:00"),
        deadline="2026-11-20",
    )


def rectified_in_time(world: World, finding: dict[str, Any]) -> None:
    placed = order(world, finding)
    world.desk.report_rectified(order_id=placed["order_id"], at=at("2026-11-16"))
    reinspection = {"purpose": "re_inspection", "order_id": placed["order_id"], "rectified": True}
    world.inspect(SPORTS_CENTRE, TEAM, day="2026-11-17", **reinspection)


def refused(call: Any) -> SupervisionError:
    with pytest.raises(SupervisionError) as raised:
        call()
    return raised.value


def test_a_published_policy_is_visible_to_staff_and_published_with_its_document_number(world: World) -> None:
    policy = publish(world)
    assert (policy["document_no"], policy["districts"], policy["starts_on"], policy["ends_on"]) == (
        POLICY_NO,
        [HONGKOU],
        "2026-11-01",
        "2026-11-30",
    )
    assert [p["document_no"] for p in world.desk.leniency_policies(HONGKOU)] == [POLICY_NO]
    assert world.desk.leniency_policies("徐汇区") == []
    published = world.message("LeniencyPolicyPublished")
    assert (published["document_no"], published["districts"], published["ends_on"]) == (
        POLICY_NO,
        [HONGKOU],
        "2026-11-30",
    )


def test_a_violation_rectified_as_required_in_the_period_is_not_punished_and_the_refusal_names_the_policy(
    world: World,
) -> None:
    publish(world)
    finding = found(world)
    rectified_in_time(world, finding)
    error = refused(lambda: propose(world, finding, 15_000, at=at("2026-11-18")))
    assert error.code == "SPECIAL_PERIOD_LENIENCY"
    assert POLICY_NO in str(error)
    assert world.events("Proposed") == []


def test_a_violation_corrected_on_the_spot_in_the_period_is_not_punished(world: World) -> None:
    publish(world)
    assert refused(lambda: propose(world, found(world, corrected=True), 15_000)).code == "SPECIAL_PERIOD_LENIENCY"


def test_no_suspension_is_imposed_for_what_the_policy_spares(world: World) -> None:
    publish(world)
    finding = found(world, corrected=True)
    error = refused(
        lambda: propose(world, finding, 15_000, suspension="suspend_business", suspension_scope="全部经营场所")
    )
    assert error.code == "SPECIAL_PERIOD_LENIENCY"


def test_while_the_unit_may_still_rectify_as_required_no_penalty_is_proposed(world: World) -> None:
    publish(world)
    finding = found(world)
    assert refused(lambda: propose(world, finding, 15_000)).code == "LENIENCY_RECTIFICATION_PENDING"  # no order yet
    order(world, finding)
    assert refused(lambda: propose(world, finding, 15_000)).code == "LENIENCY_RECTIFICATION_PENDING"  # order running


def test_a_violation_not_rectified_in_time_is_punished_as_usual(world: World) -> None:
    publish(world)
    finding = found(world)
    order(world, finding)
    world.desk.close_day("2026-11-20")
    case = propose(world, finding, 15_000, at=at("2026-11-23"))
    assert case["status"] == "decided"


def test_a_violation_verified_rectified_only_after_the_deadline_is_punished_as_usual(world: World) -> None:
    publish(world)
    finding = found(world)
    placed = order(world, finding)
    reinspection = {"purpose": "re_inspection", "order_id": placed["order_id"], "rectified": True}
    world.inspect(SPORTS_CENTRE, TEAM, day="2026-11-24", **reinspection)  # never reported, the day not yet closed
    assert propose(world, finding, 15_000, at=at("2026-11-25"))["status"] == "decided"


def test_a_report_the_re_inspection_found_untrue_does_not_make_a_late_rectification_timely(world: World) -> None:
    publish(world)
    finding = found(world)
    placed = order(world, finding)
    world.desk.report_rectified(order_id=placed["order_id"], at=at("2026-11-16"))
    left = {"purpose": "re_inspection", "order_id": placed["order_id"], "rectified": False}
    world.inspect(SPORTS_CENTRE, TEAM, day="2026-11-17", **left)
    done = {"purpose": "re_inspection", "order_id": placed["order_id"], "rectified": True}
    world.inspect(SPORTS_CENTRE, TEAM, day="2026-11-24", **done)
    assert propose(world, finding, 15_000, at=at("2026-11-25"))["status"] == "decided"


def test_a_refused_rectification_is_punished_as_usual(world: World) -> None:
    publish(world)
    finding = found(world)
    placed = order(world, finding)
    world.desk.refuse_rectification(order_id=placed["order_id"], officer_ids=TEAM, at=at("2026-11-12"))
    assert propose(world, finding, 15_000, at=at("2026-11-12"))["status"] == "decided"


def test_the_policy_does_not_cover_an_inspection_that_found_a_major_hazard(world: World) -> None:
    publish(world)
    finding = found(world, corrected=True, major_hazard=True)
    assert propose(world, finding, 15_000)["status"] == "decided"


@pytest.mark.parametrize("day", ["2026-10-30", "2026-12-01"], ids=["before_its_days", "after_its_days"])
def test_outside_its_days_the_policy_does_not_apply(world: World, day: str) -> None:
    publish(world)
    finding = found(world, day=day, corrected=True)
    assert propose(world, finding, 15_000, at=at("2026-12-02"))["status"] == "decided"


def test_its_first_and_last_days_are_inside_the_period(world: World) -> None:
    publish(world)
    for day in ("2026-11-01", "2026-11-30"):
        finding = found(world, day=day, corrected=True)
        error = refused(lambda finding=finding: propose(world, finding, 15_000, at=at("2026-12-01")))
        assert error.code == "SPECIAL_PERIOD_LENIENCY"


def test_another_districts_policy_does_not_apply(world: World) -> None:
    publish(world, districts=["徐汇区"])
    assert propose(world, found(world, corrected=True), 15_000)["status"] == "decided"


def test_a_technical_service_firms_violation_is_not_spared(world: World) -> None:
    publish(world)
    recorded = world.inspect(SPORTS_CENTRE, TEAM, violations=[firm_violation()])
    case = propose(
        world, {"inspection_id": recorded["inspection_id"], "violation_id": recorded["violation_ids"][0]}, 90_000
    )
    assert case["status"] == "awaiting_legal_review"


def test_legal_review_does_not_approve_a_case_a_policy_published_since_spares(world: World) -> None:
    finding = found(world, corrected=True)
    case = propose(world, finding, 15_000, suspension="stop_use", suspension_scope="二层")
    publish(world, at=at("2026-11-11", "18:00"))
    approve = {"penalty_id": case["penalty_id"], "reviewer_id": "LAW1", "opinion": "同意", "at": at("2026-11-12")}
    assert refused(lambda: world.desk.review_penalty(approved=True, **approve)).code == "SPECIAL_PERIOD_LENIENCY"
    assert world.desk.review_penalty(approved=False, **approve)["status"] == "withdrawn"


def test_a_policy_states_its_number_districts_and_days_in_order(world: World) -> None:
    for fields, field in (
        ({"document_no": ""}, "document_no"),
        ({"districts": []}, "districts"),
        ({"starts_on": "2026-11-31"}, "starts_on"),
        ({"ends_on": "2026-10-31"}, "ends_on"),
    ):
        with pytest.raises(InvalidCommand) as raised:
            publish(world, **fields)
        assert raised.value.fields == {field}
    assert world.events("Published") == []


def test_a_policy_is_published_once_and_its_number_only_once(world: World) -> None:
    first = publish(world, request_id="policy-hk")
    assert publish(world, request_id="policy-hk") == first
    assert refused(lambda: publish(world, request_id="policy-other")).code == "POLICY_EXISTS"
    assert world.published_types().count("LeniencyPolicyPublished") == 1
