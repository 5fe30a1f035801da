"""Commands and events as partner agencies and upstream services send them, for the tests."""

from __future__ import annotations

import datetime as dt
import uuid

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


def commitment_application(request_id: str = "portal-0001", **unit: object) -> SubmitApplication:
    return SubmitApplication(
        request_id=request_id,
        route="commitment",
        unit=sports_venue(**unit),
        applicant=Applicant(name="张三", phone="13800000000", email="zhangsan@example.cn"),
        materials=COMMITMENT_MATERIALS,
        submitted_at=NOV_2,
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
