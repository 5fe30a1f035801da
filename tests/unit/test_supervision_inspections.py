"""Inspections (S4) by two certified inspectors with recusal (S1), and referral letters (S8)."""

from __future__ import annotations

import pytest

from services.supervision.commands import InvalidCommand
from services.supervision.domain.common import SupervisionError
from tests.unit.supervision_factories import HOTEL, SPORTS_CENTRE, World, at, make_uscc


@pytest.fixture
def world() -> World:
    world = World()
    world.register(SPORTS_CENTRE, industry_regulator="区体育局", service_firm_uscc=make_uscc(900))
    world.team("I1", "I2", "I3")
    return world


def refused_code(world: World, **fields: object) -> str:
    with pytest.raises(SupervisionError) as raised:
        world.inspect(SPORTS_CENTRE, **fields)  # type: ignore[arg-type]
    assert world.events("Recorded") == []
    return raised.value.code


def test_an_inspection_records_checklist_hazards_graded_and_violations_by_type(world: World) -> None:
    result = world.inspect(
        SPORTS_CENTRE,
        ["I1", "I2"],
        checklist=[
            {"item": "疏散指示标志", "passed": True},
            {"item": "自动喷水灭火系统", "passed": False, "note": "停用"},
        ],
        hazards=[
            {
                "grade": "major",
                "description": "自动喷水灭火系统停用",
                "location": "地下一层",
                "hazard_type": "fire_facilities",
            },
            {"grade": "general", "description": "灭火器压力不足"},
        ],
        violations=[
            {"violation_type": "fire_facilities_switched_off", "severity": "serious", "description": "擅自停用喷淋"},
            {"violation_type": "blocked_evacuation_route", "severity": "general", "description": "堆放杂物"},
        ],
    )
    assert len(result["hazard_ids"]) == 2 and len(result["major_hazard_ids"]) == 1
    inspection = world.desk.inspection(result["inspection_id"])
    assert inspection is not None
    assert (inspection["hazards"], inspection["major_hazards"], inspection["violations"]) == (2, 1, 2)
    assert {v["violation_type"] for v in inspection["violation_list"]} == {
        "fire_facilities_switched_off",
        "blocked_evacuation_route",
    }
    types = world.published_types()
    assert types[:5] == ["InspectionRecorded", "HazardFound", "HazardFound", "ViolationFound", "ViolationFound"]
    hazard = world.message("HazardFound")
    assert hazard["grade"] == "major" and hazard["industry_regulator"] == "区体育局"
    # What each hazard concerns; one given no type counts as "other".
    published = [e.data for e in world.published() if e.event_type == "HazardFound"]
    assert [h["hazard_type"] for h in published] == ["fire_facilities", "other"]


def test_one_inspector_alone_does_not_enforce(world: World) -> None:
    assert refused_code(world, inspectors=["I1"]) == "TWO_PERSON_ENFORCEMENT"
    assert refused_code(world, inspectors=["I1", "I1"]) == "TWO_PERSON_ENFORCEMENT"


def test_an_uncertified_inspector_does_not_enforce(world: World) -> None:
    world.inspector("NEW", certified_until="")
    assert refused_code(world, inspectors=["I1", "NEW"]) == "NOT_CERTIFIED"


def test_a_certificate_expired_on_the_day_of_inspection_does_not_count(world: World) -> None:
    world.inspector("OLD", certified_until="2026-11-09")
    assert refused_code(world, inspectors=["I1", "OLD"], day="2026-11-10") == "NOT_CERTIFIED"
    assert world.inspect(SPORTS_CENTRE, ["I1", "OLD"], day="2026-11-09")["inspection_id"]


def test_a_withdrawn_certificate_stops_the_inspector(world: World) -> None:
    world.desk.withdraw_certification(inspector_id="I3", reason="岗位轮换", at=at("2026-11-01"))
    assert refused_code(world, inspectors=["I1", "I3"]) == "NOT_CERTIFIED"


def test_an_inspector_with_a_tie_to_the_unit_must_stand_aside(world: World) -> None:
    world.desk.declare_tie(
        inspector_id="I2", uscc=SPORTS_CENTRE, relation="relative_employed", note="配偶任职", at=at("2026-11-01")
    )
    assert refused_code(world, inspectors=["I1", "I2"]) == "RECUSAL_REQUIRED"
    assert world.inspect(SPORTS_CENTRE, ["I1", "I3"])["inspection_id"]


def test_a_tie_to_the_units_fire_service_firm_requires_recusal_too(world: World) -> None:
    world.desk.declare_tie(
        inspector_id="I3", uscc=make_uscc(900), relation="relative_runs_service_firm", at=at("2026-11-01")
    )
    assert refused_code(world, inspectors=["I1", "I3"]) == "RECUSAL_REQUIRED"


def test_a_remote_inspection_needs_the_units_self_reported_items_and_a_video(world: World) -> None:
    with pytest.raises(InvalidCommand) as raised:
        world.inspect(SPORTS_CENTRE, ["I1", "I2"], mode="remote")
    assert raised.value.fields == {"self_reported", "video_ref"}
    result = world.inspect(
        SPORTS_CENTRE,
        ["I1", "I2"],
        mode="remote",
        self_reported=["patrol_records", "facility_status", "training_and_drills"],
        video_ref="video://2026-11-10/xuhui-sports",
    )
    assert world.desk.inspection(result["inspection_id"])["mode"] == "remote"  # type: ignore[index]


def test_an_off_hours_inspection_is_recorded_as_such(world: World) -> None:
    result = world.inspect(SPORTS_CENTRE, ["I1", "I2"], mode="off_hours", at="2026-11-14T21:30:00+08:00")
    assert world.desk.inspection(result["inspection_id"])["mode"] == "off_hours"  # type: ignore[index]


def test_a_minor_violation_corrected_on_the_spot_gets_an_oral_order(world: World) -> None:
    result = world.inspect(
        SPORTS_CENTRE,
        ["I1", "I2"],
        violations=[
            {
                "violation_type": "blocked_evacuation_route",
                "severity": "minor",
                "description": "纸箱堵塞通道，当场清除",
                "corrected_on_the_spot": True,
            },
            {
                "violation_type": "locked_exit",
                "severity": "general",
                "description": "锁闭",
                "corrected_on_the_spot": True,
            },
        ],
    )
    assert result["oral_orders"] == [result["violation_ids"][0]]
    oral = world.events("OralOrderGiven")[0]
    assert oral.officer_ids == ["I1", "I2"]


def test_hazards_are_copied_at_once_to_the_units_industry_regulator(world: World) -> None:
    world.inspect(SPORTS_CENTRE, ["I1", "I2"], hazards=[{"grade": "general", "description": "应急照明损坏"}])
    letter = world.message("ReferralLetterSent")
    assert letter["regulator"] == "区体育局"
    assert letter["sent_on"] == "2026-11-10"
    assert "应急照明损坏" in letter["summary"] and "一般火灾隐患" in letter["summary"]


def test_no_letter_without_hazards_or_violations(world: World) -> None:
    world.inspect(SPORTS_CENTRE, ["I1", "I2"])
    assert "ReferralLetterSent" not in world.published_types()


def locked_exit(corrected: bool = False, severity: str = "general") -> dict[str, object]:
    return {
        "violation_type": "locked_exit",
        "severity": severity,
        "description": "北侧安全出口上锁",
        "corrected_on_the_spot": corrected,
    }


def test_violations_found_without_hazards_are_copied_to_the_regulator_too(world: World) -> None:
    result = world.inspect(SPORTS_CENTRE, ["I1", "I2"], violations=[locked_exit()])
    letter = world.message("ReferralLetterSent")
    assert (letter["regulator"], letter.get("hazard_ids", [])) == ("区体育局", [])
    assert letter["violation_ids"] == result["violation_ids"]
    assert "消防安全违法行为1项" in letter["summary"] and "[锁闭安全出口] 北侧安全出口上锁" in letter["summary"]
    assert "请督促整改" in letter["summary"]
    assert letter.get("all_corrected_on_the_spot", False) is False


def test_hazards_and_violations_of_one_inspection_go_in_one_letter(world: World) -> None:
    world.inspect(
        SPORTS_CENTRE,
        ["I1", "I2"],
        hazards=[{"grade": "major", "description": "自动喷水灭火系统瘫痪"}],
        violations=[locked_exit()],
    )
    assert world.published_types().count("ReferralLetterSent") == 1
    summary = world.message("ReferralLetterSent")["summary"]
    assert "火灾隐患1处、消防安全违法行为1项" in summary
    assert summary.index("重大火灾隐患") < summary.index("锁闭安全出口")


def test_a_letter_of_violations_all_corrected_on_the_spot_says_so_and_asks_no_rectification(world: World) -> None:
    world.inspect(SPORTS_CENTRE, ["I1", "I2"], violations=[locked_exit(corrected=True, severity="minor")])
    letter = world.message("ReferralLetterSent")
    assert letter["all_corrected_on_the_spot"] is True
    assert "（已当场改正）" in letter["summary"] and "请督促整改" not in letter["summary"]


def test_a_technical_service_firms_violation_is_not_copied_to_the_units_regulator(world: World) -> None:
    world.inspect(
        SPORTS_CENTRE,
        ["I1", "I2"],
        violations=[
            {
                "party_kind": "technical_service_firm",
                "firm_uscc": make_uscc(901),
                "firm_name": "上海某消防设施检测有限公司",
                "service_type": "maintenance_and_testing",
                "violation_type": "false_documents",
                "severity": "serious",
                "description": "检测报告虚假",
            }
        ],
    )
    assert "ReferralLetterSent" not in world.published_types()


def test_violations_are_copied_by_hand_where_the_unit_had_no_regulator(world: World) -> None:
    world.register(HOTEL)
    result = world.inspect(HOTEL, ["I1", "I2"], violations=[locked_exit()])
    world.desk.send_referral_letter(inspection_id=result["inspection_id"], regulator="区文旅局", at=at("2026-11-11"))
    assert world.message("ReferralLetterSent")["violation_ids"] == result["violation_ids"]


def test_a_unit_without_a_known_regulator_gets_its_letter_sent_by_hand(world: World) -> None:
    world.register(HOTEL)
    result = world.inspect(HOTEL, ["I1", "I2"], hazards=[{"grade": "general", "description": "消火栓被遮挡"}])
    assert "ReferralLetterSent" not in world.published_types()
    world.desk.send_referral_letter(inspection_id=result["inspection_id"], regulator="区文旅局", at=at("2026-11-11"))
    assert world.published_types().count("ReferralLetterSent") == 1
    with pytest.raises(SupervisionError) as raised:
        world.desk.send_referral_letter(
            inspection_id=result["inspection_id"], regulator="区文旅局", at=at("2026-11-11")
        )
    assert raised.value.code == "ALREADY_REFERRED"


def test_the_same_inspection_request_sent_twice_is_recorded_once(world: World) -> None:
    first = world.inspect(SPORTS_CENTRE, ["I1", "I2"], request_id="mobile-42")
    again = world.inspect(SPORTS_CENTRE, ["I1", "I2"], request_id="mobile-42")
    assert first == again
    assert len(world.events("Recorded")) == 1


def test_a_bad_inspection_names_every_bad_field_and_stores_nothing(world: World) -> None:
    with pytest.raises(InvalidCommand) as raised:
        world.desk.record_inspection(
            request_id="",
            uscc=SPORTS_CENTRE,
            mode="drone",
            purpose="random",
            inspector_ids=[],
            at="yesterday",
            recorded_by="I1",
            hazards=[{"grade": "catastrophic", "description": "", "hazard_type": "sprinklers"}],
            violations=[{"violation_type": "smoking", "severity": "general", "description": "x"}],
            rectified=True,
        )
    assert raised.value.fields == {
        "request_id",
        "mode",
        "inspector_ids",
        "at",
        "plan_id",
        "hazards[0].grade",
        "hazards[0].description",
        "hazards[0].hazard_type",
        "violations[0].violation_type",
        "rectified",
    }
    assert world.events("Recorded") == []


def test_an_inspection_of_a_unit_not_on_the_register_is_refused(world: World) -> None:
    with pytest.raises(SupervisionError) as raised:
        world.inspect(make_uscc(12345), ["I1", "I2"])
    assert raised.value.code == "NOT_FOUND"


def test_an_inspection_recorded_before_it_happened_is_refused(world: World) -> None:
    with pytest.raises(InvalidCommand) as raised:
        world.inspect(SPORTS_CENTRE, ["I1", "I2"], inspected_on="2026-11-20")
    assert raised.value.fields == {"inspected_on"}
