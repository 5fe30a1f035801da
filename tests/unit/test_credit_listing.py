"""C2: triggers of the blacklist, notice before listing, the unit's objection (on in-memory stores)."""

from __future__ import annotations

import datetime as dt

import pytest

from kit.calendar import CalendarYearNotCovered, WorkingDayCalendar
from services.credit.domain import CreditPolicy
from services.credit.domain.errors import (
    InvalidObjection,
    NoObjection,
    NoticeClosed,
    NoticeNotFound,
    ObjectionAlreadyDecided,
    ObjectionAlreadyFiled,
    ObjectionTooLate,
    UnitNotOnRecord,
)
from services.credit.settings import credit_policy
from tests.unit.credit_factories import SHOPPING_MALL, SPORTS_CENTRE, Credit, PermitsLog, SupervisionLog

U = SPORTS_CENTRE


@pytest.fixture
def credit() -> Credit:
    return Credit()


@pytest.fixture
def supervision() -> SupervisionLog:
    return SupervisionLog()


def test_a_major_hazard_lists_nobody_while_its_order_is_still_running(
    credit: Credit, supervision: SupervisionLog
) -> None:
    # Found on 12 October, ordered (挂牌督办) with 60 days to rectify: not listed on the 19th.
    credit.receive(
        supervision.hazard(U, "2026-10-12", hazard_id="H1"), supervision.ordered(U, "2026-10-12", ["H1"], "O1")
    )
    credit.close_days("2026-10-12", "2026-12-10")
    assert credit.notices(U) == []
    standing = credit.standing(U)
    assert (standing.tier, standing.colour, standing.blacklisted) == ("normal", "yellow", False)
    assert [c["rule"] for c in standing.causes] == ["major_hazard_open"]
    assert credit.published("ListingNoticeIssued") == []


def test_a_major_hazard_not_rectified_by_its_deadline_brings_a_notice_with_five_working_days_to_object(
    credit: Credit, supervision: SupervisionLog
) -> None:
    credit.receive(
        supervision.hazard(U, "2026-08-12", hazard_id="H1"),
        supervision.ordered(U, "2026-08-12", ["H1"], "O1"),
        supervision.overdue(U, "2026-10-12", "O1", major=True),
    )
    [notice] = credit.notices(U)
    assert notice["rule"] == "major_hazard_unrectified"
    assert notice["tier"] == "serious_dishonesty"
    assert (notice["noticed_on"], notice["objection_deadline"]) == ("2026-10-12", "2026-10-19")
    standing = credit.standing(U)
    assert (standing.tier, standing.colour) == ("normal", "yellow")
    assert [c["event_type"] for c in standing.causes][:2] == ["HazardFound", "RectificationOverdue"]
    [published] = credit.published("ListingNoticeIssued")
    assert published.data["objection_deadline"] == "2026-10-19"
    assert published.data["notice_id"] == notice["notice_id"]


def test_a_major_hazard_rectified_by_its_deadline_is_never_noticed(credit: Credit, supervision: SupervisionLog) -> None:
    credit.receive(
        supervision.hazard(U, "2026-08-12", hazard_id="H1"),
        supervision.ordered(U, "2026-08-12", ["H1"], "O1"),
        supervision.verified(U, "2026-10-09", "O1"),
    )
    credit.close_days("2026-10-09", "2026-10-30")
    assert credit.notices(U) == []
    assert (credit.standing(U).tier, credit.standing(U).colour) == ("normal", "green")


def test_an_order_overdue_for_a_hazard_graded_major_is_a_major_hazard_whatever_the_order_says(
    credit: Credit, supervision: SupervisionLog
) -> None:
    credit.receive(
        supervision.hazard(U, "2026-08-12", hazard_id="H1"),
        supervision.ordered(U, "2026-08-12", ["H1"], "O1", major=False),
        supervision.overdue(U, "2026-10-12", "O1", major=False),
    )
    assert [n["rule"] for n in credit.notices(U)] == ["major_hazard_unrectified"]


def test_an_overdue_order_for_general_hazards_only_is_not_a_major_hazard(
    credit: Credit, supervision: SupervisionLog
) -> None:
    credit.receive(
        supervision.hazard(U, "2026-08-12", grade="general", hazard_id="H1"),
        supervision.ordered(U, "2026-08-12", ["H1"], "O1", major=False),
        supervision.overdue(U, "2026-10-12", "O1"),
    )
    assert [(n["rule"], n["tier"]) for n in credit.notices(U)] == [("rectification_overdue", "general_dishonesty")]


def test_the_objection_window_skips_the_national_day_holiday_and_counts_the_adjusted_saturday(
    credit: Credit, supervision: SupervisionLog
) -> None:
    credit.receive(*supervision.unrectified_major_hazard(U, "2026-09-30"))
    # 1–7 October are holidays; Saturday 10 October is a working day.
    assert credit.notices(U)[0]["objection_deadline"] == "2026-10-13"


def test_a_general_hazard_brings_no_notice(credit: Credit, supervision: SupervisionLog) -> None:
    credit.receive(supervision.hazard(U, "2026-10-12", grade="general"))
    assert credit.notices(U) == []
    assert credit.tier(U) == "normal"


def test_the_unit_is_not_listed_while_the_window_is_open(credit: Credit, supervision: SupervisionLog) -> None:
    credit.receive(*supervision.unrectified_major_hazard(U, "2026-10-12"))
    credit.close_days("2026-10-12", "2026-10-16")
    assert credit.tier(U) == "normal"
    assert credit.notices(U)[0]["status"] == "noticed"


def test_the_unit_is_blacklisted_when_the_window_closes_without_objection(
    credit: Credit, supervision: SupervisionLog
) -> None:
    credit.receive(*supervision.unrectified_major_hazard(U, "2026-10-12"))
    credit.close_days("2026-10-12", "2026-10-19")
    standing = credit.standing(U)
    assert (standing.tier, standing.colour, standing.blacklisted) == ("serious_dishonesty", "red", True)
    assert standing.effective_on == dt.date(2026, 10, 20)
    assert standing.listed_rules == ("major_hazard_unrectified",)
    changes = credit.published("StandingChanged")
    assert [c.data["tier"] for c in changes] == ["normal", "serious_dishonesty"]
    assert changes[-1].data["blacklisted"] is True
    assert changes[-1].data["previous_tier"] == "normal"
    row = credit.unit_row(U)
    assert (row["standing"], row["colour"], row["open_notices"]) == ("serious_dishonesty", "red", 0)


def test_closing_a_day_late_still_lists_from_the_day_after_the_deadline(
    credit: Credit, supervision: SupervisionLog
) -> None:
    credit.receive(*supervision.unrectified_major_hazard(U, "2026-10-12"))
    credit.close_day("2026-10-12")
    credit.close_day("2026-10-23")  # the scheduler was down for a few days
    assert credit.standing(U).effective_on == dt.date(2026, 10, 20)


def test_closing_the_same_day_twice_changes_nothing(credit: Credit, supervision: SupervisionLog) -> None:
    credit.receive(*supervision.unrectified_major_hazard(U, "2026-10-12"))
    first = credit.close_day("2026-10-19")
    events = len(credit.app.recorder.select_notifications(1, 1000))
    second = credit.close_day("2026-10-19")
    earlier = credit.close_day("2026-10-18")
    assert first.closed and not second.closed and not earlier.closed
    assert len(credit.app.recorder.select_notifications(1, 1000)) == events


def test_an_objection_upheld_inside_the_window_withdraws_the_notice(
    credit: Credit, supervision: SupervisionLog
) -> None:
    credit.receive(supervision.overdue(U, "2026-10-12", "O1"))
    credit.object(U, filed_on="2026-10-15")
    credit.decide(U, upheld=True, decided_on="2026-10-16")
    credit.close_days("2026-10-12", "2026-10-30")
    standing = credit.standing(U)
    assert (standing.tier, standing.colour) == ("normal", "green")
    assert standing.causes[0]["rule"] == "objection_upheld"
    assert standing.causes[0]["service"] == "credit"
    [withdrawn] = credit.published("ListingNoticeWithdrawn")
    assert withdrawn.data["reason"] == "objection_upheld"
    assert credit.notices(U)[0]["objection"] == "upheld"


def test_a_pending_objection_holds_the_listing_until_its_outcome(credit: Credit, supervision: SupervisionLog) -> None:
    credit.receive(*supervision.unrectified_major_hazard(U, "2026-10-12"))
    credit.object(U, filed_on="2026-10-19")  # the last day of the window
    credit.close_days("2026-10-12", "2026-10-21")
    assert credit.tier(U) == "normal"
    credit.decide(U, upheld=False, decided_on="2026-10-22")
    assert credit.tier(U) == "normal"  # listings are raised by closing a day
    credit.close_day("2026-10-22")
    standing = credit.standing(U)
    assert standing.tier == "serious_dishonesty"
    assert standing.effective_on == dt.date(2026, 10, 22)  # not before the objection was decided
    assert "objection_rejected" in {c["rule"] for c in standing.causes}


def test_a_rejection_dated_after_the_day_being_closed_lists_only_from_that_day(
    credit: Credit, supervision: SupervisionLog
) -> None:
    credit.receive(*supervision.unrectified_major_hazard(U, "2026-10-12"))
    credit.object(U, filed_on="2026-10-16")
    credit.decide(U, upheld=False, decided_on="2026-10-23")
    credit.close_day("2026-10-22")
    assert credit.tier(U) == "normal"
    credit.close_day("2026-10-23")
    assert credit.standing(U).effective_on == dt.date(2026, 10, 23)


def test_an_objection_after_the_window_is_refused(credit: Credit, supervision: SupervisionLog) -> None:
    credit.receive(*supervision.unrectified_major_hazard(U, "2026-10-12"))
    with pytest.raises(ObjectionTooLate):
        credit.object(U, filed_on="2026-10-20")
    credit.close_day("2026-10-19")
    with pytest.raises(NoticeClosed):
        credit.object(U, filed_on="2026-10-19")


@pytest.mark.parametrize(
    ("filed_on", "grounds", "error"),
    [("2026-10-09", "已整改", InvalidObjection), ("2026-10-13", "  ", InvalidObjection)],
)
def test_an_objection_before_the_notice_or_without_grounds_is_refused(
    credit: Credit, supervision: SupervisionLog, filed_on: str, grounds: str, error: type[Exception]
) -> None:
    credit.receive(*supervision.unrectified_major_hazard(U, "2026-10-12"))
    with pytest.raises(error):
        credit.object(U, filed_on=filed_on, grounds=grounds)


def test_an_objection_recorded_twice_is_recorded_once_and_a_different_one_is_refused(
    credit: Credit, supervision: SupervisionLog
) -> None:
    credit.receive(*supervision.unrectified_major_hazard(U, "2026-10-12"))
    first = credit.object(U, filed_on="2026-10-14")
    events = len(credit.app.recorder.select_notifications(1, 1000))
    assert credit.object(U, filed_on="2026-10-14") == first
    assert len(credit.app.recorder.select_notifications(1, 1000)) == events
    with pytest.raises(ObjectionAlreadyFiled):
        credit.object(U, filed_on="2026-10-15", grounds="另一理由")


def test_an_outcome_needs_an_objection_and_an_approver_and_is_decided_once(
    credit: Credit, supervision: SupervisionLog
) -> None:
    credit.receive(*supervision.unrectified_major_hazard(U, "2026-10-12"))
    notice_id = credit.notice_id(U)
    with pytest.raises(NoObjection):
        credit.decide(U, upheld=True, decided_on="2026-10-14")
    credit.object(U, filed_on="2026-10-14")
    with pytest.raises(InvalidObjection):
        credit.app.decide_objection(U, notice_id, True, " ", "", dt.date(2026, 10, 15))
    credit.decide(U, upheld=True, decided_on="2026-10-15")
    credit.decide(U, upheld=True, decided_on="2026-10-15")  # the same decision again: no effect
    with pytest.raises(ObjectionAlreadyDecided):
        credit.decide(U, upheld=False, decided_on="2026-10-15")


def test_objections_name_a_known_unit_and_notice(credit: Credit, supervision: SupervisionLog) -> None:
    with pytest.raises(UnitNotOnRecord):
        credit.app.file_objection(SHOPPING_MALL, "x", dt.date(2026, 10, 14), "理由")
    credit.receive(*supervision.unrectified_major_hazard(U, "2026-10-12"))
    with pytest.raises(NoticeNotFound):
        credit.app.file_objection(U, "not-a-notice", dt.date(2026, 10, 14), "理由")


def test_a_major_hazard_rectified_inside_the_window_is_not_listed(credit: Credit, supervision: SupervisionLog) -> None:
    credit.receive(
        *supervision.unrectified_major_hazard(U, "2026-10-12", hazard_id="H1", order_id="O1"),
        supervision.verified(U, "2026-10-16", "O1"),
    )
    credit.close_days("2026-10-12", "2026-10-30")
    assert (credit.tier(U), str(credit.standing(U).colour)) == ("normal", "green")
    assert credit.notices(U)[0]["status"] == "withdrawn"
    [withdrawn] = credit.published("ListingNoticeWithdrawn")
    assert withdrawn.data["reason"] == "rectified"


def test_a_commitment_found_seriously_false_is_listed_even_when_fixed_inside_the_window(
    credit: Credit, supervision: SupervisionLog
) -> None:
    credit.receive(supervision.commitment(U, "2026-10-12"), supervision.inspection(U, "2026-10-14"))
    credit.close_days("2026-10-12", "2026-10-19")
    standing = credit.standing(U)
    assert standing.tier == "serious_dishonesty"
    assert standing.listed_rules == ("commitment_seriously_false",)


def test_a_commitment_found_true_brings_no_notice(credit: Credit, supervision: SupervisionLog) -> None:
    credit.receive(supervision.commitment(U, "2026-10-12", result="true"))
    assert credit.notices(U) == []


@pytest.mark.parametrize(("major", "refused", "rule"), [
    (True, False, "major_hazard_unrectified"),
    (False, True, "rectification_refused"),
    (True, True, "rectification_refused"),
])  # fmt: skip
def test_refusing_to_rectify_or_leaving_a_major_order_overdue_brings_the_blacklist(
    credit: Credit, supervision: SupervisionLog, major: bool, refused: bool, rule: str
) -> None:
    credit.receive(supervision.overdue(U, "2026-10-12", "O1", major=major, refused=refused))
    credit.close_days("2026-10-12", "2026-10-19")
    assert credit.standing(U).listed_rules == (rule,)
    assert credit.tier(U) == "serious_dishonesty"


def test_an_ordinary_order_left_overdue_brings_general_dishonesty_in_yellow(
    credit: Credit, supervision: SupervisionLog
) -> None:
    credit.receive(supervision.overdue(U, "2026-10-12", "O1"))
    credit.close_days("2026-10-12", "2026-10-19")
    standing = credit.standing(U)
    assert (standing.tier, standing.colour, standing.blacklisted) == ("general_dishonesty", "yellow", False)


def test_an_overdue_order_already_rectified_brings_no_notice(credit: Credit, supervision: SupervisionLog) -> None:
    credit.receive(
        supervision.ordered(U, "2026-10-01", [], "O1", major=False),
        supervision.verified(U, "2026-10-09", "O1"),
        supervision.overdue(U, "2026-10-12", "O1"),
    )
    assert credit.notices(U) == []


def test_three_penalties_within_twelve_months_are_repeated_violations(
    credit: Credit, supervision: SupervisionLog
) -> None:
    credit.receive(supervision.penalty(U, "2025-12-01"), supervision.penalty(U, "2026-05-01"))
    assert credit.notices(U) == []
    credit.receive(supervision.penalty(U, "2026-10-12"))
    [notice] = credit.notices(U)
    assert notice["rule"] == "repeated_violations"
    credit.close_days("2026-10-12", "2026-10-19")
    standing = credit.standing(U)
    assert standing.tier == "serious_dishonesty"
    assert sum(1 for c in standing.causes if c["event_type"] == "PenaltyDecided") == 3


def test_penalties_spread_over_more_than_twelve_months_are_not_repeated_violations(
    credit: Credit, supervision: SupervisionLog
) -> None:
    credit.receive(
        supervision.penalty(U, "2025-10-12"), supervision.penalty(U, "2026-05-01"), supervision.penalty(U, "2026-10-12")
    )
    assert credit.notices(U) == []


def test_a_fourth_penalty_adds_to_the_open_listing_rather_than_a_new_one(
    credit: Credit, supervision: SupervisionLog
) -> None:
    for day in ("2026-03-02", "2026-05-06", "2026-10-12", "2026-10-14"):
        credit.receive(supervision.penalty(U, day))
    assert len(credit.notices(U)) == 1
    assert sum(1 for c in credit.standing(U).causes if c["event_type"] == "PenaltyDecided") == 4


def test_the_district_sets_the_window_and_the_repeated_violations_rule() -> None:
    policy = credit_policy(
        {
            "CREDIT_OBJECTION_WORKING_DAYS": "3",
            "CREDIT_REPEATED_VIOLATION_PENALTIES": "2",
            "CREDIT_REPEATED_VIOLATION_MONTHS": "6",
        }
    )
    credit, supervision = Credit(policy=policy), SupervisionLog()
    credit.receive(*supervision.unrectified_major_hazard(U, "2026-10-12"))
    assert credit.notices(U)[0]["objection_deadline"] == "2026-10-15"
    credit.receive(supervision.penalty(SHOPPING_MALL, "2026-03-02"), supervision.penalty(SHOPPING_MALL, "2026-10-12"))
    assert credit.notices(SHOPPING_MALL) == []  # more than six months apart
    credit.receive(supervision.penalty(SHOPPING_MALL, "2026-10-14"))
    assert credit.notices(SHOPPING_MALL)[0]["rule"] == "repeated_violations"


def test_a_district_may_blacklist_an_ordinary_overdue_order() -> None:
    credit, supervision = Credit(policy=credit_policy({"CREDIT_OVERDUE_TIER": "serious_dishonesty"})), SupervisionLog()
    credit.receive(supervision.overdue(U, "2026-10-12", "O1"))
    credit.close_days("2026-10-12", "2026-10-19")
    assert credit.tier(U) == "serious_dishonesty"


@pytest.mark.parametrize(
    "setting",
    [
        {"CREDIT_OBJECTION_WORKING_DAYS": "0"},
        {"CREDIT_REPEATED_VIOLATION_PENALTIES": "1"},
        {"CREDIT_OVERDUE_TIER": "red_list"},
    ],
)
def test_settings_that_make_no_sense_are_refused(setting: dict[str, str]) -> None:
    with pytest.raises(ValueError):
        credit_policy(setting)


def test_the_default_parameters_are_the_documented_ones() -> None:
    policy = credit_policy({})
    assert policy == CreditPolicy()
    assert (policy.objection_working_days, policy.repeated_violation_penalties) == (5, 3)
    assert policy.repeated_violation_months == 12
    assert {str(r): p.repair_months for r, p in policy.rules.items()} == {
        "commitment_seriously_false": 12,
        "major_hazard_unrectified": 12,
        "rectification_refused": 12,
        "rectification_overdue": 3,
        "repeated_violations": 12,
        "technical_service_serious_violation": 12,
    }
    assert policy.firm_serious_violation_types == {"false_documents", "unqualified_practice"}
    assert policy.firm_serious_severities == {"serious"}


def test_a_suspended_unit_is_grey_until_its_rectification_is_verified(
    credit: Credit, supervision: SupervisionLog
) -> None:
    credit.receive(
        supervision.ordered(U, "2026-10-01", [], "O1", major=False), supervision.suspended(U, "2026-10-12", "O1")
    )
    assert credit.standing(U).colour == "grey"
    credit.receive(supervision.verified(U, "2026-10-20", "O1"))
    assert credit.standing(U).colour == "green"


def test_a_suspended_unit_is_green_again_when_business_resumes(credit: Credit, supervision: SupervisionLog) -> None:
    credit.receive(supervision.suspended(U, "2026-10-12", "O1"), supervision.resumed(U, "2026-10-22", "O1"))
    standing = credit.standing(U)
    assert (standing.colour, standing.effective_on) == ("green", dt.date(2026, 10, 22))
    assert standing.causes[0]["rule"] == "suspension_lifted"


def test_a_fact_arriving_after_its_day_was_closed_still_gets_a_full_window(
    credit: Credit, supervision: SupervisionLog
) -> None:
    credit.close_day("2026-10-20")
    credit.receive(*supervision.unrectified_major_hazard(U, "2026-10-12"))  # found on the 12th, reported late
    [notice] = credit.notices(U)
    assert (notice["noticed_on"], notice["objection_deadline"]) == ("2026-10-21", "2026-10-28")


def test_a_notice_in_a_year_before_the_calendar_is_refused_not_guessed(supervision: SupervisionLog) -> None:
    credit = Credit(calendar=WorkingDayCalendar())
    with pytest.raises(CalendarYearNotCovered):
        credit.receive(*supervision.unrectified_major_hazard(U, "2003-03-03"))
    # nothing of the overdue stored: the event is retried or dead-lettered
    assert credit.notices(U) == [] and credit.record(U).state.listings == {}


def test_an_objection_window_in_a_year_not_yet_arranged_follows_the_holiday_law_and_says_so(
    supervision: SupervisionLog,
) -> None:
    credit = Credit(calendar=WorkingDayCalendar())
    credit.receive(*supervision.unrectified_major_hazard(U, "2027-02-03"))
    [notice] = credit.notices(U)
    # Five working days from Wednesday 3 February 2027: the provisional Spring Festival (5–10 February) is off.
    assert notice["objection_deadline"] == "2027-02-16"
    assert notice["objection_deadline_provisional"] is True
    [published] = credit.published("ListingNoticeIssued")
    assert published.data["objection_deadline_provisional"] is True


def test_the_same_event_delivered_twice_changes_credit_once(credit: Credit, supervision: SupervisionLog) -> None:
    hazard, order, overdue = supervision.unrectified_major_hazard(U, "2026-10-12")
    assert credit.receive(hazard, order, overdue, overdue) == [True, True, True, False]
    assert len(credit.notices(U)) == 1
    assert len(credit.published("ListingNoticeIssued")) == 1


def test_a_unit_with_only_permits_is_normal_and_never_noticed(credit: Credit) -> None:
    permits = PermitsLog()
    credit.receive(permits.granted(U, "2026-09-01"), permits.granted(U, "2026-09-02"))
    row = credit.unit_row(U)
    assert (row["standing"], row["permits_held"]) == ("normal", 2)
    assert credit.published("StandingChanged") == []


def test_a_revoked_permit_is_no_longer_held(credit: Credit) -> None:
    permits = PermitsLog()
    credit.receive(permits.granted(U, "2026-09-01", permit_no="XF-1"), permits.revoked(U, "2026-10-13", "XF-1"))
    assert credit.unit_row(U)["permits_held"] == 0
    assert credit.record(U).permits_held == 0
