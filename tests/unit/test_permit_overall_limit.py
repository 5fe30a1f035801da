"""P1: the whole procedure a district promises (000: Hongkou 3 working days after application,
Yangpu 5 working days for inspection and approval), beside each stage's own limit."""

import datetime as dt
import uuid

import pytest

from services.permits.application import PermitsApplication
from services.permits.bootstrap import overall_limits, permit_rules
from services.permits.commands import SupplementMaterials
from services.permits.domain import PermitRules
from services.permits.domain.rules import CountedFrom, OverallLimit
from services.permits.entrypoints.grpc_mapping import application_message
from tests.unit.factories import standard_application
from tests.unit.permits_fixtures import at, event_names, permits_app

INSPECTORS = ["监督员王", "监督员赵"]


def submitted(
    permits: PermitsApplication, district: str, day: str, materials: tuple[str, ...] | None = None
) -> uuid.UUID:
    extra = {} if materials is None else {"materials": materials}
    command = standard_application(submitted_at=at(day), district=district, **extra)  # type: ignore[arg-type]
    return permits.submit_application(command, at(day)).id


def breaches(permits: PermitsApplication) -> list[str]:
    return [
        e.stage
        for e in (permits.mapper.to_domain_event(n) for n in permits.recorder.select_notifications(1, 10_000))
        if type(e).__name__ == "ClockBreached"
    ]


def test_hongkou_promises_the_decision_three_working_days_after_the_application() -> None:
    permits = permits_app()
    application = permits.get_application(submitted(permits, "虹口区", "2026-11-02"))  # Monday
    assert application.overall is not None
    assert (application.overall["started_on"], application.overall["due_on"]) == (
        dt.date(2026, 11, 2),
        dt.date(2026, 11, 5),
    )
    # The acceptance keeps its own, longer limit beside it.
    assert application.clock is not None and application.clock["due_on"] == dt.date(2026, 11, 9)


def test_a_hongkou_application_undecided_after_three_working_days_breaches_the_overall_limit_once() -> None:
    permits = permits_app()
    application_id = submitted(permits, "虹口区", "2026-11-02")
    permits.accept_application(application_id, at("2026-11-03"), by="受理员")
    permits.record_inspection(
        application_id, passed=True, findings=[], rectification_advice="", inspectors=INSPECTORS, at=at("2026-11-05")
    )
    assert permits.close_day(dt.date(2026, 11, 4), [application_id]) == []
    # Every stage is in time (the decision is due 10 Nov), but the district's promise ran out.
    assert permits.close_day(dt.date(2026, 11, 5), [application_id]) == [application_id]
    assert permits.close_day(dt.date(2026, 11, 6), [application_id]) == []
    assert breaches(permits) == ["overall"]


def test_a_hongkou_application_decided_in_time_is_never_breached() -> None:
    permits = permits_app()
    application_id = submitted(permits, "虹口", "2026-11-02")  # the district named without 区
    permits.accept_application(application_id, at("2026-11-02", 14), by="受理员")
    permits.record_inspection(
        application_id, passed=True, findings=[], rectification_advice="", inspectors=INSPECTORS, at=at("2026-11-04")
    )
    permits.decide(application_id, grant=True, reasons=[], at=at("2026-11-05"))
    assert permits.close_day(dt.date(2026, 12, 31), [application_id]) == []
    assert breaches(permits) == []


def test_yangpu_counts_its_five_working_days_from_the_acceptance() -> None:
    permits = permits_app()
    application_id = submitted(permits, "杨浦区", "2026-11-02")
    assert permits.get_application(application_id).overall is None  # not yet accepted
    accepted = permits.accept_application(application_id, at("2026-11-04"), by="受理员")
    assert accepted.overall is not None
    assert (accepted.overall["counted_from"], accepted.overall["due_on"]) == ("acceptance", dt.date(2026, 11, 11))
    assert application_message(accepted).overall_due_date == "2026-11-11"


def test_a_district_the_seeds_do_not_name_has_only_the_stage_limits() -> None:
    permits = permits_app()
    application_id = submitted(permits, "徐汇区", "2026-11-02")
    permits.accept_application(application_id, at("2026-11-02", 14), by="受理员")
    assert permits.get_application(application_id).overall is None
    assert "OverallLimitStarted" not in event_names(permits)
    assert application_message(permits.get_application(application_id)).overall_due_date == ""


def test_the_overall_limit_waits_while_materials_are_missing_and_moves_by_the_working_days_waited() -> None:
    permits = permits_app()
    application_id = submitted(permits, "虹口区", "2026-11-02", materials=("application_form",))
    permits.accept_application(application_id, at("2026-11-02", 14), by="受理员")  # paused: materials missing
    assert permits.close_day(dt.date(2026, 11, 30), [application_id]) == []
    resumed = permits.supplement_materials(
        SupplementMaterials(
            request_id="s1",
            application_id=str(application_id),
            materials=("safety_rules_and_evacuation_plan", "floor_and_fire_facility_plans"),
            supplemented_at=at("2026-11-09"),
        ),
        at("2026-11-09"),
    )
    # Waited Mon 2 → Mon 9 Nov: five working days; due Thu 5 → Thu 12 Nov.
    assert resumed.overall is not None
    assert (resumed.overall["paused_on"], resumed.overall["due_on"]) == (None, dt.date(2026, 11, 12))
    assert permits.close_day(dt.date(2026, 11, 11), [application_id]) == []
    assert permits.close_day(dt.date(2026, 11, 12), [application_id]) == [application_id]
    assert breaches(permits) == ["overall"]
    # What a partner reads of it (GetApplication).
    message = application_message(permits.get_application(application_id))
    assert (message.overall_due_date, list(message.breached_limits)) == ("2026-11-12", ["overall"])


def test_an_expert_opinion_pauses_the_overall_limit_too() -> None:
    permits = permits_app()
    application_id = submitted(permits, "虹口区", "2026-11-02")
    permits.accept_application(application_id, at("2026-11-02", 14), by="受理员")
    paused = permits.pause_for_expert_opinion(application_id, "钢结构防火涂料需专家论证", at("2026-11-03"))
    message = application_message(paused)
    assert (message.clock_paused, message.clock_pause_cause) == (True, "expert_opinion")
    assert message.accepted_at.ToDatetime().date() == dt.date(2026, 11, 2)
    assert permits.close_day(dt.date(2026, 11, 20), [application_id]) == []
    resumed = permits.resume_after_expert_opinion(application_id, at("2026-11-10"))
    # Waited Tue 3 → Tue 10 Nov: five working days.
    assert resumed.overall is not None and resumed.overall["due_on"] == dt.date(2026, 11, 12)


def test_an_extension_moves_the_overall_limit_by_the_same_working_days() -> None:
    permits = permits_app()
    application_id = submitted(permits, "虹口区", "2026-11-02")
    permits.accept_application(application_id, at("2026-11-02", 14), by="受理员")
    extended = permits.extend_clock(application_id, 2, "经负责人批准延长")
    assert extended.overall is not None and extended.overall["due_on"] == dt.date(2026, 11, 9)


def test_each_district_sets_its_overall_limit_and_where_it_is_counted_from() -> None:
    rules = permit_rules({"OVERALL_LIMITS": "徐汇区=4@acceptance, 虹口区=2"})
    assert rules.overall_limit("徐汇区") == OverallLimit(4, CountedFrom.ACCEPTANCE)
    assert rules.overall_limit("虹口区") == OverallLimit(2, CountedFrom.SUBMISSION)
    assert rules.overall_limit("杨浦区") is None
    assert permit_rules({"OVERALL_LIMITS": ""}).overall_limits == ()
    assert permit_rules({}).overall_limits == PermitRules().overall_limits


@pytest.mark.parametrize("value", ["徐汇区=四", "徐汇区=4@decision", "=4", "徐汇区=0"])
def test_a_malformed_overall_limit_setting_is_refused_naming_the_setting(value: str) -> None:
    with pytest.raises(ValueError, match=r"^OVERALL_LIMITS: "):
        overall_limits(value)
