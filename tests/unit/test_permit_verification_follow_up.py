"""P3: what a commitment verification found is rectified, or the permit is lost (Fire Law art. 15)."""

from __future__ import annotations

import datetime as dt
import uuid

from firesafety.supervision.v1 import events_pb2 as supervision
from services.permits.application import PermitsApplication
from tests.unit.factories import (
    SPORTS_CENTRE_USCC,
    commitment_application,
    commitment_verified_envelope,
    supervision_envelope,
)
from tests.unit.permits_fixtures import at, event_names, permits_app

INSPECTION = "insp-verification-1"
ORDER = "order-after-verification-1"


def verified_with_problems(result: str = "problems_found") -> tuple[PermitsApplication, uuid.UUID]:
    permits = permits_app()
    application = permits.submit_application(commitment_application(), at("2026-11-02"))
    permits.receive(
        commitment_verified_envelope(
            position=10, application_id=str(application.id), result=result, inspection_id=INSPECTION
        )
    )
    return permits, application.id


def ordered(position: int = 11, inspection_id: str = INSPECTION, order_id: str = ORDER) -> object:
    return supervision_envelope(
        position,
        supervision.RectificationOrdered(
            order_id=order_id,
            uscc=SPORTS_CENTRE_USCC,
            inspection_id=inspection_id,
            deadline="2026-12-04",
            ordered_on="2026-11-23",
            hazard_ids=["h1"],
        ),
        "2026-11-23T10:00:00+08:00",
    )


def overdue(position: int = 12, refused: bool = False) -> object:
    return supervision_envelope(
        position,
        supervision.RectificationOverdue(
            order_id=ORDER, uscc=SPORTS_CENTRE_USCC, deadline="2026-12-04", overdue_on="2026-12-04", refused=refused
        ),
        "2026-12-04T23:59:59+08:00",
    )


def reinspected_rectified(position: int = 12) -> object:
    return supervision_envelope(
        position,
        supervision.RectificationVerified(order_id=ORDER, uscc=SPORTS_CENTRE_USCC, verified_on="2026-12-03"),
        "2026-12-03T15:00:00+08:00",
    )


def test_a_verification_that_found_problems_keeps_the_permit_while_it_is_rectified() -> None:
    permits, application_id = verified_with_problems()
    permits.receive(ordered())  # type: ignore[arg-type]
    application = permits.get_application(application_id)
    assert (application.status, application.verification_result) == ("granted", "problems_found")
    assert application.rectification_orders == {ORDER: {"deadline": dt.date(2026, 12, 4), "status": "ordered"}}


def test_a_unit_that_fails_to_rectify_what_the_verification_found_loses_its_permit_once() -> None:
    permits, application_id = verified_with_problems()
    permits.receive(ordered())  # type: ignore[arg-type]
    late = overdue()
    assert permits.receive(late)  # type: ignore[arg-type]
    assert not permits.receive(late)  # type: ignore[arg-type]  # a duplicate delivery
    revoked = permits.get_application(application_id)
    assert revoked.status == "revoked"
    assert revoked.revocation is not None
    assert (revoked.revocation["reason"], revoked.revocation["cause_event_id"]) == ("failed_to_rectify", late.event_id)  # type: ignore[attr-defined]
    assert revoked.revocation["revoked_at"].isoformat() == "2026-12-04T23:59:59+08:00"
    assert event_names(permits).count("PermitRevoked") == 1


def test_a_unit_that_refuses_to_rectify_loses_its_permit() -> None:
    permits, application_id = verified_with_problems()
    permits.receive(ordered())  # type: ignore[arg-type]
    permits.receive(overdue(refused=True))  # type: ignore[arg-type]
    assert permits.get_application(application_id).status == "revoked"


def test_a_rectification_found_complied_with_on_re_inspection_keeps_the_permit() -> None:
    permits, application_id = verified_with_problems()
    permits.receive(ordered())  # type: ignore[arg-type]
    permits.receive(reinspected_rectified())  # type: ignore[arg-type]
    permits.receive(overdue(position=13))  # type: ignore[arg-type]  # late news of an order already complied with
    application = permits.get_application(application_id)
    assert application.status == "granted"
    assert application.rectification_orders[ORDER]["status"] == "rectified"


def test_hazards_found_beside_a_true_commitment_are_followed_to_the_permit_too() -> None:
    permits, application_id = verified_with_problems(result="true")
    permits.receive(ordered())  # type: ignore[arg-type]
    permits.receive(overdue())  # type: ignore[arg-type]
    assert permits.get_application(application_id).status == "revoked"


def test_an_order_from_an_inspection_that_verified_no_commitment_leaves_permits_unchanged() -> None:
    permits, application_id = verified_with_problems()
    before = event_names(permits)
    permits.receive(ordered(inspection_id="insp-random-7", order_id="order-random-7"))  # type: ignore[arg-type]
    permits.receive(
        supervision_envelope(
            12,
            supervision.RectificationOverdue(
                order_id="order-random-7", uscc=SPORTS_CENTRE_USCC, overdue_on="2026-12-04"
            ),
            "2026-12-04T23:59:59+08:00",
        )
    )
    assert event_names(permits) == before
    assert permits.get_application(application_id).status == "granted"


def test_a_commitment_found_seriously_false_is_revoked_at_once_and_needs_no_order() -> None:
    permits, application_id = verified_with_problems(result="seriously_false")
    assert permits.get_application(application_id).status == "revoked"
    assert "SupervisionLink.Linked" not in event_names(permits) and "Linked" not in event_names(permits)
