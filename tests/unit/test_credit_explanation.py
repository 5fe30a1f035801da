"""C6 and time travel: every standing names its causes; the standing of any unit on any past day."""

from __future__ import annotations

import datetime as dt

import pytest

from services.credit.domain import ListingStatus
from tests.unit.credit_factories import SPORTS_CENTRE, Credit, PermitsLog, SupervisionLog

U = SPORTS_CENTRE


@pytest.fixture
def history() -> tuple[Credit, SupervisionLog, PermitsLog]:
    """Permit in September; major hazard left overdue on 12 October; listed on the 20th; rectified
    10 November; repaired on the unit's application, approved on 20 October 2027."""
    credit, supervision, permits = Credit(), SupervisionLog(), PermitsLog()
    credit.receive(permits.granted(U, "2026-09-01"))
    credit.receive(*supervision.unrectified_major_hazard(U, "2026-10-12", hazard_id="H1", order_id="O1"))
    credit.close_days("2026-10-12", "2026-10-19")
    credit.receive(supervision.verified(U, "2026-11-10", "O1"))
    credit.close_day("2027-10-19")
    credit.repair_on_application(U, "2027-10-20")
    return credit, supervision, permits


def test_a_blacklisting_names_the_supervision_event_the_notice_and_the_day_close(
    history: tuple[Credit, SupervisionLog, PermitsLog],
) -> None:
    credit, supervision, _ = history
    hazard, _, overdue = supervision.envelopes[:3]
    causes = credit.standing(U, as_of="2026-10-20").causes
    assert [(c["service"], c["event_type"], c["rule"]) for c in causes] == [
        ("supervision", "HazardFound", "major_hazard_unrectified"),
        ("supervision", "RectificationOverdue", "major_hazard_unrectified"),
        ("credit", "ListingNoticeIssued", "notice_before_listing"),
        ("credit", "DayClosed", "objection_window_closed"),
    ]
    assert causes[0]["event_id"] == hazard.event_id
    assert causes[0]["position"] == hazard.position
    assert causes[0]["time"] == "2026-10-12"
    assert causes[1]["event_id"] == overdue.event_id
    notice_event = credit.published("ListingNoticeIssued")[0]
    assert causes[2]["event_id"] == notice_event.event_id  # the id partners see on credit.events
    assert causes[3]["time"] == "2026-10-19"


def test_a_unit_with_only_a_permit_is_normal_because_of_its_first_event() -> None:
    credit, permits = Credit(), PermitsLog()
    granted = permits.granted(U, "2026-09-01")
    credit.receive(granted)
    [cause] = credit.standing(U).causes
    assert (cause["event_id"], cause["rule"]) == (granted.event_id, "on_record")


@pytest.mark.parametrize(
    ("day", "tier", "colour"),
    [
        ("2026-09-01", "normal", "green"),
        ("2026-10-11", "normal", "green"),
        ("2026-10-12", "normal", "yellow"),
        ("2026-10-19", "normal", "yellow"),
        ("2026-10-20", "serious_dishonesty", "red"),
        ("2027-10-19", "serious_dishonesty", "red"),
        ("2027-10-20", "normal", "green"),
        ("2030-01-01", "normal", "green"),
    ],
)
def test_the_standing_of_a_unit_as_of_any_past_day(
    history: tuple[Credit, SupervisionLog, PermitsLog], day: str, tier: str, colour: str
) -> None:
    credit, _, _ = history
    standing = credit.standing(U, as_of=day)
    assert (standing.tier, standing.colour) == (tier, colour)


def test_before_its_first_event_a_unit_has_no_standing(history: tuple[Credit, SupervisionLog, PermitsLog]) -> None:
    credit, _, _ = history
    assert credit.record(U).standing(dt.date(2026, 8, 31)) is None


def test_listings_as_of_a_day_have_the_status_they_had_then(
    history: tuple[Credit, SupervisionLog, PermitsLog],
) -> None:
    credit, _, _ = history
    record = credit.record(U)
    statuses = {
        day: [status for _, status in record.listings_on(dt.date.fromisoformat(day))]
        for day in ("2026-10-11", "2026-10-15", "2026-11-30", "2027-10-20")
    }
    assert statuses == {
        "2026-10-11": [],
        "2026-10-15": [ListingStatus.NOTICED],
        "2026-11-30": [ListingStatus.LISTED],
        "2027-10-20": [ListingStatus.REPAIRED],
    }


def test_the_history_lists_every_change_with_its_causes(history: tuple[Credit, SupervisionLog, PermitsLog]) -> None:
    credit, _, _ = history
    changes = credit.record(U).history_until()
    assert [(str(c.effective_on), str(c.tier), str(c.colour)) for c in changes] == [
        ("2026-10-12", "normal", "yellow"),
        ("2026-10-20", "serious_dishonesty", "red"),
        ("2027-10-20", "normal", "green"),
    ]
    assert all(change.causes for change in changes)
    assert {c["rule"] for c in changes[-1].causes} == {"credit_repaired", "rectification_verified"}
    assert changes[-1].previous_colour == "red"
    assert credit.record(U).history_until(dt.date(2026, 10, 31)) == changes[:2]
