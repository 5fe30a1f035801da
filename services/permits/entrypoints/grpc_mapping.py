"""Protobuf ↔ permits domain: the one place the two meet."""

from __future__ import annotations

import datetime as dt
from typing import Any

from google.protobuf.timestamp_pb2 import Timestamp

from firesafety.permits.v1 import permits_pb2
from kit.identifiers import mask_resident_id
from services.permits.commands import SubmitApplication, UnitInput
from services.permits.domain import Applicant, PermitApplication

_ROUTE_PREFIX = "ROUTE_"
_CATEGORY_PREFIX = "VENUE_CATEGORY_"
_MATERIAL_PREFIX = "MATERIAL_"
_STATUS_PREFIX = "APPLICATION_STATUS_"


def enum_to_domain(enum_type: Any, number: int, prefix: str) -> str:
    """`VENUE_CATEGORY_SPORTS_VENUE` → `sports_venue`; UNSPECIFIED or unknown → ``""``."""
    try:
        name = enum_type.Name(number)
    except ValueError:
        return ""
    return "" if name.endswith("UNSPECIFIED") else name.removeprefix(prefix).lower()


def enum_from_domain(value: str, prefix: str) -> str:
    """`sports_venue` → `VENUE_CATEGORY_SPORTS_VENUE` (protobuf takes enum values by name)."""
    return prefix + value.upper()


def submit_command(request: permits_pb2.SubmitApplicationRequest) -> SubmitApplication:
    unit = request.unit
    return SubmitApplication(
        request_id=request.request_id,
        route=enum_to_domain(permits_pb2.Route, request.route, _ROUTE_PREFIX),
        unit=UnitInput(
            uscc=unit.uscc,
            name=unit.name,
            venue_name=unit.venue_name,
            address=unit.address,
            district=unit.district,
            street=unit.street,
            venue_category=enum_to_domain(permits_pb2.VenueCategory, unit.venue_category, _CATEGORY_PREFIX),
            floor_area_m2=unit.floor_area_m2,
            in_commercial_complex=unit.in_commercial_complex,
            legal_representative=unit.legal_representative,
            legal_representative_id=unit.legal_representative_id,
        ),
        applicant=Applicant(
            name=request.applicant.name,
            phone=request.applicant.phone,
            email=request.applicant.email,
        ),
        materials=tuple(enum_to_domain(permits_pb2.Material, m, _MATERIAL_PREFIX) for m in request.materials),
        submitted_at=request.submitted_at.ToDatetime(dt.UTC) if request.HasField("submitted_at") else None,
    )


def application_message(application: PermitApplication) -> permits_pb2.Application:
    unit = application.unit
    message = permits_pb2.Application(
        application_id=str(application.id),
        request_id=application.request_id,
        route=enum_from_domain(application.route, _ROUTE_PREFIX),
        status=enum_from_domain(application.status, _STATUS_PREFIX),
        unit=permits_pb2.Unit(
            uscc=unit["uscc"],
            name=unit["name"],
            venue_name=unit["venue_name"],
            address=unit["address"],
            district=unit["district"],
            street=unit["street"],
            venue_category=enum_from_domain(unit["venue_category"], _CATEGORY_PREFIX),
            floor_area_m2=unit["floor_area_m2"],
            in_commercial_complex=unit["in_commercial_complex"],
            legal_representative=unit["legal_representative"],
            legal_representative_id=mask_resident_id(unit["legal_representative_id"])
            if unit["legal_representative_id"]
            else "",
        ),
        applicant=permits_pb2.Applicant(**application.applicant),
        materials=[enum_from_domain(m, _MATERIAL_PREFIX) for m in application.materials],
        submitted_at=timestamp(application.submitted_at),
        permit_no=application.permit_no or "",
    )
    if application.granted_at is not None:
        message.granted_at.CopyFrom(timestamp(application.granted_at))
    return message


def timestamp(value: dt.datetime) -> Timestamp:
    stamp = Timestamp()
    stamp.FromDatetime(value)
    return stamp
