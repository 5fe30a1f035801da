"""Complaints and tip-offs through 12345 (S7): 24 hours or 3 working days, feedback, breaches as events."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest

from kit.sealed import process_reporter_contact_seal
from services.supervision.commands import InvalidCommand
from services.supervision.domain.common import SupervisionError
from tests.unit.supervision_factories import HOTEL, SPORTS_CENTRE, World, at, make_uscc

TEAM = ["I1", "I2"]


@pytest.fixture
def world() -> World:
    world = World()
    world.register(SPORTS_CENTRE)
    world.register(HOTEL)
    world.team(*TEAM)
    return world


def complain(
    world: World, category: str = "locked_exit", received_at: str = "2026-11-10T09:00:00+08:00", **fields: Any
) -> dict[str, Any]:
    command: dict[str, Any] = {
        "ticket_no": "12345-20261110-0001",
        "category": category,
        "description": "体育馆东侧安全出口被铁链锁住",
        "received_at": received_at,
        "uscc": SPORTS_CENTRE,
        "reporter_name": "王先生",
        "reporter_phone": "13700000000",
        "reporter_email": "wang@example.cn",
    }
    command.update(fields)
    return world.desk.receive_complaint(**command)


def check(world: World, when: str, ticket_no: str = "12345-20261110-0001", uscc: str = SPORTS_CENTRE) -> dict[str, Any]:
    return world.inspect(uscc, TEAM, purpose="complaint", ticket_no=ticket_no, at=when, day=when[:10])


@pytest.mark.parametrize("category", ["locked_exit", "blocked_evacuation_route", "fire_facilities_switched_off"])
def test_a_report_of_a_locked_exit_blocked_route_or_switched_off_facility_is_due_in_24_hours(
    world: World, category: str
) -> None:
    assert complain(world, category)["due"] == "2026-11-11T09:00:00+08:00"


def test_other_reports_are_due_by_the_end_of_the_third_working_day_after_a_holiday(world: World) -> None:
    received = complain(world, "blocked_fire_lane", received_at="2026-09-29T14:00:00+08:00")
    assert received["due"] == "2026-10-09T23:59:59+08:00"  # 30 Sep, then 8 and 9 Oct after the National Day


def test_a_duplicate_delivery_of_a_ticket_registers_one_complaint(world: World) -> None:
    first = complain(world)
    again = complain(world)
    assert (first["duplicate"], again["duplicate"]) == (False, True)
    assert first["due"] == again["due"]
    assert len(world.events("Received")) == 1


def test_a_complaint_creates_an_inspection_that_checks_it(world: World) -> None:
    complain(world)
    result = check(world, "2026-11-10T15:00:00+08:00")
    complaint = world.desk.complaint("12345-20261110-0001")
    assert complaint is not None
    assert (complaint["status"], complaint["inspection_id"], complaint["breached"]) == (
        "checked",
        result["inspection_id"],
        False,
    )
    assert world.desk.inspection(result["inspection_id"])["purpose"] == "complaint"  # type: ignore[index]


def test_a_check_later_than_its_limit_is_a_breach_raised_once(world: World) -> None:
    complain(world)
    check(world, "2026-11-11T10:00:00+08:00")
    overdue = [e for e in world.published() if e.event_type == "ComplaintCheckOverdue"]
    assert len(overdue) == 1
    assert overdue[0].data["due"] == "2026-11-11T09:00:00+08:00"
    assert overdue[0].data["overdue_at"] == "2026-11-11T10:00:00+08:00"
    assert world.desk.close_day("2026-11-11")["complaints_overdue"] == 0


def test_an_unchecked_complaint_is_overdue_at_the_close_of_the_day_it_was_due(world: World) -> None:
    complain(world)
    assert world.desk.close_day("2026-11-10")["complaints_overdue"] == 0
    assert world.desk.close_day("2026-11-11")["complaints_overdue"] == 1
    assert world.desk.close_day("2026-11-12")["complaints_overdue"] == 0
    data = world.message("ComplaintCheckOverdue")
    assert (data["complaint_id"], data["category"], data["uscc"]) == (
        "12345-20261110-0001",
        "locked_exit",
        SPORTS_CENTRE,
    )


def test_the_reporter_gets_feedback_once_the_report_is_checked(world: World) -> None:
    complain(world)
    with pytest.raises(SupervisionError) as raised:
        world.desk.give_complaint_feedback(ticket_no="12345-20261110-0001", feedback="已核查", at=at("2026-11-10"))
    assert raised.value.code == "NOT_CHECKED"
    check(world, "2026-11-10T15:00:00+08:00")
    given = world.desk.give_complaint_feedback(
        ticket_no="12345-20261110-0001", feedback="经核查属实，已责令整改", at="2026-11-10T17:00:00+08:00"
    )
    assert given["status"] == "feedback_given"
    data = world.message("ComplaintFeedbackGiven")
    assert data["feedback"] == "经核查属实，已责令整改"
    contact = process_reporter_contact_seal().open(base64.b64decode(data["reporter_contact"]))
    assert contact["phone"] == "13700000000"


def test_the_reporters_contact_crosses_the_bus_sealed_for_notify_alone(world: World) -> None:
    complain(world)
    check(world, "2026-11-10T15:00:00+08:00")
    world.desk.give_complaint_feedback(
        ticket_no="12345-20261110-0001", feedback="已核查", at="2026-11-10T17:00:00+08:00"
    )
    wire = next(e for e in world.published() if e.event_type == "ComplaintFeedbackGiven").to_wire()
    assert "13700000000" not in json.dumps(wire, ensure_ascii=False)
    data = world.message("ComplaintFeedbackGiven")
    assert not {"reporter_name", "reporter_phone", "reporter_email"} & set(data)
    assert "王先生" not in json.dumps(wire, ensure_ascii=False)


def test_a_complaint_checked_at_another_unit_is_refused(world: World) -> None:
    complain(world)
    with pytest.raises(SupervisionError) as raised:
        check(world, "2026-11-10T15:00:00+08:00", uscc=HOTEL)
    assert raised.value.code == "OTHER_UNIT"


def test_a_report_naming_no_unit_needs_an_address(world: World) -> None:
    with pytest.raises(InvalidCommand) as raised:
        complain(world, uscc="", category="noise")
    assert raised.value.fields == {"address", "category"}
    received = complain(world, uscc="", address="徐汇区某路某号底商", ticket_no="12345-x")
    assert received["duplicate"] is False


# A report naming only an address; the status of a breached complaint


def about_address(world: World, ticket_no: str = "12345-addr", **fields: Any) -> dict[str, Any]:
    return complain(world, uscc="", address="徐汇区某路88号底商", ticket_no=ticket_no, category="other", **fields)


def check_venue(world: World, ticket_no: str = "12345-addr", **fields: Any) -> dict[str, Any]:
    command: dict[str, Any] = {
        "ticket_no": ticket_no,
        "venue_name": "无名小吃店",
        "address": "徐汇区某路88号底商",
        "substantiated": True,
        "findings": "店内使用瓶装液化气，无营业执照",
        "evidence": ["photo-101.jpg"],
        "inspector_ids": TEAM,
        "at": "2026-11-11T10:00:00+08:00",
    }
    command.update(fields)
    return world.desk.check_unregistered_venue(**command)


def test_a_report_about_an_address_is_checked_at_the_unit_registered_on_the_spot(world: World) -> None:
    about_address(world)
    newcomer = make_uscc(4242)
    world.register(newcomer, unit_name="某餐饮店", address="徐汇区某路88号底商")
    check(world, "2026-11-11T10:00:00+08:00", ticket_no="12345-addr", uscc=newcomer)
    checked = world.desk.complaint("12345-addr")
    assert checked is not None
    assert (checked["status"], checked["uscc"]) == ("checked", newcomer)
    world.desk.give_complaint_feedback(ticket_no="12345-addr", feedback="已核查并登记", at=at("2026-11-11", "16:00"))
    assert world.message("ComplaintFeedbackGiven")["uscc"] == newcomer


def test_a_report_about_a_venue_the_register_cannot_hold_is_checked_there(world: World) -> None:
    about_address(world)
    checked = check_venue(world)
    assert (checked["status"], checked["venue_name"], checked["substantiated"]) == ("checked", "无名小吃店", True)
    assert checked["uscc"] == ""
    assert world.desk.close_day("2026-11-20")["complaints_overdue"] == 0
    given = world.desk.give_complaint_feedback(ticket_no="12345-addr", feedback="属实，已处置", at=at("2026-11-12"))
    assert given["status"] == "feedback_given"


def test_an_unregistered_venue_is_checked_once_by_two_certified_inspectors(world: World) -> None:
    about_address(world)
    with pytest.raises(SupervisionError) as raised:
        check_venue(world, inspector_ids=["I1"])
    assert raised.value.code == "TWO_PERSON_ENFORCEMENT"
    check_venue(world)
    with pytest.raises(SupervisionError) as raised:
        check_venue(world)
    assert raised.value.code == "ALREADY_CHECKED"


def test_a_report_naming_a_unit_is_checked_by_inspecting_it_not_as_an_unregistered_venue(world: World) -> None:
    complain(world)
    with pytest.raises(SupervisionError) as raised:
        check_venue(world, ticket_no="12345-20261110-0001")
    assert raised.value.code == "UNIT_NAMED"


def test_a_bad_venue_check_names_every_bad_field_and_stores_nothing(world: World) -> None:
    about_address(world)
    with pytest.raises(InvalidCommand) as raised:
        check_venue(world, venue_name="", substantiated=None, evidence=[], at="yesterday")
    assert raised.value.fields == {"venue_name", "substantiated", "evidence", "at"}
    assert world.desk.complaint("12345-addr")["status"] == "received"  # type: ignore[index]


def test_a_venue_check_before_the_report_is_refused(world: World) -> None:
    about_address(world)
    with pytest.raises(SupervisionError) as raised:
        check_venue(world, at="2026-11-09T10:00:00+08:00")
    assert raised.value.code == "CHECK_BEFORE_REPORT"


def test_a_complaint_unchecked_past_its_limit_says_it_is_overdue(world: World) -> None:
    complain(world)
    world.desk.close_day("2026-11-11")
    overdue = world.desk.complaint("12345-20261110-0001")
    assert overdue is not None
    assert (overdue["status"], overdue["breached"]) == ("overdue", True)
    check(world, "2026-11-12T10:00:00+08:00")
    assert world.desk.complaint("12345-20261110-0001")["status"] == "checked_late"  # type: ignore[index]


def test_a_check_later_than_its_limit_says_it_was_late(world: World) -> None:
    complain(world)
    check(world, "2026-11-11T10:00:00+08:00")
    assert world.desk.complaint("12345-20261110-0001")["status"] == "checked_late"  # type: ignore[index]
    on_time = complain(world, ticket_no="12345-ok", received_at="2026-11-11T09:00:00+08:00")
    assert on_time["duplicate"] is False
    check(world, "2026-11-11T15:00:00+08:00", ticket_no="12345-ok")
    assert world.desk.complaint("12345-ok")["status"] == "checked"  # type: ignore[index]
