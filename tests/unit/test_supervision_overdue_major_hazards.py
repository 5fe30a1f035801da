"""After the deadline (S5): letters, warnings and interviews of those responsible for an overdue major
hazard (函告、警示、约谈, 002 二(六)); the re-inspection the agency still owes; extensions within limits."""

from __future__ import annotations

from typing import Any

import pytest

from services.supervision.commands import InvalidCommand
from services.supervision.domain.common import SupervisionError
from services.supervision.settings import SupervisionRules, load_rules
from tests.unit.supervision_factories import SPORTS_CENTRE, World, at

TEAM = ["I1", "I2"]


def world_with(rules: SupervisionRules | None = None) -> World:
    world = World(rules=rules)
    world.register(SPORTS_CENTRE, responsible_person="李四", responsible_phone="13900000000")
    world.team(*TEAM)
    return world


@pytest.fixture
def world() -> World:
    return world_with()


def order_for(world: World, grade: str, deadline: str = "2026-10-30", day: str = "2026-09-22") -> dict[str, Any]:
    found = world.inspect(SPORTS_CENTRE, TEAM, day=day, hazards=[{"grade": grade, "description": "疏散通道堵塞"}])
    return world.desk.order_rectification(
        request_id=world.request_id("order"),
        inspection_id=found["inspection_id"],
        hazard_ids=found["hazard_ids"],
        advice="清理疏散通道",
        officer_ids=TEAM,
        at=at(day, "17:00"),
        deadline=deadline,
    )


def measure(world: World, order_id: str, **fields: Any) -> dict[str, Any]:
    command: dict[str, Any] = {
        "request_id": world.request_id("measure"),
        "order_id": order_id,
        "kind": "letter",
        "addressee_kind": "unit",
        "addressee": "上海某体育发展有限公司",
        "content": "你单位重大火灾隐患逾期未整改，特此函告，请立即整改。",
        "officer_ids": TEAM,
        "at": at("2026-11-02"),
    }
    command.update(fields)
    return world.desk.take_accountability_measure(**command)


# 函告、警示、约谈


def test_an_overdue_major_hazard_is_followed_by_a_letter_a_warning_and_an_interview(world: World) -> None:
    placed = order_for(world, "major")
    world.desk.close_day("2026-10-30")
    measure(world, placed["order_id"], at=at("2026-11-02", "09:00"))
    measure(
        world,
        placed["order_id"],
        kind="warning",
        addressee_kind="person",
        addressee="李四",
        content="警示",
        at=at("2026-11-02", "11:00"),
    )
    interview = measure(
        world,
        placed["order_id"],
        at=at("2026-11-02", "15:00"),
        kind="interview",
        addressee_kind="person",
        addressee="李四",
        content="约谈消防安全责任人，听取整改情况说明",
        interview_at="2026-11-05T09:30:00+08:00",
        place="徐汇区消防救援支队三楼会议室",
    )
    assert (interview["kind"], interview["place"]) == ("interview", "徐汇区消防救援支队三楼会议室")
    on_record = world.desk.order(placed["order_id"])
    assert on_record is not None
    assert [m["kind"] for m in on_record["measures"]] == ["letter", "warning", "interview"]
    published = [e.data for e in world.published() if e.event_type == "AccountabilityMeasureTaken"]
    assert [m["kind"] for m in published] == ["letter", "warning", "interview"]
    assert published[0]["order_id"] == placed["order_id"]
    assert published[2]["responsible_person"] == "李四"
    assert published[2]["interview_at"] == "2026-11-05T09:30:00+08:00"


def test_a_refused_major_hazard_is_followed_by_measures_too(world: World) -> None:
    placed = order_for(world, "major")
    world.desk.refuse_rectification(order_id=placed["order_id"], officer_ids=TEAM, at=at("2026-10-12"))
    assert measure(world, placed["order_id"], at=at("2026-10-12"))["kind"] == "letter"


def test_no_measure_before_the_deadline_has_passed(world: World) -> None:
    placed = order_for(world, "major")
    with pytest.raises(SupervisionError) as raised:
        measure(world, placed["order_id"], at=at("2026-10-20"))
    assert raised.value.code == "NOT_OVERDUE"
    assert world.events("Taken") == []


def test_a_general_hazard_overdue_is_not_followed_by_these_measures(world: World) -> None:
    placed = order_for(world, "general")
    world.desk.close_day("2026-10-30")
    with pytest.raises(SupervisionError) as raised:
        measure(world, placed["order_id"])
    assert raised.value.code == "NOT_A_MAJOR_HAZARD"


def test_no_measure_once_a_re_inspection_found_the_hazard_rectified(world: World) -> None:
    placed = order_for(world, "major")
    world.desk.close_day("2026-10-30")
    world.inspect(
        SPORTS_CENTRE, TEAM, day="2026-11-02", purpose="re_inspection", order_id=placed["order_id"], rectified=True
    )
    with pytest.raises(SupervisionError) as raised:
        measure(world, placed["order_id"], at=at("2026-11-03"))
    assert raised.value.code == "NOT_OVERDUE"


def test_a_measure_dated_before_the_order_became_overdue_is_refused(world: World) -> None:
    placed = order_for(world, "major")
    world.desk.close_day("2026-10-30")
    with pytest.raises(SupervisionError) as raised:
        measure(world, placed["order_id"], at=at("2026-10-29"))
    assert raised.value.code == "BEFORE_OVERDUE"


def test_a_measure_is_taken_by_two_certified_officers(world: World) -> None:
    placed = order_for(world, "major")
    world.desk.close_day("2026-10-30")
    with pytest.raises(SupervisionError) as raised:
        measure(world, placed["order_id"], officer_ids=["I1"])
    assert raised.value.code == "TWO_PERSON_ENFORCEMENT"


def test_the_same_measure_request_twice_records_one_measure(world: World) -> None:
    placed = order_for(world, "major")
    world.desk.close_day("2026-10-30")
    first = measure(world, placed["order_id"], request_id="measure-x")
    again = measure(world, placed["order_id"], request_id="measure-x")
    assert first == again
    assert len(world.desk.order(placed["order_id"])["measures"]) == 1  # type: ignore[index]


def test_an_interview_names_when_and_where_and_a_bad_measure_names_every_bad_field(world: World) -> None:
    placed = order_for(world, "major")
    world.desk.close_day("2026-10-30")
    with pytest.raises(InvalidCommand) as raised:
        measure(world, placed["order_id"], kind="interview", addressee_kind="relative", addressee="", content="")
    assert raised.value.fields == {"interview_at", "place", "addressee_kind", "addressee", "content"}
    with pytest.raises(InvalidCommand) as raised:
        measure(world, placed["order_id"], kind="fine", place="会议室")
    assert raised.value.fields == {"kind"}
    with pytest.raises(InvalidCommand) as raised:
        measure(world, placed["order_id"], place="会议室")
    assert raised.value.fields == {"place"}
    with pytest.raises(InvalidCommand) as raised:
        measure(
            world,
            placed["order_id"],
            kind="interview",
            interview_at="2026-11-01T09:00:00+08:00",
            place="会议室",
        )
    assert raised.value.fields == {"interview_at"}
    assert world.events("Taken") == []


# The re-inspection the agency owes (复查)


def test_an_order_overdue_at_its_deadline_stays_due_its_re_inspection(world: World) -> None:
    placed = order_for(world, "major")
    world.desk.close_day("2026-10-30")
    due = world.desk.reinspections_due("2026-11-02")
    assert [(o["order_id"], o["status"]) for o in due] == [(placed["order_id"], "overdue")]
    assert due[0]["reinspection_owed_by"] == "2026-11-04"  # 3 working days after Friday 30 October
    assert due[0]["reinspection_breached"] is False


def test_a_re_inspection_not_recorded_by_its_last_day_is_breached_and_still_due(world: World) -> None:
    placed = order_for(world, "major")
    world.desk.close_day("2026-10-30")
    world.desk.close_day("2026-11-04")
    due = world.desk.reinspections_due("2026-11-05")
    assert [o["order_id"] for o in due] == [placed["order_id"]]
    assert due[0]["reinspection_breached"] is True
    missed = world.desk.agency_deadlines("missed", "reinspection")
    assert [d["reference"] for d in missed] == [placed["order_id"]]


def test_a_late_re_inspection_ends_what_is_owed_but_the_breach_stays_on_record(world: World) -> None:
    placed = order_for(world, "major")
    world.desk.close_day("2026-10-30")
    world.desk.close_day("2026-11-04")
    world.inspect(
        SPORTS_CENTRE, TEAM, day="2026-11-06", purpose="re_inspection", order_id=placed["order_id"], rectified=False
    )
    assert world.desk.reinspections_due("2026-11-09") == []
    on_record = world.desk.order(placed["order_id"])
    assert on_record is not None
    assert (on_record["reinspection_owed"], on_record["reinspection_breached"]) == (False, True)


def test_a_refused_order_owes_no_re_inspection(world: World) -> None:
    placed = order_for(world, "major")
    world.desk.refuse_rectification(order_id=placed["order_id"], officer_ids=TEAM, at=at("2026-10-12"))
    assert world.desk.reinspections_due("2026-11-30") == []


# Extensions (延期整改) within the district's limits


def extend(world: World, order_id: str, deadline: str, day: str = "2026-10-15") -> dict[str, Any]:
    return world.desk.extend_rectification(
        order_id=order_id, deadline=deadline, reason="配件缺货", officer_ids=TEAM, at=at(day)
    )


def test_an_order_is_extended_once_by_default(world: World) -> None:
    placed = order_for(world, "general", deadline="2026-10-20")
    extend(world, placed["order_id"], "2026-10-27")
    with pytest.raises(SupervisionError) as raised:
        extend(world, placed["order_id"], "2026-10-30", day="2026-10-26")
    assert raised.value.code == "EXTENSION_LIMIT"
    assert world.desk.order(placed["order_id"])["deadline"] == "2026-10-27"  # type: ignore[index]


def test_an_extension_adds_at_most_the_districts_working_days_to_the_first_deadline() -> None:
    world = world_with(load_rules({"SUPERVISION_MAX_EXTENSIONS": "2", "SUPERVISION_MAX_EXTENSION_WORKING_DAYS": "10"}))
    placed = order_for(world, "general", deadline="2026-10-20")
    extend(world, placed["order_id"], "2026-10-27")  # 5 working days
    with pytest.raises(SupervisionError) as raised:
        extend(world, placed["order_id"], "2026-11-04", day="2026-10-26")  # 11 working days after 20 October
    assert raised.value.code == "EXTENSION_TOO_LONG"
    extended = extend(world, placed["order_id"], "2026-11-03", day="2026-10-26")  # exactly 10
    assert (extended["deadline"], extended["extensions"]) == ("2026-11-03", 2)


def test_the_extension_limits_are_settings() -> None:
    rules = load_rules({"SUPERVISION_MAX_EXTENSIONS": "3", "SUPERVISION_MAX_EXTENSION_WORKING_DAYS": "45"})
    assert (rules.max_extensions, rules.max_extension_working_days) == (3, 45)
    assert (SupervisionRules().max_extensions, SupervisionRules().max_extension_working_days) == (1, 30)
