"""C4: credit repair after verified rectification and a minimum period; and what follows a repair."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.unit.credit_factories import SPORTS_CENTRE, Credit, SupervisionLog

U = SPORTS_CENTRE


@pytest.fixture
def listed() -> tuple[Credit, SupervisionLog]:
    """A unit blacklisted from 20 October 2026 for major hazard H1 under order O1."""
    credit, supervision = Credit(), SupervisionLog()
    credit.receive(*supervision.unrectified_major_hazard(U, "2026-10-12", hazard_id="H1", order_id="O1"))
    credit.close_days("2026-10-12", "2026-10-19")
    assert credit.tier(U) == "serious_dishonesty"
    return credit, supervision


def test_a_blacklisted_unit_is_repaired_twelve_months_after_listing_once_rectified(
    listed: tuple[Credit, SupervisionLog],
) -> None:
    credit, supervision = listed
    credit.receive(supervision.verified(U, "2026-11-10", "O1"))
    assert credit.unit_row(U)["review_on"] == "2027-10-19"
    credit.close_day("2027-10-18")
    assert credit.tier(U) == "serious_dishonesty"
    credit.close_day("2027-10-19")
    standing = credit.standing(U)
    assert (standing.tier, standing.colour, standing.effective_on) == ("normal", "green", dt.date(2027, 10, 20))
    assert {c["rule"] for c in standing.causes} == {"credit_repaired", "rectification_verified"}
    [repaired] = credit.published("CreditRepaired")
    assert (repaired.data["previous_tier"], repaired.data["tier"]) == ("serious_dishonesty", "normal")
    assert repaired.data["repaired_on"] == "2027-10-20"
    assert credit.notices(U)[0]["status"] == "repaired"


def test_no_repair_without_verified_rectification(listed: tuple[Credit, SupervisionLog]) -> None:
    credit, _ = listed
    assert credit.unit_row(U)["review_on"] is None
    credit.close_day("2029-01-10")
    assert credit.tier(U) == "serious_dishonesty"


def test_rectified_late_the_repair_comes_the_day_after_verification(listed: tuple[Credit, SupervisionLog]) -> None:
    credit, supervision = listed
    credit.close_day("2027-11-01")
    credit.receive(supervision.verified(U, "2027-11-15", "O1"))
    credit.close_day("2027-11-15")
    assert credit.standing(U).effective_on == dt.date(2027, 11, 16)
    assert credit.tier(U) == "normal"


def test_repair_then_a_new_major_hazard_brings_a_new_notice_and_a_new_listing(
    listed: tuple[Credit, SupervisionLog],
) -> None:
    credit, supervision = listed
    credit.receive(supervision.verified(U, "2026-11-10", "O1"))
    credit.close_day("2027-10-19")
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
    credit.close_day("2027-10-19")
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
    credit.close_day("2027-04-19")
    assert credit.tier(U) == "normal"
