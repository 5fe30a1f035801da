"""Commands and events as partner agencies and upstream services send them, for the tests."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from firesafety.permits.v1 import events_pb2
from kit.envelope import Envelope
from services.permits.commands import SubmitApplication, UnitInput
from services.permits.domain import Applicant

SPORTS_CENTRE_USCC = "91110000600037341L"
NOV_2 = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)
COMMITMENT_MATERIALS = (
    "commitment_letter",
    "business_licence",
    "safety_rules_and_evacuation_plan",
    "floor_and_fire_facility_plans",
)


def sports_venue(**overrides: object) -> UnitInput:
    fields: dict[str, object] = {
        "uscc": SPORTS_CENTRE_USCC,
        "name": "上海某体育发展有限公司",
        "venue_name": "徐汇体育馆",
        "address": "漕溪北路1111号",
        "district": "徐汇区",
        "street": "徐家汇街道",
        "venue_category": "sports_venue",
        "floor_area_m2": 5200.0,
        "legal_representative": "王五",
        "legal_representative_id": "11010519491231002X",
    }
    fields.update(overrides)
    return UnitInput(**fields)  # type: ignore[arg-type]


STANDARD_MATERIALS = ("application_form", "safety_rules_and_evacuation_plan", "floor_and_fire_facility_plans")
APPLICANT = Applicant(name="张三", phone="13800000000", email="zhangsan@example.cn")


def commitment_application(
    request_id: str = "portal-0001", materials: tuple[str, ...] = COMMITMENT_MATERIALS, **unit: object
) -> SubmitApplication:
    return SubmitApplication(
        request_id=request_id,
        route="commitment",
        unit=sports_venue(**unit),
        applicant=APPLICANT,
        materials=materials,
        submitted_at=NOV_2,
    )


def standard_application(
    request_id: str = "portal-std-1",
    materials: tuple[str, ...] = STANDARD_MATERIALS,
    submitted_at: dt.datetime = NOV_2,
    **unit: object,
) -> SubmitApplication:
    fields: dict[str, object] = {"venue_category": "hotel", "venue_name": "徐汇某酒店", **unit}
    return SubmitApplication(
        request_id=request_id,
        route="standard",
        unit=sports_venue(**fields),
        applicant=APPLICANT,
        materials=materials,
        submitted_at=submitted_at,
    )


def pilot_registration(request_id: str = "portal-pilot-1", **unit: object) -> SubmitApplication:
    fields: dict[str, object] = {
        "venue_category": "shopping_mall",
        "venue_name": "某奶茶店",
        "floor_area_m2": 120.0,
        "in_commercial_complex": True,
        "complex_name": "五角场万达广场",
        **unit,
    }
    return SubmitApplication(
        request_id=request_id, route="pilot", unit=sports_venue(**fields), applicant=APPLICANT, submitted_at=NOV_2
    )


def permit_granted_envelope(position: int, uscc: str = SPORTS_CENTRE_USCC, permit_no: str = "") -> Envelope:
    application_id = uuid.uuid5(uuid.NAMESPACE_URL, f"{uscc}/{position}")
    return Envelope.wrap(
        source="permits",
        position=position,
        originator_id=application_id,
        originator_version=2,
        message=events_pb2.PermitGranted(
            application_id=str(application_id),
            permit_no=permit_no or f"XF2026-{position:06d}",
            route="commitment",
            uscc=uscc,
            unit_name="上海某体育发展有限公司",
            venue_name="徐汇体育馆",
            district="徐汇区",
            venue_category="sports_venue",
            floor_area_m2=5200,
            granted_at=NOV_2.isoformat(),
            applicant_name="张三",
        ),
        subject=uscc,
        business_time=NOV_2.isoformat(),
        correlation_id=str(application_id),
    )


def standing_changed_envelope(position: int, uscc: str, tier: str = "serious_dishonesty") -> Envelope:
    """Credit's StandingChanged, as the credit relay publishes it."""
    from firesafety.credit.v1 import events_pb2 as credit_events

    return Envelope.wrap(
        source="credit",
        position=position,
        originator_id=uuid.uuid5(uuid.NAMESPACE_URL, f"credit/{uscc}"),
        originator_version=position,
        message=credit_events.StandingChanged(uscc=uscc, tier=tier, effective_on="2026-10-30"),
        subject=uscc,
        business_time="2026-10-30T09:00:00+08:00",
        correlation_id=f"credit-{uscc}",
    )


def commitment_verified_envelope(
    position: int,
    application_id: str,
    result: str = "seriously_false",
    verified_at: str = "",
    business_time: str = "2026-11-20T15:00:00+08:00",
    inspection_id: str = "",
) -> Envelope:
    """Supervision's CommitmentVerified, as the supervision relay publishes it."""
    from firesafety.supervision.v1 import events_pb2 as supervision_events

    return Envelope.wrap(
        source="supervision",
        position=position,
        originator_id=uuid.uuid5(uuid.NAMESPACE_URL, f"verification/{application_id}"),
        originator_version=2,
        message=supervision_events.CommitmentVerified(
            application_id=application_id,
            uscc=SPORTS_CENTRE_USCC,
            result=result,
            verified_on="2026-11-20",
            verified_at=verified_at,
            inspection_id=inspection_id,
        ),
        subject=SPORTS_CENTRE_USCC,
        business_time=business_time,
        correlation_id=application_id,
    )


def supervision_envelope(position: int, message: Any, business_time: str) -> Envelope:
    """Any of supervision's integration events, as its relay publishes it."""
    return Envelope.wrap(
        source="supervision",
        position=position,
        originator_id=uuid.uuid5(uuid.NAMESPACE_URL, f"supervision/{position}"),
        originator_version=1,
        message=message,
        subject=SPORTS_CENTRE_USCC,
        business_time=business_time,
        correlation_id=str(position),
    )
