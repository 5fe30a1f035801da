"""Loading the official 2027 arrangement revises exactly the supervision deadlines it moves."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest

from firesafety.permits.v1 import events_pb2 as permit_events
from kit.arrangements import read_arrangement
from tests.unit.arrangements_2027 import arrangement_file
from tests.unit.supervision_factories import SPORTS_CENTRE, World, _wrap, at, permit_granted, verification_requested

TEAM = ["I1", "I2"]
LOADED_AT = "2026-11-13T09:00:00+08:00"


@pytest.fixture
def world() -> World:
    world = World()
    world.register(SPORTS_CENTRE, responsible_person="李四", responsible_phone="13900000000")
    world.team(*TEAM)
    return world


def order(world: World, day: str, grade: str = "major", **fields: Any) -> dict[str, Any]:
    found = world.inspect(SPORTS_CENTRE, TEAM, day=day, hazards=[{"grade": grade, "description": "防火门损坏"}])
    return world.desk.order_rectification(
        request_id=world.request_id("order"),
        inspection_id=found["inspection_id"],
        hazard_ids=found["hazard_ids"],
        advice="更换防火门闭门器",
        officer_ids=TEAM,
        at=at(day, "17:00"),
        **fields,
    )


def load(world: World, tmp_path: Path) -> dict[str, Any]:
    record = read_arrangement(arrangement_file(tmp_path)).to_record()
    return world.desk.load_arrangement(record, LOADED_AT)


def test_the_arrangement_revises_exactly_the_deadlines_it_moves(world: World, tmp_path: Path) -> None:
    counted = order(world, "2026-12-01")  # 60 working days: 2027-03-02 on the law's calendar
    staff_set = order(world, "2026-12-02", grade="general", deadline="2027-02-11")  # a working day by the law
    in_2026 = order(world, "2026-11-10", grade="general")
    complaint = world.desk.receive_complaint(
        ticket_no="T-2027", category="other", description="消防通道堆物", received_at=at("2027-02-03", "10:00"),
        uscc=SPORTS_CENTRE,
    )  # fmt: skip
    assert (counted["deadline"], staff_set["deadline"]) == ("2027-03-02", "2027-02-11")
    assert complaint["due"] == "2027-02-12T23:59:59+08:00" and complaint["due_provisional"]

    loaded = load(world, tmp_path)
    assert loaded["recorded"]
    reinspections = {d["reference"]: d for d in world.desk.agency_deadlines(kind="reinspection")}
    assert sorted(loaded["revised"]) == sorted(
        [
            counted["order_id"],
            staff_set["order_id"],
            _complaint_id("T-2027"),
            reinspections[counted["order_id"]]["deadline_id"],  # counted from the revised deadlines
            reinspections[staff_set["order_id"]]["deadline_id"],
        ]
    )
    # The re-inspection is owed within 3 working days of the revised deadline (3 March 2027).
    assert reinspections[counted["order_id"]]["due_on"] == "2027-03-08"
    assert reinspections[in_2026["order_id"]]["due_on"] > in_2026["deadline"]

    after = world.desk.order(counted["order_id"])
    # 60 working days from 1 December on the arrangement: 11–12 February off, Saturday 20 February worked.
    assert (after["deadline"], after["deadline_provisional"]) == ("2027-03-03", False)
    moved = world.desk.order(staff_set["order_id"])
    assert moved["deadline"] == "2027-02-15"  # 11 February is a holiday now: the next working day
    assert world.desk.order(in_2026["order_id"])["deadline"] == in_2026["deadline"]
    checked = world.desk.complaint("T-2027")
    assert (checked["due"], checked["due_provisional"]) == ("2027-02-16T23:59:59+08:00", False)

    published = [e for e in world.published() if e.event_type == "DeadlineRevised"]
    assert sorted((e.data["previous_deadline"], e.data["deadline"]) for e in published) == [
        ("2027-02-11", "2027-02-15"),
        ("2027-03-02", "2027-03-03"),
    ]
    assert {e.data["arrangement"] for e in published} == {"国办发明电〔2026〕12号"}

    assert load(world, tmp_path) == {"service": "supervision", "recorded": False, "revised": []}
    assert len([e for e in world.published() if e.event_type == "DeadlineRevised"]) == 2

    # A replay of the log into the read models gives the same dates.
    before = [world.desk.order(o["order_id"]) for o in (counted, staff_set, in_2026)]
    deadlines = world.desk.agency_deadlines()
    world.runtime.projector.rebuild()
    assert [world.desk.order(o["order_id"]) for o in (counted, staff_set, in_2026)] == before
    assert world.desk.agency_deadlines() == deadlines


def test_a_verification_follows_the_date_permits_revised(world: World) -> None:
    world.receive(permit_granted(position=2))
    world.receive(verification_requested(position=3, due_date="2027-02-26"))
    revised = permit_events.DueDateRevised(
        application_id="app-commitment-1",
        uscc=SPORTS_CENTRE,
        what="commitment_verification",
        previous_due_date="2027-02-26",
        due_date="2027-03-01",
        due_date_provisional=False,
        arrangement="国办发明电〔2026〕12号",
    )
    assert world.receive(_wrap("permits", 4, uuid.uuid4(), revised, SPORTS_CENTRE))
    verification = world.desk.commitment_verification("app-commitment-1")
    assert verification is not None
    assert (verification["due_date"], verification["due_provisional"]) == ("2027-03-01", False)


def _complaint_id(ticket_no: str) -> str:
    from services.supervision.domain.complaints import Complaint

    return str(Complaint.create_id(ticket_no))
