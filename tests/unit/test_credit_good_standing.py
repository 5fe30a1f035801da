"""C3 and C5: good standing (守信激励) for reduced inspection, and the four colours."""

from __future__ import annotations

import datetime as dt

import pytest

from firesafety.credit.v1 import credit_pb2
from tests.unit.credit_factories import SHOPPING_MALL, SPORTS_CENTRE, Credit, PermitsLog, SupervisionLog

U = SPORTS_CENTRE


@pytest.fixture
def credit() -> Credit:
    return Credit()


@pytest.fixture
def supervision() -> SupervisionLog:
    return SupervisionLog()


def test_a_unit_inspected_last_year_without_hazard_or_violation_is_red_listed_when_the_year_turns(
    credit: Credit, supervision: SupervisionLog
) -> None:
    credit.receive(supervision.inspection(U, "2026-06-10"))
    assert credit.tier(U) == "normal"
    assert credit.unit_row(U)["review_on"] == "2026-12-31"
    credit.close_day("2026-12-30")
    assert credit.tier(U) == "normal"
    credit.close_day("2026-12-31")
    standing = credit.standing(U)
    assert (standing.tier, standing.colour, standing.reduced_inspection) == ("red_list", "green", True)
    assert standing.effective_on == dt.date(2027, 1, 1)
    assert standing.causes[0]["event_type"] == "InspectionRecorded"
    assert standing.causes[0]["rule"] == "good_standing"
    [published] = credit.published("StandingChanged")
    assert (published.data["tier"], published.data["reduced_inspection"]) == ("red_list", True)


@pytest.mark.parametrize(
    "problem",
    [
        lambda s: s.hazard(U, "2026-08-01", grade="general"),
        lambda s: s.violation(U, "2026-08-01", corrected=True),
        lambda s: s.penalty(U, "2026-08-01"),
        lambda s: s.inspection(U, "2026-08-01", hazards=1),
    ],
    ids=["hazard", "violation-corrected-on-the-spot", "penalty", "inspection-with-hazards"],
)
def test_a_problem_last_year_keeps_the_unit_out_of_the_red_list(
    credit: Credit, supervision: SupervisionLog, problem: object
) -> None:
    credit.receive(supervision.inspection(U, "2026-06-10"), problem(supervision))  # type: ignore[operator]
    credit.close_day("2026-12-31")
    assert credit.tier(U) == "normal"


def test_a_unit_not_inspected_last_year_is_not_red_listed(credit: Credit) -> None:
    credit.receive(PermitsLog().granted(U, "2026-03-01"))
    credit.close_day("2026-12-31")
    assert credit.standing(U).reduced_inspection is False


def test_good_standing_ends_when_a_year_passes_without_inspection(credit: Credit, supervision: SupervisionLog) -> None:
    credit.receive(supervision.inspection(U, "2026-06-10"))
    credit.close_day("2026-12-31")
    assert credit.tier(U) == "red_list"
    assert credit.unit_row(U)["review_on"] == "2027-12-31"
    credit.close_day("2027-12-31")
    assert credit.tier(U) == "normal"
    assert credit.standing(U).causes[0]["rule"] == "good_standing_reviewed"
    assert credit.unit_row(U)["review_on"] is None


def test_good_standing_goes_on_with_another_clean_inspection(credit: Credit, supervision: SupervisionLog) -> None:
    credit.receive(supervision.inspection(U, "2026-06-10"))
    credit.close_day("2026-12-31")
    credit.receive(supervision.inspection(U, "2027-05-10"))
    credit.close_day("2027-12-31")
    assert credit.tier(U) == "red_list"
    assert credit.standing(U).causes[0]["time"] == "2027-05-10"


def test_a_hazard_this_year_ends_good_standing_at_once(credit: Credit, supervision: SupervisionLog) -> None:
    credit.receive(supervision.inspection(U, "2026-06-10"))
    credit.close_day("2026-12-31")
    credit.receive(supervision.hazard(U, "2027-03-01", grade="general"))
    standing = credit.standing(U)
    assert (standing.tier, standing.reduced_inspection, standing.effective_on) == (
        "normal",
        False,
        dt.date(2027, 3, 1),
    )
    assert standing.causes[0]["event_type"] == "HazardFound"


def test_an_inspection_reported_late_counts_for_the_year_it_happened(
    credit: Credit, supervision: SupervisionLog
) -> None:
    credit.receive(supervision.inspection(SHOPPING_MALL, "2026-03-01"))
    credit.close_day("2026-12-31")
    credit.receive(supervision.inspection(U, "2026-12-30"))  # recorded on the 30th, reported in January
    assert credit.tier(U) == "red_list"
    assert credit.standing(U).effective_on == dt.date(2027, 1, 1)


def test_the_four_colours(credit: Credit, supervision: SupervisionLog) -> None:
    units = {name: f"9131000000000{i:04d}" for i, name in enumerate(["green", "yellow", "grey", "red"])}
    from stdnum.cn import uscc

    units = {name: value + uscc.calc_check_digit(value) for name, value in units.items()}
    credit.receive(
        supervision.inspection(units["green"], "2026-10-12"),
        supervision.hazard(units["yellow"], "2026-10-12"),
        supervision.suspended(units["grey"], "2026-10-12", "O1"),
        supervision.commitment(units["red"], "2026-10-09"),
    )
    credit.close_day("2026-10-16")
    assert {name: str(credit.standing(u).colour) for name, u in units.items()} == {
        "green": "green",
        "yellow": "yellow",
        "grey": "grey",
        "red": "red",
    }


def test_a_change_of_colour_alone_shows_the_colour_it_came_from(credit: Credit, supervision: SupervisionLog) -> None:
    from services.credit.entrypoints.grpc_mapping import history_entry

    credit.receive(supervision.inspection(U, "2026-09-01"))
    credit.receive(
        supervision.hazard(U, "2026-10-12", hazard_id="H1"), supervision.ordered(U, "2026-10-12", ["H1"], "O1")
    )
    credit.receive(supervision.verified(U, "2026-11-02", "O1"))
    changes = credit.published("StandingChanged")
    assert [(c.data["previous_colour"], c.data["colour"]) for c in changes] == [
        ("green", "yellow"),
        ("yellow", "green"),
    ]
    assert {c.data["tier"] for c in changes} == {"normal"}  # the tier never moved
    [*_, opened, closed] = credit.record(U).history_until()
    assert (history_entry(opened).previous_colour, history_entry(opened).colour) == (
        credit_pb2.COLOUR_GREEN,
        credit_pb2.COLOUR_YELLOW,
    )
    assert history_entry(closed).previous_colour == credit_pb2.COLOUR_YELLOW
