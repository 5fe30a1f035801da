"""P1, P3, P4: filing an application on each route."""

import datetime as dt

import pytest

from services.permits.application import PermitsApplication
from services.permits.commands import InvalidCommand
from services.permits.domain import (
    CommitmentRouteUnavailable,
    PermitApplication,
    PermitRules,
    PilotRouteUnavailable,
    RequestIdReused,
    VenueCategory,
)
from tests.unit.factories import (
    COMMITMENT_MATERIALS,
    NOV_2,
    SPORTS_CENTRE_USCC,
    commitment_application,
    pilot_registration,
    standard_application,
    standing_changed_envelope,
)
from tests.unit.permits_fixtures import at, event_names, permits_app

RECEIVED = at("2026-11-02")


@pytest.fixture
def permits() -> PermitsApplication:
    return permits_app()


def blacklist(app: PermitsApplication, uscc: str) -> None:
    assert app.receive(standing_changed_envelope(position=7, uscc=uscc))


def test_a_sports_venue_on_the_commitment_route_is_granted_at_once(permits: PermitsApplication) -> None:
    application = permits.submit_application(commitment_application(), RECEIVED)
    assert application.status == "granted"
    assert application.permit_no and application.permit_no.startswith("XF2026-")
    assert application.granted_at == NOV_2
    assert event_names(permits) == ["Submitted", "PermitGranted", "CommitmentVerificationRequested"]


def test_the_commitment_verification_is_due_within_20_working_days(permits: PermitsApplication) -> None:
    application = permits.submit_application(commitment_application(), RECEIVED)
    # From Monday 2 November 2026: 20 working days, no holiday in between.
    assert str(application.verification_due_on) == "2026-11-30"


def test_a_repeated_request_id_returns_the_first_result_and_stores_nothing(permits: PermitsApplication) -> None:
    first = permits.submit_application(commitment_application("portal-7"), RECEIVED)
    again = permits.submit_application(commitment_application("portal-7"), at("2026-11-05"))
    assert again.id == first.id
    assert again.permit_no == first.permit_no
    assert len(event_names(permits)) == 3


def test_a_request_id_reused_for_a_different_application_is_refused(permits: PermitsApplication) -> None:
    permits.submit_application(commitment_application("portal-7"), RECEIVED)
    with pytest.raises(RequestIdReused):
        permits.submit_application(commitment_application("portal-7", name="另一个名字"), RECEIVED)
    assert len(event_names(permits)) == 3


def test_a_repeat_sent_after_the_unit_was_blacklisted_still_returns_the_permit_first_granted(
    permits: PermitsApplication,
) -> None:
    first = permits.submit_application(commitment_application("portal-7"), RECEIVED)
    blacklist(permits, SPORTS_CENTRE_USCC)
    again = permits.submit_application(commitment_application("portal-7"), at("2026-11-05"))
    assert (again.id, again.permit_no) == (first.id, first.permit_no)


def test_a_first_submission_reads_nothing_from_the_store_before_it_saves(
    permits: PermitsApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    permits.calendar.current()  # the working-day calendar is read once per process, not per submission
    reads: list[object] = []
    select_events = permits.recorder.select_events
    monkeypatch.setattr(permits.recorder, "select_events", lambda *a, **k: reads.append(a) or select_events(*a, **k))
    permits.submit_application(standard_application("portal-8"), RECEIVED)
    assert reads == []


def test_a_blacklisted_unit_may_not_use_the_commitment_route(permits: PermitsApplication) -> None:
    blacklist(permits, SPORTS_CENTRE_USCC)
    with pytest.raises(CommitmentRouteUnavailable, match=r"unit is blacklisted: commitment route unavailable"):
        permits.submit_application(commitment_application(), RECEIVED)
    assert "Submitted" not in event_names(permits)


def test_a_blacklisted_unit_may_still_apply_on_the_standard_route(permits: PermitsApplication) -> None:
    blacklist(permits, SPORTS_CENTRE_USCC)
    application = permits.submit_application(standard_application(), RECEIVED)
    assert application.status == "submitted"


def test_a_hotel_may_not_use_the_commitment_route_by_default(permits: PermitsApplication) -> None:
    with pytest.raises(CommitmentRouteUnavailable, match="hotel is not eligible"):
        permits.submit_application(commitment_application(venue_category="hotel"), RECEIVED)
    assert event_names(permits) == []


def test_a_district_that_extends_the_commitment_route_admits_hotels() -> None:
    permits = permits_app(PermitRules(commitment_categories=frozenset(VenueCategory)))
    application = permits.submit_application(commitment_application(venue_category="hotel"), RECEIVED)
    assert application.status == "granted"


def test_a_standard_application_waits_for_acceptance(permits: PermitsApplication) -> None:
    application = permits.submit_application(standard_application(), RECEIVED)
    assert application.status == "submitted"
    assert application.permit_no is None
    assert application.clock is not None and application.clock["stage"] == "acceptance"


PILOT_RULES = PermitRules(pilot_complexes=frozenset({"五角场万达广场"}))


def test_a_small_shop_in_a_pilot_complex_registers_and_opens_first() -> None:
    permits = permits_app(PILOT_RULES)
    application = permits.submit_application(pilot_registration(), RECEIVED)
    assert application.status == "registered"
    assert application.permit_no is None
    # The venue's later checks, by USCC, are linked to this registration (P4).
    assert event_names(permits) == ["Submitted", "PilotRegistered", "Linked"]


@pytest.mark.parametrize(
    ("unit", "reason"),
    [
        ({"floor_area_m2": 300.0}, "under 300 m²"),
        ({"venue_category": "catering"}, "catering venues"),
        ({"complex_name": "某普通商场"}, "not a designated pilot complex"),
    ],
)
def test_the_pilot_route_is_refused_with_its_reason(unit: dict[str, object], reason: str) -> None:
    permits = permits_app(PILOT_RULES)
    with pytest.raises(PilotRouteUnavailable, match=reason):
        permits.submit_application(pilot_registration(**unit), RECEIVED)
    assert event_names(permits) == []


def test_bad_input_names_every_bad_field_and_stores_nothing(permits: PermitsApplication) -> None:
    command = commitment_application(uscc="91110000600037341M", name="", floor_area_m2=-5.0)
    with pytest.raises(InvalidCommand) as raised:
        permits.submit_application(command, RECEIVED)
    assert {v.field for v in raised.value.violations} == {"unit.uscc", "unit.name", "unit.floor_area_m2"}
    assert event_names(permits) == []


def test_a_bad_resident_id_and_an_unknown_material_are_named(permits: PermitsApplication) -> None:
    command = commitment_application(legal_representative_id="110105194912310021", materials=("photo",))
    with pytest.raises(InvalidCommand) as raised:
        permits.submit_application(command, RECEIVED)
    assert {v.field for v in raised.value.violations} == {"unit.legal_representative_id", "materials[0]"}


def test_delivery_by_post_needs_an_address(permits: PermitsApplication) -> None:
    command = commitment_application()
    command = type(command)(**{**command.__dict__, "delivery_method": "post"})
    with pytest.raises(InvalidCommand, match=r"delivery\.postal_address"):
        permits.submit_application(command, RECEIVED)


def test_an_unknown_venue_category_lists_the_allowed_ones(permits: PermitsApplication) -> None:
    with pytest.raises(InvalidCommand, match=r"unit.venue_category: must be one of: .*sports_venue"):
        permits.submit_application(commitment_application(venue_category="stadium"), RECEIVED)


def test_an_application_id_is_derived_from_its_request_id() -> None:
    assert PermitApplication.create_id("portal-9") == PermitApplication.create_id("portal-9")
    assert PermitApplication.create_id("portal-9") != PermitApplication.create_id("portal-10")


CHINA = dt.timezone(dt.timedelta(hours=8))
# gRPC hands times over in UTC: 07:30 in Shanghai arrives as 23:30 the evening before.


def test_an_early_morning_filing_counts_from_that_day_in_china_not_the_utc_day_before(
    permits: PermitsApplication,
) -> None:
    early = commitment_application("dawn", materials=COMMITMENT_MATERIALS)
    early = type(early)(
        **{**early.__dict__, "submitted_at": dt.datetime(2026, 11, 2, 7, 30, tzinfo=CHINA).astimezone(dt.UTC)}
    )
    later = commitment_application("morning")
    later = type(later)(**{**later.__dict__, "submitted_at": dt.datetime(2026, 11, 2, 10, 0, tzinfo=CHINA)})
    first = permits.submit_application(early, RECEIVED)
    second = permits.submit_application(later, RECEIVED)
    assert first.verification_due_on == second.verification_due_on == dt.date(2026, 11, 30)


def test_a_permit_granted_early_on_new_years_day_carries_the_new_year(permits: PermitsApplication) -> None:
    command = commitment_application("new-year")
    command = type(command)(
        **{**command.__dict__, "submitted_at": dt.datetime(2026, 1, 1, 7, 0, tzinfo=CHINA).astimezone(dt.UTC)}
    )
    assert (permits.submit_application(command, RECEIVED).permit_no or "").startswith("XF2026-")
