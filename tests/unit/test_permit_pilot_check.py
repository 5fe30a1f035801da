"""P4: the after-the-fact check of a venue that opened first, tracked to its result (000 Yangpu:
列入后续监管名单，择期进行现场检查，若事后监管中发现问题会及时帮助其改正)."""

from __future__ import annotations

import datetime as dt

from firesafety.supervision.v1 import events_pb2 as supervision
from services.permits.application import PermitsApplication
from services.permits.domain import PermitRules
from services.permits.entrypoints.grpc_mapping import application_message
from tests.unit.factories import SPORTS_CENTRE_USCC, pilot_registration, supervision_envelope
from tests.unit.permits_fixtures import at, event_names, permits_app

PILOT_RULES = PermitRules(pilot_complexes=frozenset({"五角场万达广场"}))
CHECK = "insp-pilot-1"
ORDER = "order-pilot-1"


def registered(request_id: str = "portal-pilot-1") -> tuple[PermitsApplication, object]:
    permits = permits_app(PILOT_RULES)
    application = permits.submit_application(pilot_registration(request_id), at("2026-11-02"))
    return permits, application.id


def checked(position: int, hazards: int = 0, violations: int = 0, purpose: str = "pilot", uscc: str = "") -> object:
    return supervision_envelope(
        position,
        supervision.InspectionRecorded(
            inspection_id=f"{CHECK}-{position}" if position > 10 else CHECK,
            uscc=uscc or SPORTS_CENTRE_USCC,
            purpose=purpose,
            mode="on_site",
            hazards=hazards,
            violations=violations,
            inspected_on="2026-11-20",
        ),
        "2026-11-20T16:00:00+08:00",
    )


def ordered(position: int = 6) -> object:
    return supervision_envelope(
        position,
        supervision.RectificationOrdered(
            order_id=ORDER, uscc=SPORTS_CENTRE_USCC, inspection_id=CHECK, deadline="2026-12-04", ordered_on="2026-11-23"
        ),
        "2026-11-23T10:00:00+08:00",
    )


def test_a_pilot_check_that_found_nothing_is_recorded_on_the_registration() -> None:
    permits, application_id = registered()
    assert permits.receive(checked(5))  # type: ignore[arg-type]
    application = permits.get_application(application_id)  # type: ignore[arg-type]
    assert application.status == "registered"
    assert application_message(application).pilot_check.outcome == "no_problem"
    assert application.pilot_check == {
        "inspection_id": CHECK,
        "inspected_on": dt.date(2026, 11, 20),
        "outcome": "no_problem",
    }


def test_problems_a_pilot_check_found_are_followed_to_their_rectification() -> None:
    permits, application_id = registered()
    permits.receive(checked(5, hazards=1))  # type: ignore[arg-type]
    permits.receive(ordered())  # type: ignore[arg-type]
    assert permits.get_application(application_id).pilot_check["outcome"] == "problems_found"  # type: ignore[arg-type,index]
    permits.receive(
        supervision_envelope(
            7,
            supervision.RectificationVerified(order_id=ORDER, uscc=SPORTS_CENTRE_USCC, verified_on="2026-12-02"),
            "2026-12-02T15:00:00+08:00",
        )
    )
    assert permits.get_application(application_id).pilot_check["outcome"] == "rectified"  # type: ignore[arg-type,index]


def test_a_pilot_venue_that_does_not_rectify_is_recorded_as_such() -> None:
    permits, application_id = registered()
    permits.receive(checked(5, violations=1))  # type: ignore[arg-type]
    permits.receive(ordered())  # type: ignore[arg-type]
    permits.receive(
        supervision_envelope(
            7,
            supervision.RectificationOverdue(order_id=ORDER, uscc=SPORTS_CENTRE_USCC, overdue_on="2026-12-04"),
            "2026-12-04T23:59:59+08:00",
        )
    )
    application = permits.get_application(application_id)  # type: ignore[arg-type]
    assert application.status == "registered"  # no permit to revoke
    assert application.pilot_check is not None and application.pilot_check["outcome"] == "not_rectified"
    check = application_message(application).pilot_check
    assert (check.inspection_id, check.inspected_on, check.outcome) == (CHECK, "2026-11-20", "not_rectified")
    assert event_names(permits)[-1] == "PilotRectificationOverdue"


def test_a_check_of_another_purpose_or_of_a_venue_not_registered_changes_nothing() -> None:
    permits, _ = registered()
    before = event_names(permits)
    permits.receive(checked(5, purpose="random"))  # type: ignore[arg-type]
    permits.receive(checked(6, uscc="91310000MA1FL4B24G"))  # type: ignore[arg-type]
    assert event_names(permits) == before


def test_a_repeated_delivery_of_the_check_records_it_once() -> None:
    permits, _ = registered()
    check = checked(5)
    assert permits.receive(check)  # type: ignore[arg-type]
    assert not permits.receive(check)  # type: ignore[arg-type]
    assert event_names(permits).count("PilotCheckRecorded") == 1


def test_a_venue_registered_again_has_its_later_checks_recorded_on_the_new_registration() -> None:
    permits, first = registered()
    second = permits.submit_application(
        pilot_registration("portal-pilot-2", venue_name="某奶茶店二店"), at("2026-11-09")
    )
    permits.receive(checked(5))  # type: ignore[arg-type]
    assert permits.get_application(first).pilot_check is None  # type: ignore[arg-type]
    assert permits.get_application(second.id).pilot_check is not None
