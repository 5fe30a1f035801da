"""C4: credit repair after verified rectification and a minimum period; and what follows a repair."""

from __future__ import annotations

import datetime as dt

import pytest

from services.credit.domain.errors import (
    InvalidRepairApplication,
    NoRepairApplication,
    RepairApplicationAlreadyDecided,
    RepairApplicationPending,
    RepairNotDue,
    RepairNotOpen,
    UnitNotOnRecord,
)
from tests.unit.credit_factories import SHOPPING_MALL, SPORTS_CENTRE, Credit, SupervisionLog

U = SPORTS_CENTRE


@pytest.fixture
def listed() -> tuple[Credit, SupervisionLog]:
    """A unit blacklisted from 20 October 2026 for major hazard H1 under order O1."""
    credit, supervision = Credit(), SupervisionLog()
    credit.receive(*supervision.unrectified_major_hazard(U, "2026-10-12", hazard_id="H1", order_id="O1"))
    credit.close_days("2026-10-12", "2026-10-19")
    assert credit.tier(U) == "serious_dishonesty"
    return credit, supervision


def test_a_blacklisted_unit_is_not_repaired_by_the_day_close_but_on_its_application(
    listed: tuple[Credit, SupervisionLog],
) -> None:
    credit, supervision = listed
    credit.receive(supervision.verified(U, "2026-11-10", "O1"))
    assert credit.unit_row(U)["review_on"] is None  # nothing falls due by itself
    credit.close_day("2027-10-19")
    credit.close_day("2028-03-01")
    assert credit.tier(U) == "serious_dishonesty"
    credit.apply_for_repair(U, "2028-03-02", evidence=("整改复查合格意见书",), statement="锁具已拆除，申请修复")
    [listing] = credit.record(U).state.listings.values()
    assert listing.repair_application is not None and listing.repair_application.pending
    credit.decide_repair(U, True, "2028-03-05")
    standing = credit.standing(U)
    assert (standing.tier, standing.colour, standing.effective_on) == ("normal", "green", dt.date(2028, 3, 5))
    assert {c["rule"] for c in standing.causes} == {"credit_repaired", "rectification_verified"}
    [repaired] = credit.published("CreditRepaired")
    assert (repaired.data["previous_tier"], repaired.data["tier"]) == ("serious_dishonesty", "normal")
    assert repaired.data["repaired_on"] == "2028-03-05"
    [decided] = credit.published("RepairApplicationDecided")
    assert (decided.data["approved"], decided.data["decided_on"], decided.data["rule"]) == (
        True,
        "2028-03-05",
        "major_hazard_unrectified",
    )
    assert credit.notices(U)[0]["status"] == "repaired"


def test_a_repair_is_granted_no_earlier_than_twelve_months_after_listing(
    listed: tuple[Credit, SupervisionLog],
) -> None:
    credit, supervision = listed
    credit.receive(supervision.verified(U, "2026-11-10", "O1"))
    credit.apply_for_repair(U, "2026-11-11")
    with pytest.raises(RepairNotDue, match="repairable from 2027-10-20"):
        credit.decide_repair(U, True, "2027-10-19")
    assert credit.tier(U) == "serious_dishonesty"
    credit.decide_repair(U, True, "2027-10-20")
    assert (credit.tier(U), credit.standing(U).effective_on) == ("normal", dt.date(2027, 10, 20))


def test_a_repair_cannot_be_granted_before_the_rectification_is_verified(
    listed: tuple[Credit, SupervisionLog],
) -> None:
    credit, _ = listed
    credit.apply_for_repair(U, "2027-11-01")
    with pytest.raises(RepairNotDue, match="not rectified"):
        credit.decide_repair(U, True, "2027-11-02")
    assert credit.tier(U) == "serious_dishonesty"


def test_a_refused_application_keeps_the_listing_tells_the_reasons_and_the_unit_may_apply_again(
    listed: tuple[Credit, SupervisionLog],
) -> None:
    credit, supervision = listed
    credit.receive(supervision.verified(U, "2026-11-10", "O1"))
    first = credit.apply_for_repair(U, "2027-11-01", evidence=("照片",))
    with pytest.raises(InvalidRepairApplication, match="reasons"):
        credit.decide_repair(U, False, "2027-11-03")
    credit.decide_repair(U, False, "2027-11-03", reasons="整改证明材料不全，缺少复查意见书")
    assert credit.tier(U) == "serious_dishonesty"
    [refused] = credit.published("RepairApplicationDecided")
    assert (refused.data.get("approved", False), refused.data["reasons"]) == (False, "整改证明材料不全，缺少复查意见书")
    assert refused.data["application_id"] == first
    [listing] = credit.record(U).state.listings.values()
    assert listing.repair_application is not None and listing.repair_application.outcome == "refused"
    second = credit.apply_for_repair(U, "2027-11-10")
    assert second != first
    credit.decide_repair(U, True, "2027-11-12")
    assert credit.tier(U) == "normal"


def test_a_repair_application_states_its_evidence_and_what_was_corrected(
    listed: tuple[Credit, SupervisionLog],
) -> None:
    credit, _ = listed
    events = len(credit.app.recorder.select_notifications(1, 1000))
    with pytest.raises(InvalidRepairApplication, match="evidence"):
        credit.apply_for_repair(U, "2027-11-01", evidence=())
    with pytest.raises(InvalidRepairApplication, match="evidence"):
        credit.apply_for_repair(U, "2027-11-01", evidence=("整改报告", " "))
    with pytest.raises(InvalidRepairApplication, match="statement"):
        credit.apply_for_repair(U, "2027-11-01", statement="  ")
    with pytest.raises(InvalidRepairApplication, match="filed_on"):
        credit.apply_for_repair(U, "2026-10-19")  # the day before the listing took effect
    assert len(credit.app.recorder.select_notifications(1, 1000)) == events  # nothing stored


def test_one_application_at_a_time_and_the_same_one_recorded_once(listed: tuple[Credit, SupervisionLog]) -> None:
    credit, _ = listed
    first = credit.apply_for_repair(U, "2027-11-01")
    events = len(credit.app.recorder.select_notifications(1, 1000))
    assert credit.apply_for_repair(U, "2027-11-01") == first
    assert len(credit.app.recorder.select_notifications(1, 1000)) == events
    with pytest.raises(RepairApplicationPending):
        credit.apply_for_repair(U, "2027-11-02", statement="再次申请")
    with pytest.raises(UnitNotOnRecord):
        credit.app.apply_for_repair(SHOPPING_MALL, credit.notice_id(U), dt.date(2027, 11, 2), ["照片"], "已整改")


def test_only_a_listing_in_force_is_repaired_on_application() -> None:
    credit, supervision = Credit(), SupervisionLog()
    credit.receive(*supervision.unrectified_major_hazard(U, "2026-10-12"))
    with pytest.raises(RepairNotOpen):
        credit.apply_for_repair(U, "2026-10-13")  # still noticed: the unit objects instead (异议)
    with pytest.raises(NoRepairApplication):
        credit.decide_repair(U, True, "2026-10-13")


def test_a_decision_is_taken_once(listed: tuple[Credit, SupervisionLog]) -> None:
    credit, supervision = listed
    credit.receive(supervision.verified(U, "2026-11-10", "O1"))
    credit.apply_for_repair(U, "2027-11-01")
    credit.decide_repair(U, True, "2027-11-02")
    credit.decide_repair(U, True, "2027-11-02")  # the same decision again: no effect
    assert len(credit.published("CreditRepaired")) == 1
    with pytest.raises((RepairApplicationAlreadyDecided, RepairNotOpen)):
        credit.decide_repair(U, False, "2027-11-03", reasons="另议")


def test_a_district_may_make_the_repair_of_the_blacklist_automatic() -> None:
    from services.credit.settings import credit_policy

    policy = credit_policy({"CREDIT_AUTOMATIC_REPAIR_TIERS": "general_dishonesty,serious_dishonesty"})
    credit, supervision = Credit(policy=policy), SupervisionLog()
    credit.receive(*supervision.unrectified_major_hazard(U, "2026-10-12", order_id="O1"))
    credit.close_day("2026-10-19")
    credit.receive(supervision.verified(U, "2026-11-10", "O1"))
    assert credit.unit_row(U)["review_on"] == "2027-10-19"
    credit.close_day("2027-10-19")
    assert (credit.tier(U), credit.standing(U).effective_on) == ("normal", dt.date(2027, 10, 20))
    with pytest.raises(ValueError, match="CREDIT_AUTOMATIC_REPAIR_TIERS"):
        credit_policy({"CREDIT_AUTOMATIC_REPAIR_TIERS": "red_list"})


def test_repair_then_a_new_major_hazard_brings_a_new_notice_and_a_new_listing(
    listed: tuple[Credit, SupervisionLog],
) -> None:
    credit, supervision = listed
    credit.receive(supervision.verified(U, "2026-11-10", "O1"))
    credit.close_day("2027-10-19")
    credit.repair_on_application(U, "2027-10-20")
    assert credit.tier(U) == "normal"
    credit.receive(*supervision.unrectified_major_hazard(U, "2027-11-08", hazard_id="H2"))
    assert [n["status"] for n in credit.notices(U)] == ["repaired", "noticed"]
    credit.close_day("2027-11-15")
    standing = credit.standing(U)
    assert standing.tier == "serious_dishonesty"
    assert standing.effective_on == dt.date(2027, 11, 16)
    assert [str(t) for t in (e.tier for e in credit.record(U).history_until())] == [
        "normal",
        "serious_dishonesty",
        "normal",
        "normal",
        "serious_dishonesty",
    ]


def test_the_same_order_reported_overdue_again_after_repair_is_not_listed_twice(
    listed: tuple[Credit, SupervisionLog],
) -> None:
    credit, supervision = listed
    credit.receive(supervision.verified(U, "2026-11-10", "O1"))
    credit.repair_on_application(U, "2027-10-20")
    credit.receive(supervision.hazard(U, "2027-11-08", hazard_id="H1"), supervision.overdue(U, "2027-11-08", "O1"))
    assert len(credit.notices(U)) == 1


def test_general_dishonesty_is_repaired_after_three_months() -> None:
    credit, supervision = Credit(), SupervisionLog()
    credit.receive(supervision.overdue(U, "2026-10-12", "O1"))
    credit.close_days("2026-10-12", "2026-10-19")
    credit.receive(supervision.verified(U, "2026-10-28", "O1"))
    credit.close_day("2027-01-19")
    assert credit.tier(U) == "normal"
    assert credit.standing(U).effective_on == dt.date(2027, 1, 20)


def test_with_two_listings_the_unit_stays_blacklisted_until_both_are_repaired() -> None:
    credit, supervision = Credit(), SupervisionLog()
    credit.receive(
        *supervision.unrectified_major_hazard(U, "2026-10-12", hazard_id="H1", order_id="O1"),
        supervision.overdue(U, "2026-10-12", "O9"),
    )
    credit.close_day("2026-10-19")
    assert credit.standing(U).listed_rules == ("major_hazard_unrectified", "rectification_overdue")
    credit.receive(supervision.verified(U, "2026-11-02", "O9"))
    credit.close_day("2027-01-19")
    standing = credit.standing(U)
    assert (standing.tier, standing.listed_rules) == ("serious_dishonesty", ("major_hazard_unrectified",))
    [repaired] = credit.published("CreditRepaired")
    assert (repaired.data["previous_tier"], repaired.data["tier"]) == ("serious_dishonesty", "serious_dishonesty")


def test_repeated_violations_are_repaired_after_a_clean_inspection_and_old_penalties_no_longer_count() -> None:
    credit, supervision = Credit(), SupervisionLog()
    for day in ("2026-03-02", "2026-05-06", "2026-10-12"):
        credit.receive(supervision.penalty(U, day))
    credit.close_day("2026-10-19")
    credit.receive(supervision.inspection(U, "2026-12-01"))
    credit.close_day("2027-10-19")
    credit.repair_on_application(U, "2027-10-20")
    assert credit.tier(U) == "normal"
    credit.receive(supervision.penalty(U, "2027-10-25"))
    assert [n["status"] for n in credit.notices(U)] == ["repaired"]


def test_an_inspection_with_problems_does_not_rectify_repeated_violations() -> None:
    credit, supervision = Credit(), SupervisionLog()
    for day in ("2026-03-02", "2026-05-06", "2026-10-12"):
        credit.receive(supervision.penalty(U, day))
    credit.close_day("2026-10-19")
    credit.receive(supervision.inspection(U, "2026-12-01", violations=1))
    assert credit.unit_row(U)["review_on"] == "2026-12-31"  # only the turn of the year is due
    credit.close_day("2027-12-01")
    assert credit.tier(U) == "serious_dishonesty"


def test_a_district_with_a_shorter_minimum_period_repairs_sooner() -> None:
    from services.credit.settings import credit_policy

    credit, supervision = Credit(policy=credit_policy({"CREDIT_REPAIR_MONTHS_SERIOUS": "6"})), SupervisionLog()
    credit.receive(*supervision.unrectified_major_hazard(U, "2026-10-12", hazard_id="H1", order_id="O"))
    credit.close_day("2026-10-19")
    credit.receive(supervision.verified(U, "2026-11-10", "O"))
    credit.apply_for_repair(U, "2027-04-19")
    with pytest.raises(RepairNotDue):
        credit.decide_repair(U, True, "2027-04-19")
    credit.decide_repair(U, True, "2027-04-20")
    assert credit.tier(U) == "normal"
