"""Rectification (S5): orders with deadlines and advice, extension, re-inspection, overdue, suspension."""

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
    world.register(
        SPORTS_CENTRE, responsible_person="李四", responsible_phone="13900000000", responsible_email="lisi@example.cn"
    )
    world.team(*TEAM)
    return world


def inspect_with(world: World, grade: str, day: str = "2026-09-22") -> dict[str, Any]:
    return world.inspect(SPORTS_CENTRE, TEAM, day=day, hazards=[{"grade": grade, "description": "防火门损坏"}])


def order(world: World, found: dict[str, Any], day: str = "2026-09-22", **fields: Any) -> dict[str, Any]:
    command: dict[str, Any] = {
        "request_id": world.request_id("order"),
        "inspection_id": found["inspection_id"],
        "hazard_ids": found["hazard_ids"],
        "advice": "更换防火门闭门器，恢复常闭状态",
        "officer_ids": TEAM,
        "at": at(day, "17:00"),
    }
    command.update(fields)
    return world.desk.order_rectification(**command)


def test_an_order_has_advice_and_a_deadline_in_working_days_across_the_national_day(world: World) -> None:
    placed = order(world, inspect_with(world, "general"))
    assert placed["deadline"] == "2026-10-20"  # 15 working days: 25 Sep and 1–7 Oct off, Sat 10 Oct worked
    assert placed["advice"].startswith("更换防火门")
    message = world.message("RectificationOrdered")
    assert message["deadline"] == "2026-10-20"
    assert message["responsible_phone"] == "13900000000"
    assert message["officer_ids"] == TEAM
    assert message.get("major", False) is False


def test_a_deadline_falling_on_a_holiday_moves_to_the_next_working_day(world: World) -> None:
    placed = order(world, inspect_with(world, "general"), deadline="2026-10-03")
    assert placed["deadline"] == "2026-10-08"


def test_an_order_names_only_what_its_inspection_found(world: World) -> None:
    found = inspect_with(world, "general")
    with pytest.raises(SupervisionError) as raised:
        order(world, found, hazard_ids=["not-a-hazard"])
    assert raised.value.code == "UNKNOWN_FINDING"


def test_an_order_without_findings_or_advice_is_refused_field_by_field(world: World) -> None:
    found = inspect_with(world, "general")
    with pytest.raises(InvalidCommand) as raised:
        order(world, found, hazard_ids=[], advice="", deadline="2026-09-01")
    assert raised.value.fields == {"hazard_ids", "advice", "deadline"}


def test_the_unit_may_ask_for_an_extension_before_the_deadline(world: World) -> None:
    placed = order(world, inspect_with(world, "general"))
    extended = world.desk.extend_rectification(
        order_id=placed["order_id"], deadline="2026-10-30", reason="配件缺货", officer_ids=TEAM, at=at("2026-10-15")
    )
    assert (extended["deadline"], extended["extensions"]) == ("2026-10-30", 1)
    message = world.message("RectificationExtended")
    assert (message["previous_deadline"], message["deadline"]) == ("2026-10-20", "2026-10-30")


def test_no_extension_after_the_deadline_or_to_an_earlier_day(world: World) -> None:
    placed = order(world, inspect_with(world, "general"))
    for deadline, day, code in (
        ("2026-11-30", "2026-10-21", "DEADLINE_PASSED"),
        ("2026-10-12", "2026-10-09", "EXTENSION_NOT_LATER"),
    ):
        with pytest.raises(SupervisionError) as raised:
            world.desk.extend_rectification(
                order_id=placed["order_id"], deadline=deadline, reason="x", officer_ids=TEAM, at=at(day)
            )
        assert raised.value.code == code


def test_a_reported_rectification_is_due_its_re_inspection_within_three_working_days(world: World) -> None:
    placed = order(world, inspect_with(world, "general"))
    reported = world.desk.report_rectified(order_id=placed["order_id"], at=at("2026-09-30"))
    assert reported["reinspection_due"] == "2026-10-10"  # 8, 9 and the worked Saturday 10 October
    assert [o["order_id"] for o in world.desk.reinspections_due("2026-10-10")] == [placed["order_id"]]


def test_a_re_inspection_finds_it_rectified(world: World) -> None:
    placed = order(world, inspect_with(world, "general"))
    world.desk.report_rectified(order_id=placed["order_id"], at=at("2026-10-12"))
    world.inspect(
        SPORTS_CENTRE, TEAM, day="2026-10-14", purpose="re_inspection", order_id=placed["order_id"], rectified=True
    )
    assert world.desk.order(placed["order_id"])["status"] == "verified"  # type: ignore[index]
    assert "RectificationVerified" in world.published_types()
    assert world.desk.close_day("2026-10-30")["orders_overdue"] == 0


def test_a_re_inspection_before_the_deadline_that_finds_work_left_keeps_the_order_open(world: World) -> None:
    placed = order(world, inspect_with(world, "general"))
    world.desk.report_rectified(order_id=placed["order_id"], at=at("2026-10-12"))
    world.inspect(
        SPORTS_CENTRE, TEAM, day="2026-10-13", purpose="re_inspection", order_id=placed["order_id"], rectified=False
    )
    assert world.desk.order(placed["order_id"])["status"] == "open"  # type: ignore[index]
    assert world.desk.close_day("2026-10-20")["orders_overdue"] == 1


def test_a_re_inspection_after_the_deadline_that_finds_it_not_rectified_makes_it_overdue(world: World) -> None:
    placed = order(world, inspect_with(world, "general"))
    world.desk.report_rectified(order_id=placed["order_id"], at=at("2026-10-16"))
    world.inspect(
        SPORTS_CENTRE, TEAM, day="2026-10-21", purpose="re_inspection", order_id=placed["order_id"], rectified=False
    )
    overdue = world.message("RectificationOverdue")
    assert overdue["overdue_on"] == "2026-10-21" and overdue["inspection_id"]


def test_closing_the_day_of_the_deadline_raises_overdue_once(world: World) -> None:
    placed = order(world, inspect_with(world, "general"))
    assert world.desk.close_day("2026-10-19")["orders_overdue"] == 0
    assert world.desk.close_day("2026-10-20")["orders_overdue"] == 1
    assert world.desk.close_day("2026-10-20")["orders_overdue"] == 0
    assert world.desk.close_day("2026-10-21")["orders_overdue"] == 0
    assert world.published_types().count("RectificationOverdue") == 1
    assert world.desk.order(placed["order_id"])["status"] == "overdue"  # type: ignore[index]


def test_a_reported_order_is_not_overdue_at_the_deadline_but_awaits_its_re_inspection(world: World) -> None:
    placed = order(world, inspect_with(world, "general"))
    world.desk.report_rectified(order_id=placed["order_id"], at=at("2026-10-20"))
    assert world.desk.close_day("2026-10-20")["orders_overdue"] == 0


def test_a_major_hazard_is_listed_for_supervision_with_its_own_deadline(world: World) -> None:
    placed = order(world, inspect_with(world, "major", day="2026-06-01"), day="2026-06-01")
    assert placed["major"] is True
    assert placed["deadline"] == "2026-08-25"  # 60 working days (Dragon Boat Festival 19 June off)
    message = world.message("RectificationOrdered")
    assert message["listed_for_supervision"] is True


def test_an_overdue_major_hazard_suspends_the_business_until_verified(world: World) -> None:
    placed = order(world, inspect_with(world, "major"), deadline="2026-10-30")
    world.desk.close_day("2026-10-30")
    assert world.published_types()[-2:] == ["RectificationOverdue", "BusinessSuspended"]
    assert world.desk.registered_unit(SPORTS_CENTRE)["suspended"] is True  # type: ignore[index]
    world.inspect(
        SPORTS_CENTRE, TEAM, day="2026-11-10", purpose="re_inspection", order_id=placed["order_id"], rectified=True
    )
    assert world.published_types()[-2:] == ["RectificationVerified", "BusinessResumed"]
    assert world.desk.registered_unit(SPORTS_CENTRE)["suspended"] is False  # type: ignore[index]


def test_a_unit_that_refuses_to_rectify_is_overdue_at_once(world: World) -> None:
    placed = order(world, inspect_with(world, "general"))
    world.desk.refuse_rectification(order_id=placed["order_id"], officer_ids=TEAM, at=at("2026-09-25"))
    overdue = world.message("RectificationOverdue")
    assert overdue["refused"] is True
    with pytest.raises(SupervisionError):
        world.desk.report_rectified(order_id=placed["order_id"], at=at("2026-09-26"))


def test_the_same_order_request_twice_places_one_order(world: World) -> None:
    found = inspect_with(world, "general")
    first = order(world, found, request_id="order-x")
    assert order(world, found, request_id="order-x") == first
    assert world.published_types().count("RectificationOrdered") == 1


def test_a_major_hazard_deadline_running_into_2027_follows_the_holiday_law_and_says_so(world: World) -> None:
    placed = order(world, inspect_with(world, "major", day="2026-12-01"), day="2026-12-01")
    # 60 working days: the provisional 2027 has New Year's Day and Spring Festival (5–10 February) off.
    assert placed["deadline"] == "2027-03-02"
    assert placed["deadline_provisional"] is True


def test_a_general_hazard_deadline_inside_2026_is_not_provisional(world: World) -> None:
    placed = order(world, inspect_with(world, "general"))
    assert placed["deadline_provisional"] is False
