import datetime as dt

import pytest

from kit.database import IN_MEMORY_ENV
from services.permits.application import PermitsApplication
from services.permits.commands import InvalidCommand
from services.permits.domain import CommitmentRouteUnavailable, PermitApplication, PermitRules, VenueCategory
from tests.unit.factories import NOV_2, commitment_application

RECEIVED = dt.datetime(2026, 11, 2, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def permits() -> PermitsApplication:
    return PermitsApplication(env=IN_MEMORY_ENV)


def stored_events(app: PermitsApplication) -> int:
    return len(app.recorder.select_notifications(start=1, limit=1000))


def test_a_sports_venue_on_the_commitment_route_is_granted_at_once(permits: PermitsApplication) -> None:
    application = permits.submit_application(commitment_application(), RECEIVED)
    assert application.status == "granted"
    assert application.permit_no and application.permit_no.startswith("XF2026-")
    assert application.granted_at == NOV_2
    events = [permits.mapper.to_domain_event(n) for n in permits.recorder.select_notifications(1, 10)]
    assert [type(e).__name__ for e in events] == ["Submitted", "PermitGranted"]


def test_a_repeated_request_id_returns_the_first_result_and_stores_nothing(
    permits: PermitsApplication,
) -> None:
    first = permits.submit_application(commitment_application("portal-7"), RECEIVED)
    again = permits.submit_application(commitment_application("portal-7", name="另一个名字"), RECEIVED)
    assert again.id == first.id
    assert again.unit["name"] == first.unit["name"]
    assert stored_events(permits) == 2


def test_a_hotel_may_not_use_the_commitment_route_by_default(permits: PermitsApplication) -> None:
    with pytest.raises(CommitmentRouteUnavailable, match="hotel is not eligible"):
        permits.submit_application(commitment_application(venue_category="hotel"), RECEIVED)
    assert stored_events(permits) == 0


def test_a_district_that_extends_the_commitment_route_admits_hotels() -> None:
    rules = PermitRules(commitment_categories=frozenset(VenueCategory))
    permits = PermitsApplication(env=IN_MEMORY_ENV, rules=rules)
    application = permits.submit_application(commitment_application(venue_category="hotel"), RECEIVED)
    assert application.status == "granted"


def test_the_commitment_route_needs_every_required_material(permits: PermitsApplication) -> None:
    command = commitment_application()
    command = type(command)(**{**command.__dict__, "materials": ("commitment_letter",)})
    with pytest.raises(CommitmentRouteUnavailable, match="business_licence"):
        permits.submit_application(command, RECEIVED)
    assert stored_events(permits) == 0


def test_bad_input_names_every_bad_field_and_stores_nothing(permits: PermitsApplication) -> None:
    command = commitment_application(uscc="91110000600037341M", name="", floor_area_m2=-5.0)
    with pytest.raises(InvalidCommand) as raised:
        permits.submit_application(command, RECEIVED)
    fields = {v.field for v in raised.value.violations}
    assert fields == {"unit.uscc", "unit.name", "unit.floor_area_m2"}
    assert stored_events(permits) == 0


def test_an_unknown_venue_category_lists_the_allowed_ones(permits: PermitsApplication) -> None:
    with pytest.raises(InvalidCommand, match=r"unit.venue_category: must be one of: .*sports_venue"):
        permits.submit_application(commitment_application(venue_category="stadium"), RECEIVED)


def test_an_application_id_is_derived_from_its_request_id() -> None:
    first = PermitApplication.create_id("portal-9")
    assert PermitApplication.create_id("portal-9") == first


def test_a_standard_application_waits_for_acceptance(permits: PermitsApplication) -> None:
    command = commitment_application()
    command = type(command)(**{**command.__dict__, "route": "standard"})
    application = permits.submit_application(command, RECEIVED)
    assert application.status == "submitted"
    assert application.permit_no is None
