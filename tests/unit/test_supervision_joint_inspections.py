"""Joint inspections (联合检查、联勤联动, S1; 003 (四), 000 Jiading, 001 联合督办): planned with other departments,
each department's findings attributed to it, and findings transferred (移送) to the competent department."""

from __future__ import annotations

from typing import Any

import pytest

from services.supervision.commands import InvalidCommand
from services.supervision.domain.common import SupervisionError
from tests.unit.supervision_factories import DISTRICT, HOTEL, SPORTS_CENTRE, World, at, make_uscc

TEAM = ["I1", "I2"]
MARKET = {"department": "market_regulation", "name": "徐汇区市场监督管理局", "officers": ["张三", "王五"]}
POLICE = {"department": "public_security", "name": "徐汇公安分局田林派出所", "officers": ["赵六"]}


@pytest.fixture
def world() -> World:
    world = World()
    world.register(SPORTS_CENTRE)
    world.register(HOTEL)
    world.team(*TEAM)
    return world


def plan(world: World, **fields: Any) -> dict[str, Any]:
    command: dict[str, Any] = {
        "request_id": world.request_id("joint"),
        "district": DISTRICT,
        "title": "复产复工消防安全专项联合检查",
        "participants": [MARKET, POLICE],
        "usccs": [SPORTS_CENTRE, HOTEL],
        "planned_for": "2026-11-10",
        "planned_by": "I1",
        "at": at("2026-11-05"),
    }
    command.update(fields)
    return world.desk.plan_joint_inspection(**command)


def inspect_jointly(world: World, joint: dict[str, Any], uscc: str = SPORTS_CENTRE, **fields: Any) -> dict[str, Any]:
    command: dict[str, Any] = {
        "purpose": "joint",
        "joint_inspection_id": joint["joint_inspection_id"],
        "departments_present": ["market_regulation", "public_security"],
        "hazards": [{"grade": "general", "description": "疏散指示标志损坏", "location": "一层大厅"}],
        "department_findings": [
            {"department": "market_regulation", "description": "超出营业执照核准范围经营餐饮", "location": "二层"},
            {"department": "public_security", "description": "旅客住宿登记不全"},
        ],
    }
    command.update(fields)
    return world.inspect(uscc, TEAM, **command)


def transfer(world: World, inspection: dict[str, Any], finding_ids: list[str], **fields: Any) -> dict[str, Any]:
    command: dict[str, Any] = {
        "request_id": world.request_id("transfer"),
        "inspection_id": inspection["inspection_id"],
        "department": "housing_and_construction",
        "department_name": "徐汇区住房和城乡建设管理委员会",
        "finding_ids": finding_ids,
        "reason": "属住宅物业管理范围，依职责移送",
        "legal_basis": "《上海市消防条例》",
        "officer_ids": TEAM,
        "at": at("2026-11-11"),
    }
    command.update(fields)
    return world.desk.transfer_case(**command)


def refused(call: Any) -> str:
    with pytest.raises(SupervisionError) as raised:
        call()
    return raised.value.code


def test_a_joint_inspection_is_planned_with_the_departments_and_units_and_published(world: World) -> None:
    joint = plan(world)
    assert [p["department"] for p in joint["participants"]] == ["market_regulation", "public_security"]
    assert [u["uscc"] for u in joint["units"]] == [SPORTS_CENTRE, HOTEL]
    assert all(u["inspection_id"] == "" for u in joint["units"])
    published = world.message("JointInspectionPlanned")
    assert [p["name"] for p in published["participants"]] == ["徐汇区市场监督管理局", "徐汇公安分局田林派出所"]
    assert published["units"][0]["uscc"] == SPORTS_CENTRE and published["planned_for"] == "2026-11-10"


def test_each_departments_findings_are_attributed_to_it_and_the_fire_agencys_stay_its_own(world: World) -> None:
    joint = plan(world)
    recorded = inspect_jointly(world, joint)
    assert len(recorded["hazard_ids"]) == 1  # the fire inspectors' hazard, referred and ordered as usual
    seen = world.desk.joint_inspection(joint["joint_inspection_id"])
    assert seen is not None
    visit = next(u for u in seen["units"] if u["uscc"] == SPORTS_CENTRE)
    assert (visit["inspection_id"], visit["departments"], visit["department_findings"]) == (
        recorded["inspection_id"],
        ["market_regulation", "public_security"],
        2,
    )
    by_department = seen["findings_by_department"]
    assert [f["description"] for f in by_department["market_regulation"]] == ["超出营业执照核准范围经营餐饮"]
    assert [f["description"] for f in by_department["public_security"]] == ["旅客住宿登记不全"]
    inspection = world.desk.inspection(recorded["inspection_id"])
    assert inspection is not None and len(inspection["department_finding_list"]) == 2
    assert world.message("InspectionRecorded")["hazards"] == 1  # other departments' findings are not fire hazards


def test_a_joint_visit_is_of_a_planned_unit_once_on_or_after_its_day_with_a_department_present(world: World) -> None:
    joint = plan(world)
    world.register(make_uscc(77))
    assert refused(lambda: inspect_jointly(world, joint, uscc=make_uscc(77))) == "NOT_PLANNED"
    assert refused(lambda: inspect_jointly(world, joint, day="2026-11-09")) == "BEFORE_PLAN"
    assert refused(lambda: inspect_jointly(world, joint, departments_present=["culture_and_tourism"])) == (
        "NOT_A_PARTICIPANT"
    )
    only_police = {"departments_present": ["public_security"]}
    assert refused(lambda: inspect_jointly(world, joint, **only_police)) == "DEPARTMENT_NOT_PRESENT"
    assert world.events("Recorded") == []
    inspect_jointly(world, joint)
    assert refused(lambda: inspect_jointly(world, joint)) == "ALREADY_INSPECTED"


def test_a_joint_inspection_is_planned_with_another_department_each_once_for_units_of_its_district(
    world: World,
) -> None:
    assert refused(lambda: plan(world, participants=[MARKET, MARKET])) == "DUPLICATE_DEPARTMENT"
    assert refused(lambda: plan(world, usccs=[SPORTS_CENTRE, SPORTS_CENTRE])) == "UNITS_MISSING"
    world.register(make_uscc(78), district="嘉定区")
    assert refused(lambda: plan(world, usccs=[make_uscc(78)])) == "OTHER_DISTRICT"
    assert refused(lambda: plan(world, planned_for="2026-11-04")) == "PLANNED_AFTER_THE_DAY"
    for fields, field in (
        ({"participants": []}, "participants"),
        ({"participants": [{**MARKET, "department": "fire_rescue"}]}, "participants[0].department"),
        ({"participants": [{**MARKET, "officers": []}]}, "participants[0].officers"),
        ({"usccs": []}, "usccs"),
    ):
        with pytest.raises(InvalidCommand) as raised:
            plan(world, **fields)
        assert raised.value.fields == {field}
    assert world.events("Planned") == []


def test_department_findings_belong_only_to_a_joint_inspection(world: World) -> None:
    with pytest.raises(InvalidCommand) as raised:
        world.inspect(
            SPORTS_CENTRE, TEAM, department_findings=[{"department": "market_regulation", "description": "x"}]
        )
    assert raised.value.fields == {"department_findings"}
    joint = plan(world)
    with pytest.raises(InvalidCommand) as raised:
        inspect_jointly(world, joint, department_findings=[{"department": "fire_rescue", "description": "x"}])
    assert raised.value.fields == {"department_findings[0].department"}


def test_a_finding_is_transferred_to_the_competent_department_and_the_transfer_is_published(world: World) -> None:
    joint = plan(world)
    recorded = inspect_jointly(world, joint)
    market_finding = world.desk.inspection(recorded["inspection_id"])["department_finding_list"][0]  # type: ignore[index]
    hazard = recorded["hazard_ids"][0]
    sent = transfer(world, recorded, [hazard])
    assert (sent["department"], sent["transferred_on"], sent["officer_ids"]) == (
        "housing_and_construction",
        "2026-11-11",
        TEAM,
    )
    assert [(f["kind"], f["type"], f["description"]) for f in sent["findings"]] == [
        ("hazard", "general", "疏散指示标志损坏")
    ]
    to_police = transfer(world, recorded, [market_finding["finding_id"]], department="public_security")
    assert to_police["findings"][0]["department"] == "market_regulation"
    published = world.message("CaseTransferred")
    assert (published["department"], published["department_name"]) == (
        "housing_and_construction",
        "徐汇区住房和城乡建设管理委员会",
    )
    assert published["findings"][0]["kind"] == "hazard"
    assert [t["transfer_id"] for t in world.desk.transfers(SPORTS_CENTRE)] == [
        sent["transfer_id"],
        to_police["transfer_id"],
    ]
    acts = [r["act"] for r in world.desk.enforcement_record(SPORTS_CENTRE)]
    assert "CaseTransfer.Transferred" in acts and "Inspection.TransferNoted" not in acts


def test_a_finding_is_transferred_once_and_a_departments_own_finding_not_to_itself(world: World) -> None:
    joint = plan(world)
    recorded = inspect_jointly(world, joint)
    market_finding = world.desk.inspection(recorded["inspection_id"])["department_finding_list"][0]  # type: ignore[index]
    transfer(world, recorded, recorded["hazard_ids"])
    assert refused(lambda: transfer(world, recorded, recorded["hazard_ids"])) == "ALREADY_TRANSFERRED"
    own = {"department": "market_regulation"}
    assert refused(lambda: transfer(world, recorded, [market_finding["finding_id"]], **own)) == "OWN_FINDING"
    assert refused(lambda: transfer(world, recorded, ["no-such-finding"])) == "UNKNOWN_FINDING"
    assert refused(lambda: transfer(world, recorded, [market_finding["finding_id"]], at=at("2026-11-09"))) == (
        "BEFORE_INSPECTION"
    )
    assert refused(lambda: transfer(world, recorded, [market_finding["finding_id"]], officer_ids=["I1"])) == (
        "TWO_PERSON_ENFORCEMENT"
    )
    assert world.published_types().count("CaseTransferred") == 1


def test_a_violation_of_an_ordinary_inspection_can_be_transferred_too_and_repeating_the_request_sends_one(
    world: World,
) -> None:
    recorded = world.inspect(
        SPORTS_CENTRE,
        TEAM,
        violations=[{"violation_type": "other", "severity": "general", "description": "无证经营歌舞娱乐场所"}],
    )
    first = transfer(
        world, recorded, recorded["violation_ids"], request_id="transfer-x", department="culture_and_tourism"
    )
    again = transfer(
        world, recorded, recorded["violation_ids"], request_id="transfer-x", department="culture_and_tourism"
    )
    assert first == again and first["findings"][0]["kind"] == "violation"
    assert world.published_types().count("CaseTransferred") == 1


def test_a_transfer_names_its_department_findings_and_reason(world: World) -> None:
    recorded = inspect_jointly(world, plan(world))
    for fields, field in (
        ({"department": "fire_rescue"}, "department"),
        ({"finding_ids": []}, "finding_ids"),
        ({"reason": ""}, "reason"),
    ):
        findings = fields.pop("finding_ids", recorded["hazard_ids"])
        with pytest.raises(InvalidCommand) as raised:
            transfer(world, recorded, findings, **fields)
        assert raised.value.fields == {field}
    assert world.events("Transferred") == []
