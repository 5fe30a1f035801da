"""Which permits events leave the service, and in what form (protos/firesafety/permits/v1/events.proto)."""

from __future__ import annotations

from typing import Any

from firesafety.permits.v1 import events_pb2
from kit.envelope import Envelope
from services.permits.domain import PermitApplication

SOURCE = "permits"


def translate(domain_event: Any, position: int) -> Envelope | None:
    if isinstance(domain_event, PermitApplication.PermitGranted):
        applicant = domain_event.applicant
        message = events_pb2.PermitGranted(
            application_id=str(domain_event.originator_id),
            permit_no=domain_event.permit_no,
            route=domain_event.route,
            uscc=domain_event.uscc,
            unit_name=domain_event.unit_name,
            venue_name=domain_event.venue_name,
            district=domain_event.district,
            venue_category=domain_event.venue_category,
            floor_area_m2=domain_event.floor_area_m2,
            granted_at=domain_event.granted_at.isoformat(),
            applicant_name=applicant.get("name", ""),
            applicant_phone=applicant.get("phone", ""),
            applicant_email=applicant.get("email", ""),
        )
        return _wrap(domain_event, position, message, domain_event.uscc, domain_event.granted_at)
    return None


def _wrap(domain_event: Any, position: int, message: Any, subject: str, at: Any) -> Envelope:
    return Envelope.wrap(
        source=SOURCE,
        position=position,
        originator_id=domain_event.originator_id,
        originator_version=domain_event.originator_version,
        message=message,
        subject=subject,
        business_time=at.isoformat(),
        correlation_id=str(domain_event.originator_id),
    )
