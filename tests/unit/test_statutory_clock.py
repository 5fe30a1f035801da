"""P1: the statutory clock as events — started, paused, resumed, extended, breached."""

import datetime as dt

import pytest

from services.permits.application import PermitsApplication
from services.permits.commands import SupplementMaterials
from services.permits.domain import PermitRules, StepNotAllowed
from services.permits.domain.errors import TimeOutOfOrder
from tests.unit.factories import standard_application
from tests.unit.permits_fixtures import at, event_names, permits_app


def accepted(permits: PermitsApplication, day: str, materials: tuple[str, ...] | None = None) -> object:
    command = (
        standard_application(submitted_at=at(day))
        if materials is None
        else standard_application(materials=materials, submitted_at=at(day))
    )
    application = permits.submit_application(command, at(day))
    return permits.accept_application(application.id, at(day, 14), by="受理员李四").id


def test_the_inspection_is_due_ten_working_days_after_acceptance() -> None:
    permits = permits_app()
    application = permits.get_application(accepted(permits, "2026-11-02"))  # type: ignore[arg-type]
    assert application.clock == {
        "stage": "inspection",
        "started_on": dt.date(2026, 11, 2),
        "due_on": dt.date(2026, 11, 16),
        "paused_on": None,
        "working_days": 10,
        "provisional": False,
    }


def test_a_deadline_across_national_day_skips_the_holiday_and_counts_the_adjusted_saturday() -> None:
    permits = permits_app()
    application = permits.get_application(accepted(permits, "2026-09-28"))  # type: ignore[arg-type]
    # 29, 30 Sep; 8, 9, 10 (Saturday, worked), 12, 13, 14, 15, 16 Oct.
    assert application.clock is not None and application.clock["due_on"] == dt.date(2026, 10, 16)


def test_a_pause_across_a_holiday_moves_the_due_date_by_the_paused_working_days_only() -> None:
    permits = permits_app()
    application_id = accepted(permits, "2026-09-28", materials=("application_form",))
    paused = permits.get_application(application_id)  # type: ignore[arg-type]
    assert paused.clock is not None and paused.clock["paused_on"] == dt.date(2026, 9, 28)
    resumed = permits.supplement_materials(
        SupplementMaterials(
            request_id="s1",
            application_id=str(application_id),
            materials=("safety_rules_and_evacuation_plan", "floor_and_fire_facility_plans"),
            supplemented_at=at("2026-10-09"),
        ),
        at("2026-10-09"),
    )
    # Paused 28 Sep → 9 Oct: 29, 30 Sep, 8, 9 Oct are working days (1–7 Oct are not): 4 days.
    assert resumed.clock is not None
    assert resumed.clock["paused_on"] is None
    assert resumed.clock["due_on"] == dt.date(2026, 10, 22)
    assert event_names(permits)[-1] == "ClockResumed"


def test_the_decision_is_due_three_working_days_after_the_inspection() -> None:
    permits = permits_app()
    application_id = accepted(permits, "2026-11-02")
    application = permits.record_inspection(
        application_id,  # type: ignore[arg-type]
        passed=True,
        findings=[],
        rectification_advice="",
        inspectors=["监督员王", "监督员赵"],
        at=at("2026-11-06"),
    )
    assert application.clock is not None
    assert (application.clock["stage"], application.clock["due_on"]) == ("decision", dt.date(2026, 11, 11))


def test_a_district_that_promises_five_days_sets_its_own_time_limit() -> None:
    permits = permits_app(PermitRules(inspection_working_days=5))
    application = permits.get_application(accepted(permits, "2026-11-02"))  # type: ignore[arg-type]
    assert application.clock is not None and application.clock["due_on"] == dt.date(2026, 11, 9)


def test_an_extension_moves_the_due_date_in_working_days() -> None:
    permits = permits_app()
    application = permits.extend_clock(accepted(permits, "2026-11-02"), 5, "专家评审")  # type: ignore[arg-type]
    assert application.clock is not None and application.clock["due_on"] == dt.date(2026, 11, 23)


def test_a_breach_is_raised_by_the_day_close_once() -> None:
    permits = permits_app()
    application_id = accepted(permits, "2026-11-02")
    assert permits.close_day(dt.date(2026, 11, 13), [application_id]) == []  # type: ignore[list-item]
    assert permits.close_day(dt.date(2026, 11, 16), [application_id]) == [application_id]  # type: ignore[list-item]
    assert permits.close_day(dt.date(2026, 11, 17), [application_id]) == []  # type: ignore[list-item]
    assert event_names(permits).count("ClockBreached") == 1


def test_a_paused_clock_is_never_breached() -> None:
    permits = permits_app()
    application_id = accepted(permits, "2026-11-02", materials=())
    assert permits.close_day(dt.date(2026, 12, 31), [application_id]) == []  # type: ignore[list-item]


def inspected(permits: PermitsApplication, day: str) -> object:
    application_id = accepted(permits, day)
    permits.record_inspection(
        application_id,  # type: ignore[arg-type]
        passed=True,
        findings=[],
        rectification_advice="",
        inspectors=["监督员王", "监督员赵"],
        at=at(day, 16),
    )
    return application_id


def test_a_clock_that_is_not_running_cannot_be_extended() -> None:
    permits = permits_app()
    application_id = inspected(permits, "2026-11-02")
    permits.decide(application_id, grant=True, reasons=[], at=at("2026-11-03"))  # type: ignore[arg-type]
    with pytest.raises(StepNotAllowed):
        permits.extend_clock(application_id, 3, "reason")  # type: ignore[arg-type]


# The clock starts at submission: acceptance is time-limited too.


def test_acceptance_is_due_five_working_days_after_submission() -> None:
    permits = permits_app()
    application = permits.submit_application(standard_application(submitted_at=at("2026-11-02")), at("2026-11-02"))
    assert application.clock is not None
    assert (application.clock["stage"], application.clock["due_on"]) == ("acceptance", dt.date(2026, 11, 9))


def test_an_application_left_unaccepted_breaches_its_acceptance_limit_once() -> None:
    permits = permits_app()
    application = permits.submit_application(standard_application(submitted_at=at("2026-11-02")), at("2026-11-02"))
    assert permits.close_day(dt.date(2026, 11, 6), [application.id]) == []
    assert permits.close_day(dt.date(2026, 11, 9), [application.id]) == [application.id]
    assert permits.close_day(dt.date(2026, 11, 10), [application.id]) == []
    assert event_names(permits).count("ClockBreached") == 1


def test_acceptance_in_time_starts_the_inspection_clock_without_a_breach() -> None:
    permits = permits_app()
    application = permits.get_application(accepted(permits, "2026-11-02"))  # type: ignore[arg-type]
    assert application.clock is not None and application.clock["stage"] == "inspection"
    assert permits.close_day(dt.date(2026, 11, 9), [application.id]) == []


def test_a_district_sets_its_acceptance_limit() -> None:
    permits = permits_app(PermitRules(acceptance_working_days=1))
    application = permits.submit_application(standard_application(submitted_at=at("2026-11-02")), at("2026-11-02"))
    assert application.clock is not None and application.clock["due_on"] == dt.date(2026, 11, 3)


# Staff-supplied times come after the step they follow.


def test_an_acceptance_dated_before_its_submission_is_refused_and_nothing_is_stored() -> None:
    permits = permits_app()
    application = permits.submit_application(standard_application(submitted_at=at("2026-11-02")), at("2026-11-02"))
    before = event_names(permits)
    with pytest.raises(TimeOutOfOrder, match=r"^TIME_OUT_OF_ORDER: at: .* is before the submission of"):
        permits.accept_application(application.id, at("2026-11-01"), by="受理员李四")
    assert event_names(permits) == before
    assert permits.get_application(application.id).status == "submitted"


def test_an_inspection_dated_before_the_acceptance_is_refused() -> None:
    permits = permits_app()
    application_id = accepted(permits, "2026-11-02")
    with pytest.raises(TimeOutOfOrder, match=r"^TIME_OUT_OF_ORDER: at: .* is before the acceptance of"):
        permits.record_inspection(
            application_id,  # type: ignore[arg-type]
            passed=True,
            findings=[],
            rectification_advice="",
            inspectors=["监督员王", "监督员赵"],
            at=at("2026-11-02", 9),
        )


def test_a_decision_dated_before_the_inspection_is_refused() -> None:
    permits = permits_app()
    application_id = inspected(permits, "2026-11-02")
    with pytest.raises(TimeOutOfOrder, match=r"^TIME_OUT_OF_ORDER: at: .* is before the inspection of"):
        permits.decide(application_id, grant=True, reasons=[], at=at("2026-11-02", 15))  # type: ignore[arg-type]


# Pauses for an expert opinion, by staff, with a reason.


def test_an_expert_opinion_pauses_the_inspection_clock_and_moves_it_by_the_working_days_waited() -> None:
    permits = permits_app()
    application_id = accepted(permits, "2026-11-02")  # inspection due Mon 16 Nov
    paused = permits.pause_for_expert_opinion(application_id, "钢结构防火涂料需专家论证", at("2026-11-04"))  # type: ignore[arg-type]
    assert paused.clock is not None and paused.clock["paused_on"] == dt.date(2026, 11, 4)
    assert permits.close_day(dt.date(2026, 11, 30), [application_id]) == []  # type: ignore[list-item]
    resumed = permits.resume_after_expert_opinion(application_id, at("2026-11-11"))  # type: ignore[arg-type]
    # Waited Wed 4 → Wed 11 Nov: five working days.
    assert resumed.clock is not None
    assert (resumed.clock["paused_on"], resumed.clock["due_on"]) == (None, dt.date(2026, 11, 23))
    assert event_names(permits)[-2:] == ["ClockPaused", "ClockResumed"]


def test_a_pause_for_an_expert_opinion_needs_a_reason() -> None:
    permits = permits_app()
    application_id = accepted(permits, "2026-11-02")
    with pytest.raises(StepNotAllowed, match=r"^STEP_NOT_ALLOWED: reason: "):
        permits.pause_for_expert_opinion(application_id, "  ", at("2026-11-04"))  # type: ignore[arg-type]
    assert "ClockPaused" not in event_names(permits)


def test_a_clock_waiting_for_materials_is_not_resumed_by_staff_nor_paused_twice() -> None:
    permits = permits_app()
    application_id = accepted(permits, "2026-11-02", materials=("application_form",))
    with pytest.raises(StepNotAllowed, match="already paused"):
        permits.pause_for_expert_opinion(application_id, "专家论证", at("2026-11-04"))  # type: ignore[arg-type]
    with pytest.raises(StepNotAllowed, match="not paused for an expert opinion"):
        permits.resume_after_expert_opinion(application_id, at("2026-11-04"))  # type: ignore[arg-type]


def test_an_expert_opinion_resumed_before_its_pause_is_refused() -> None:
    permits = permits_app()
    application_id = accepted(permits, "2026-11-02")
    permits.pause_for_expert_opinion(application_id, "专家论证", at("2026-11-04"))  # type: ignore[arg-type]
    with pytest.raises(TimeOutOfOrder, match=r"^TIME_OUT_OF_ORDER: at: "):
        permits.resume_after_expert_opinion(application_id, at("2026-11-03"))  # type: ignore[arg-type]
